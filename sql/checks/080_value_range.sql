-- Observed and computed values lie inside the registry's plausible range.
SELECT o.indicator_id, o.kommune_kode, o.period, o.value,
       i.plausible_min, i.plausible_max
FROM observations AS o
JOIN indicators AS i USING (indicator_id)
WHERE o.value < i.plausible_min OR o.value > i.plausible_max;
