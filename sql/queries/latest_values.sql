-- Scenario page: every municipality's value of the listed indicators in each one's latest
-- period (NULL = not published).
SELECT v.indicator_id, p.period, v.kommune_kode, v.value
FROM indicator_periods AS p
JOIN indicator_values AS v
  ON v.indicator_id = p.indicator_id AND v.period = p.period
WHERE p.is_latest AND list_contains($indicators, p.indicator_id)
ORDER BY v.indicator_id, v.kommune_kode;
