-- Every indicator x period with at least one value, with each municipality's value (NULL =
-- no data), for the build's global Moran's I step.
SELECT v.indicator_id, v.period, v.kommune_kode, v.value
FROM indicator_values AS v
WHERE (v.indicator_id, v.period) IN (
    SELECT indicator_id, period FROM indicator_values
    WHERE value IS NOT NULL
    GROUP BY indicator_id, period
)
ORDER BY v.indicator_id, v.period, v.kommune_kode;
