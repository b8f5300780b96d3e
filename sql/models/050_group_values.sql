-- Region and kommunegruppe reference values, by the same method as the national value.
CREATE TABLE group_values AS
WITH grouped AS (
    SELECT o.indicator_id, o.period, i.national, o.value, m.population,
           'region' AS group_type, m.region_code AS group_code, m.region_name AS group_name
    FROM observations AS o
    JOIN indicators AS i USING (indicator_id)
    JOIN municipalities AS m USING (kommune_kode)
    UNION ALL
    SELECT o.indicator_id, o.period, i.national, o.value, m.population,
           'kommunegruppe', m.kommunegruppe_code, m.kommunegruppe_name
    FROM observations AS o
    JOIN indicators AS i USING (indicator_id)
    JOIN municipalities AS m USING (kommune_kode)
)
SELECT indicator_id, period, group_type, group_code, group_name,
       CASE national
           WHEN 'population_weighted_mean'
               THEN sum(value * population) / sum(CASE WHEN value IS NOT NULL THEN population END)
           WHEN 'sum' THEN CASE WHEN count(value) = count(*) THEN sum(value) END
           WHEN 'median' THEN median(value)
       END AS value,
       national AS method,
       count(value) AS n_municipalities
FROM grouped
GROUP BY indicator_id, period, group_type, group_code, group_name, national;
