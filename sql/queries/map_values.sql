-- Map page: one row per municipality (all 98, value NULL where not published) for one
-- indicator and period, with its rank (1 = best, direction applied) from the ranks table.
SELECT m.kommune_kode, m.name, m.region_code, m.region_name,
       m.kommunegruppe_code, m.kommunegruppe_name, m.island_note_da, m.island_note_en,
       v.value, r.rank, r.n_ranked
FROM municipalities AS m
LEFT JOIN indicator_values AS v
       ON v.kommune_kode = m.kommune_kode
      AND v.indicator_id = $indicator
      AND v.period = $period
LEFT JOIN ranks AS r
       ON r.kommune_kode = m.kommune_kode
      AND r.indicator_id = $indicator
      AND r.period = $period
ORDER BY m.kommune_kode;
