-- Every observation and every indicator names a known source.
SELECT 'observation' AS kind, o.indicator_id, o.source
FROM observations AS o
ANTI JOIN sources AS s USING (source)
UNION ALL
SELECT 'indicator', i.indicator_id, i.source
FROM indicators AS i
ANTI JOIN sources AS s USING (source);
