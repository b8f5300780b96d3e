-- Every indicator and period with observations has one national reference value, and each
-- reference row's population_share is a share (0..1).
SELECT o.indicator_id, o.period, count(r.indicator_id) AS national_rows, NULL AS population_share
FROM (SELECT DISTINCT indicator_id, period FROM observations) AS o
LEFT JOIN reference_values AS r
  ON r.indicator_id = o.indicator_id AND r.period = o.period AND r.group_type = 'national'
GROUP BY o.indicator_id, o.period
HAVING count(r.indicator_id) <> 1
UNION ALL
SELECT indicator_id, period, NULL, population_share
FROM reference_values
WHERE population_share IS NULL OR population_share < 0 OR population_share > 1 + 1e-9;
