-- Every observation, and every indicator that has observations, names a known source.
SELECT 'observation' AS kind, o.indicator_id, o.source
FROM observations AS o
ANTI JOIN sources AS s USING (source)
UNION ALL
SELECT 'indicator', i.indicator_id, i.source
FROM indicators AS i
WHERE i.indicator_id IN (SELECT indicator_id FROM observations)
  AND i.source NOT IN (SELECT source FROM sources);
