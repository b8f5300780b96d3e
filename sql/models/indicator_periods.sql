-- depends: observations
-- Which periods each indicator has. Periods sort by their end year ("2021-2025" -> 2025).
WITH periods AS (
    SELECT indicator_id, period,
           count(value) AS n_values,
           CAST(right(period, 4) AS INTEGER) AS end_year
    FROM observations
    GROUP BY indicator_id, period
)
SELECT indicator_id, period, n_values, end_year,
       end_year = max(end_year) OVER (PARTITION BY indicator_id) AS is_latest
FROM periods
ORDER BY indicator_id, end_year
