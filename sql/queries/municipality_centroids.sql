-- Municipality centroids in EPSG:25832 (metres), ordered by code: the spatial weights' points.
SELECT kommune_kode, x_25832, y_25832
FROM municipality_centroid
ORDER BY kommune_kode;
