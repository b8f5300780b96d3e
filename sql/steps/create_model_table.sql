-- Materialise a model (sql/models/{name}.sql, one SELECT) as a table of the same name.
CREATE TABLE {name} AS
{select}
