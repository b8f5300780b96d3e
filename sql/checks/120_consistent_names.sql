-- A region code or kommunegruppe code has one name only.
SELECT 'region' AS kind, region_code AS code, string_agg(DISTINCT region_name, ' | ' ORDER BY region_name) AS names
FROM municipalities GROUP BY region_code HAVING count(DISTINCT region_name) > 1
UNION ALL
SELECT 'kommunegruppe', kommunegruppe_code, string_agg(DISTINCT kommunegruppe_name, ' | ' ORDER BY kommunegruppe_name)
FROM municipalities GROUP BY kommunegruppe_code HAVING count(DISTINCT kommunegruppe_name) > 1;
