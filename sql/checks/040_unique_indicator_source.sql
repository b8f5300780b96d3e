-- Indicator ids and source keys are unique.
SELECT 'indicator' AS kind, indicator_id AS key, count(*) AS rows
FROM indicators GROUP BY indicator_id HAVING count(*) > 1
UNION ALL
SELECT 'source', source, count(*)
FROM sources GROUP BY source HAVING count(*) > 1;
