-- The build's summary figures: indicators with any value, distinct periods, GeoJSON size.
SELECT
    (SELECT count(DISTINCT indicator_id) FROM observations WHERE value IS NOT NULL)
        AS indicators_with_data,
    (SELECT count(DISTINCT period) FROM observations) AS periods,
    (SELECT coalesce(sum(length(geojson)), 0) FROM municipality_shape) AS geojson_bytes;
