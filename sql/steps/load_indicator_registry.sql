-- The indicator registry as the build's input table, one row per indicator. Its columns are
-- the registry's field list (atlas.registry.INDICATOR_COLUMNS) carried by the frame
-- `incoming`, so no column list is kept here; the `indicators` model adds user_supplied.
CREATE TEMP TABLE raw_indicators AS
SELECT * FROM incoming;
