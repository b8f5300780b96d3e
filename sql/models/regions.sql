-- depends: municipalities
-- The regions, one row each, from the municipalities that belong to them.
SELECT DISTINCT region_code, region_name
FROM municipalities
ORDER BY region_code
