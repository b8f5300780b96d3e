-- Load the registered DataFrame `incoming` into a loaded table, matching columns by name.
-- {table} is a table name fixed in atlas/build.py (checked as a plain identifier).
INSERT INTO {table} BY NAME
SELECT * FROM incoming;
