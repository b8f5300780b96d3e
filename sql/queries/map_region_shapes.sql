-- Map page: the simplified GeoJSON geometry of every region (for the region border lines).
SELECT region_code, region_name, geojson
FROM region_shape
ORDER BY region_code;
