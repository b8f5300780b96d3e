-- Map page: every indicator that has data, with each of its periods (oldest first) and the
-- registry metadata needed to label, format and colour it.
SELECT i.indicator_id, i.role, i.direction, i.core, i.origin, i.source, i.unit_da, i.unit_en,
       i.decimals, i.plausible_min, i.plausible_max, i.national, i.label_da, i.label_en,
       i.description_da, i.description_en, i.caveats_da, i.caveats_en, i.sort_order,
       i.user_supplied,
       p.period, p.end_year, p.is_latest, p.n_values
FROM indicators AS i
JOIN indicator_periods AS p USING (indicator_id)
WHERE p.n_values > 0
ORDER BY i.sort_order, i.indicator_id, p.end_year, p.period;
