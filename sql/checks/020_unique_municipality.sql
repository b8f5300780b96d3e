-- One row per municipality code.
SELECT kommune_kode, count(*) AS rows
FROM municipalities
GROUP BY kommune_kode
HAVING count(*) > 1;
