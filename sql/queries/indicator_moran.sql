-- Global Moran's I of one indicator in one period (no row: not computed, e.g. too few values).
SELECT indicator_id, period, moran_i, expected, z, p_value, permutations, n, k, seed
FROM indicator_moran
WHERE indicator_id = $indicator AND period = $period;
