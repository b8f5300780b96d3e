-- Exactly one shape per municipality, and no shape without a municipality.
SELECT m.kommune_kode, count(s.kommune_kode) AS shapes
FROM municipalities AS m
LEFT JOIN municipality_shape AS s USING (kommune_kode)
GROUP BY m.kommune_kode
HAVING count(s.kommune_kode) <> 1
UNION ALL
SELECT s.kommune_kode, NULL
FROM municipality_shape AS s
ANTI JOIN municipalities AS m USING (kommune_kode);
