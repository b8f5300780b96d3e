-- Rows per table, for the build's summary.
SELECT 'municipalities' AS table_name, count(*) AS row_count FROM municipalities
UNION ALL SELECT 'regions', count(*) FROM regions
UNION ALL SELECT 'indicators', count(*) FROM indicators
UNION ALL SELECT 'sources', count(*) FROM sources
UNION ALL SELECT 'observations', count(*) FROM observations
UNION ALL SELECT 'hospitals', count(*) FROM hospitals
UNION ALL SELECT 'hospital_access', count(*) FROM hospital_access
UNION ALL SELECT 'population_points', count(*) FROM population_points
UNION ALL SELECT 'access_sites', count(*) FROM access_sites
UNION ALL SELECT 'municipality_shape', count(*) FROM municipality_shape
UNION ALL SELECT 'municipality_centroid', count(*) FROM municipality_centroid
UNION ALL SELECT 'region_shape', count(*) FROM region_shape
UNION ALL SELECT 'indicator_periods', count(*) FROM indicator_periods
UNION ALL SELECT 'reference_values', count(*) FROM reference_values
UNION ALL SELECT 'ranks', count(*) FROM ranks
UNION ALL SELECT 'indicator_moran', count(*) FROM indicator_moran
UNION ALL SELECT 'pair_statistics', count(*) FROM pair_statistics
UNION ALL SELECT 'pair_clusters', count(*) FROM pair_clusters
UNION ALL SELECT 'map_geometry', count(*) FROM map_geometry;
