-- Map page: the national value and the region / kommunegruppe averages for one indicator and
-- period, as computed in the build (national_values, group_values).
SELECT 'national' AS group_type, NULL::INTEGER AS group_code, NULL::VARCHAR AS group_name,
       value, method, n_municipalities
FROM national_values
WHERE indicator_id = $indicator AND period = $period
UNION ALL
SELECT group_type, group_code, group_name, value, method, n_municipalities
FROM group_values
WHERE indicator_id = $indicator AND period = $period
ORDER BY group_type, group_code;
