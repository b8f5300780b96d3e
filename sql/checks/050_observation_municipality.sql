-- Every observation belongs to a known municipality.
SELECT o.indicator_id, o.kommune_kode, o.period
FROM observations AS o
ANTI JOIN municipalities AS m USING (kommune_kode);
