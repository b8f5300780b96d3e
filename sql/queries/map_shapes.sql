-- Map page: the simplified GeoJSON geometry of every municipality (public contract table).
SELECT kommune_kode, geojson
FROM municipality_shape
ORDER BY kommune_kode;
