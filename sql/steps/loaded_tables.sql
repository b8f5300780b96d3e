-- The tables and views in the database being built (the models' inputs that are no models).
SELECT table_name AS name FROM duckdb_tables()
UNION ALL
SELECT view_name FROM duckdb_views() WHERE NOT internal;
