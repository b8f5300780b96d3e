-- depends: observations
-- materialized: view
-- Public contract (a view): every observed and computed indicator value, one row per
-- indicator x municipality x period. NULL value = not published / suppressed.
SELECT indicator_id, kommune_kode, period, value
FROM observations
