-- Scenario page: the 98 municipalities with population, ferry-island flag and notes, and
-- today's hospital-distance values as the build stored them.
SELECT m.kommune_kode, m.name, m.region_name, m.population, m.is_island,
       m.island_note_da, m.island_note_en,
       a.hospital_distance_km, a.hospital_over_30km_share, a.nearest_hospital
FROM municipalities AS m
LEFT JOIN hospital_access AS a ON a.kommune_kode = m.kommune_kode
ORDER BY m.kommune_kode;
