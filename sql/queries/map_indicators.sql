-- Map page: every indicator that has data, with each of its periods (oldest first) and the
-- registry metadata needed to label, format and colour it (every registry field: i.*).
SELECT i.*,
       p.period, p.end_year, p.is_latest, p.n_values
FROM indicators AS i
JOIN indicator_periods AS p USING (indicator_id)
WHERE p.n_values > 0
ORDER BY i.sort_order, i.indicator_id, p.end_year, p.period;
