-- depends: observations, indicators
-- Ranks 1..n per indicator and period with the registry direction applied: 1 = best
-- (lowest value for higher_worse, highest for higher_better); neutral indicators rank
-- 1 = highest. Missing values get no rank; ties share the better rank.
SELECT o.indicator_id, o.kommune_kode, o.period,
       CASE WHEN o.value IS NOT NULL THEN
           rank() OVER (
               PARTITION BY o.indicator_id, o.period, o.value IS NULL
               ORDER BY CASE WHEN i.direction = 'higher_worse' THEN o.value ELSE -o.value END
           )
       END AS rank,
       count(o.value) OVER (PARTITION BY o.indicator_id, o.period) AS n_ranked
FROM observations AS o
JOIN indicators AS i USING (indicator_id)
