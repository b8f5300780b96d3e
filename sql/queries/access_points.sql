-- Scenario page: the weighted population points, in the order the build summed them.
SELECT kommune_kode, kind, name, lat, lon, weight
FROM population_points
ORDER BY point_id;
