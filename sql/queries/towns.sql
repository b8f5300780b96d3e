-- The towns the build placed residents in (GeoNames places in population_points), each with
-- the municipality it lies in; a name in several municipalities has a row for each, the most
-- populous first. For "Nakskov ligger i Lolland Kommune" when a town is typed for a municipality.
SELECT name, kommune_kode, max(weight) AS weight
FROM population_points
WHERE kind = 'town' AND name <> ''
GROUP BY name, kommune_kode
ORDER BY name, weight DESC, kommune_kode;
