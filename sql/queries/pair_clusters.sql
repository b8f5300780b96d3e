-- The build's local bivariate Moran clusters of the registered pairs, by municipality code.
SELECT need, need_period, access, access_period, kommune_kode, quadrant, p_value, q_value,
       significant, local_i
FROM pair_clusters
ORDER BY need, need_period, access, access_period, kommune_kode;
