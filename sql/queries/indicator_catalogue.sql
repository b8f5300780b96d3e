-- Every registered indicator with its data coverage: periods, latest period, values present.
SELECT i.*,
       coalesce(p.n_periods, 0) AS n_periods,
       p.periods,
       p.latest_period,
       coalesce(p.latest_n_values, 0) AS latest_n_values,
       coalesce(p.n_periods, 0) > 0 AND coalesce(p.latest_n_values, 0) > 0 AS has_data,
       s.publisher, s.table_name, s.title AS source_title, s.url AS source_url, s.licence
FROM indicators AS i
LEFT JOIN (
    SELECT indicator_id,
           count(*) AS n_periods,
           string_agg(period, ', ' ORDER BY end_year) AS periods,
           max(CASE WHEN is_latest THEN period END) AS latest_period,
           max(CASE WHEN is_latest THEN n_values END) AS latest_n_values
    FROM indicator_periods
    GROUP BY indicator_id
) AS p USING (indicator_id)
LEFT JOIN sources AS s ON s.source = i.source
ORDER BY i.sort_order;
