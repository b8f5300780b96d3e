-- The fingerprint of the SQL and registry the database was built with (atlas.sqlfiles).
SELECT value FROM build_info WHERE key = 'schema_fingerprint';
