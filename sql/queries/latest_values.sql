-- Profile, comparison and table: every municipality x each chosen indicator at that
-- indicator's latest period (value NULL where not published), with its rank (1 = best,
-- direction applied) and how many municipalities are ranked.
SELECT p.indicator_id, p.period, m.kommune_kode, v.value, r.rank, r.n_ranked
FROM indicator_periods AS p
CROSS JOIN municipalities AS m
LEFT JOIN indicator_values AS v
       ON v.indicator_id = p.indicator_id
      AND v.period = p.period
      AND v.kommune_kode = m.kommune_kode
LEFT JOIN ranks AS r
       ON r.indicator_id = p.indicator_id
      AND r.period = p.period
      AND r.kommune_kode = m.kommune_kode
WHERE p.is_latest AND p.n_values > 0 AND list_contains($indicators, p.indicator_id)
ORDER BY p.indicator_id, m.kommune_kode;
