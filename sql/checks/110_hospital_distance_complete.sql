-- The computed hospital distance exists for every municipality.
SELECT m.kommune_kode, m.name
FROM municipalities AS m
WHERE NOT EXISTS (
    SELECT 1 FROM observations AS o
    WHERE o.indicator_id = 'hospital_distance_km'
      AND o.kommune_kode = m.kommune_kode
      AND o.value IS NOT NULL
);
