-- depends: raw_observations, raw_indicators
-- Every observed, computed and derived value, one row per indicator x municipality x period.
-- NULL value = not published / suppressed.
-- Derived here: chronic disease cases per GP capacity, where RUKS prevalence (per 100,000)
-- and LABY27 (citizens per GP capacity) share municipality and year.
WITH chronic_per_gp_capacity AS (
    SELECT 'chronic_per_gp_capacity' AS indicator_id, chronic.kommune_kode, chronic.period,
           chronic.value / 100000.0 * gp.value AS value, 'atlas_derived' AS source
    FROM raw_observations AS chronic
    JOIN raw_observations AS gp
      ON gp.kommune_kode = chronic.kommune_kode AND gp.period = chronic.period
    WHERE chronic.indicator_id = 'chronic_prevalence_per_100k'
      AND gp.indicator_id = 'citizens_per_gp'
      AND EXISTS (SELECT 1 FROM raw_indicators WHERE indicator_id = 'chronic_per_gp_capacity')
)
SELECT indicator_id, kommune_kode, period, value, source FROM raw_observations
UNION ALL
SELECT indicator_id, kommune_kode, period, value, source FROM chronic_per_gp_capacity
