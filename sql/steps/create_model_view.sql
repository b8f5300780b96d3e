-- Materialise a model (sql/models/{name}.sql, one SELECT) as a view of the same name.
CREATE VIEW {name} AS
{select}
