-- Derived indicator: chronic disease cases per GP capacity, where RUKS prevalence
-- (per 100,000) and LABY27 (citizens per GP capacity) share municipality and year.
INSERT INTO observations (indicator_id, kommune_kode, period, value, source)
SELECT 'chronic_per_gp_capacity', chronic.kommune_kode, chronic.period,
       chronic.value / 100000.0 * gp.value, 'atlas_derived'
FROM observations AS chronic
JOIN observations AS gp
  ON gp.kommune_kode = chronic.kommune_kode AND gp.period = chronic.period
WHERE chronic.indicator_id = 'chronic_prevalence_per_100k'
  AND gp.indicator_id = 'citizens_per_gp'
  AND EXISTS (SELECT 1 FROM indicators WHERE indicator_id = 'chronic_per_gp_capacity');
