-- Exactly one centroid per municipality (the spatial weights need all of them), inside
-- Denmark's extent in EPSG:25832, and no centroid without a municipality.
SELECT m.kommune_kode, count(c.kommune_kode) AS centroids
FROM municipalities AS m
LEFT JOIN municipality_centroid AS c USING (kommune_kode)
GROUP BY m.kommune_kode
HAVING count(c.kommune_kode) <> 1
    OR bool_or(c.x_25832 NOT BETWEEN 400000 AND 900000)
    OR bool_or(c.y_25832 NOT BETWEEN 6000000 AND 6450000)
UNION ALL
SELECT c.kommune_kode, NULL
FROM municipality_centroid AS c
ANTI JOIN municipalities AS m USING (kommune_kode);
