-- Every observation belongs to a registered indicator.
SELECT o.indicator_id, o.kommune_kode, o.period
FROM observations AS o
ANTI JOIN indicators AS i USING (indicator_id);
