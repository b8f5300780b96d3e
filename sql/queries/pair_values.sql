-- Inverse-care page: the 98 municipalities (all of them, values NULL where not published) with
-- two indicators side by side, each in its own period, plus what the scatter colours and sizes
-- by (region, kommunegruppe, population).
SELECT m.kommune_kode, m.name, m.region_code, m.region_name,
       m.kommunegruppe_code, m.kommunegruppe_name, m.population, m.population_period,
       first.value AS first_value, second.value AS second_value
FROM municipalities AS m
LEFT JOIN indicator_values AS first
       ON first.kommune_kode = m.kommune_kode
      AND first.indicator_id = $first
      AND first.period = $first_period
LEFT JOIN indicator_values AS second
       ON second.kommune_kode = m.kommune_kode
      AND second.indicator_id = $second
      AND second.period = $second_period
ORDER BY m.kommune_kode;
