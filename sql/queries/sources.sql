-- Provenance of every source, with how many indicators and observations use it.
SELECT s.source, s.publisher, s.table_name, s.title, s.url, s.licence,
       (SELECT count(*) FROM observations AS o WHERE o.source = s.source) AS n_observations,
       (SELECT count(*) FROM indicators AS i WHERE i.source = s.source) AS n_indicators
FROM sources AS s
ORDER BY s.publisher, s.source;
