-- depends: observations, indicators, municipalities
-- Reference values derived from the municipalities, for the whole country (group_type
-- 'national', group_code NULL), each region and each kommunegruppe, by the registry's
-- `national` method, written once for all three:
--   population_weighted_mean  weights = latest population (survey shares are weighted by
--                             total population, not by respondents); a missing value leaves
--                             its municipality's weight out
--   sum                       only when every municipality of the group has a value
--   median                    of the municipalities with a value
-- population_share: share of the group's population living in municipalities with a value.
-- These are the atlas's own figures, not official statistics.
WITH membership AS (
    SELECT kommune_kode, population,
           'national' AS group_type, NULL::INTEGER AS group_code, NULL::VARCHAR AS group_name
    FROM municipalities
    UNION ALL
    SELECT kommune_kode, population, 'region', region_code, region_name
    FROM municipalities
    UNION ALL
    SELECT kommune_kode, population, 'kommunegruppe', kommunegruppe_code, kommunegruppe_name
    FROM municipalities
),
groups AS (
    SELECT *,
           sum(population) OVER (PARTITION BY group_type, group_code) AS group_population,
           count(*) OVER (PARTITION BY group_type, group_code) AS group_size
    FROM membership
)
SELECT o.indicator_id, o.period, g.group_type, g.group_code, g.group_name,
       CASE i.national
           WHEN 'population_weighted_mean'
               THEN sum(o.value * g.population)
                    / sum(g.population) FILTER (WHERE o.value IS NOT NULL)
           WHEN 'sum'
               THEN CASE WHEN count(o.value) = any_value(g.group_size) THEN sum(o.value) END
           WHEN 'median' THEN median(o.value)
       END AS value,
       i.national AS method,
       count(o.value) AS n_municipalities,
       coalesce(sum(g.population) FILTER (WHERE o.value IS NOT NULL), 0)
           / any_value(g.group_population) AS population_share
FROM observations AS o
JOIN indicators AS i USING (indicator_id)
JOIN groups AS g USING (kommune_kode)
GROUP BY o.indicator_id, o.period, g.group_type, g.group_code, g.group_name, i.national
ORDER BY o.indicator_id, o.period, g.group_type, g.group_code
