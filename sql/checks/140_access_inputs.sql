-- Every municipality has population points with positive total weight, and site ids are
-- unique (the scenario page's URLs name sites by id).
SELECT 'municipality without population points' AS problem, CAST(m.kommune_kode AS VARCHAR) AS what
FROM municipalities AS m
LEFT JOIN (SELECT kommune_kode, sum(weight) AS weight FROM population_points GROUP BY 1) AS p
       ON p.kommune_kode = m.kommune_kode
WHERE p.weight IS NULL OR p.weight <= 0
UNION ALL
SELECT 'duplicate site id', site_id
FROM access_sites
GROUP BY site_id
HAVING count(*) > 1;
