-- Map page: the national value and the region / kommunegruppe values for one indicator and
-- period, as computed in the build (reference_values).
SELECT group_type, group_code, group_name, value, method, n_municipalities, population_share
FROM reference_values
WHERE indicator_id = $indicator AND period = $period
ORDER BY group_type, group_code;
