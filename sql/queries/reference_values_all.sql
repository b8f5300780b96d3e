-- Profile and comparison: the build's national, region and kommunegruppe values for every
-- indicator and period, with how many municipalities (and what share of the group's
-- residents) each rests on.
SELECT r.indicator_id, r.period, p.end_year, p.is_latest, r.group_type, r.group_code,
       r.group_name, r.value, r.method, r.n_municipalities, r.population_share
FROM reference_values AS r
JOIN indicator_periods AS p USING (indicator_id, period)
ORDER BY r.indicator_id, p.end_year, r.group_type, r.group_code;
