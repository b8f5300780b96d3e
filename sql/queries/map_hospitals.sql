-- Map page: the 24/7 acute receptions that the hospital-distance indicators measure to.
SELECT name, town, lat, lon, coord_confidence
FROM hospitals
WHERE kind = 'akutmodtagelse'
ORDER BY name;
