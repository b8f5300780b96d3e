-- depends: raw_indicators, raw_observations
-- The indicator registry (every field of atlas/indicators.toml, plus user-supplied indicators,
-- in registry order) with `user_supplied`: the indicator holds values from a user's own file
-- (`atlas import` or the upload page write sources named user_*), so every reader labels it.
SELECT r.*,
       r.origin = 'user' OR r.indicator_id IN (
           SELECT indicator_id FROM raw_observations WHERE starts_with(source, 'user_')
       ) AS user_supplied
FROM raw_indicators AS r
ORDER BY r.sort_order
