-- Profile: one municipality's value in every period of every indicator that has data (value
-- NULL where not published), with rank and n_ranked, oldest period first.
SELECT p.indicator_id, p.period, p.end_year, p.is_latest, v.value, r.rank, r.n_ranked
FROM indicator_periods AS p
LEFT JOIN indicator_values AS v
       ON v.indicator_id = p.indicator_id
      AND v.period = p.period
      AND v.kommune_kode = $kommune
LEFT JOIN ranks AS r
       ON r.indicator_id = p.indicator_id
      AND r.period = p.period
      AND r.kommune_kode = $kommune
WHERE p.n_values > 0
ORDER BY p.indicator_id, p.end_year, p.period;
