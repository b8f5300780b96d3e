-- The sources that actually supplied an indicator's values in one period (a registered
-- indicator may be filled from the user's own file rather than its registry source).
SELECT DISTINCT o.source
FROM observations AS o
WHERE o.indicator_id = $indicator AND o.period = $period
ORDER BY o.source;
