-- The build's statistics of the registered need x access pairs in their latest periods (JSON
-- of the atlas.stats results; read by atlas/query/pairs.py).
SELECT need, need_period, access, access_period, n_total, statistics, correlation, moran,
       problem
FROM pair_statistics
ORDER BY need, need_period, access, access_period;
