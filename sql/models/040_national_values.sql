-- National reference values derived from the municipalities, by the registry's `national`
-- method: population-weighted mean (weights = latest population; survey shares are weighted
-- by total population, not by respondents), sum (only when no municipality is missing), or
-- median. These are the atlas's own figures, not official national statistics.
CREATE TABLE national_values AS
SELECT o.indicator_id, o.period,
       CASE i.national
           WHEN 'population_weighted_mean'
               THEN sum(o.value * m.population) / sum(CASE WHEN o.value IS NOT NULL THEN m.population END)
           WHEN 'sum'
               THEN CASE WHEN count(o.value) = count(*) THEN sum(o.value) END
           WHEN 'median' THEN median(o.value)
       END AS value,
       i.national AS method,
       count(o.value) AS n_municipalities
FROM observations AS o
JOIN indicators AS i USING (indicator_id)
JOIN municipalities AS m USING (kommune_kode)
GROUP BY o.indicator_id, o.period, i.national;
