-- One value per indicator, municipality and period.
SELECT indicator_id, kommune_kode, period, count(*) AS rows
FROM observations
GROUP BY indicator_id, kommune_kode, period
HAVING count(*) > 1;
