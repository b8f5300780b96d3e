-- Map page: the browser geometry the build prepared (with Bornholm in its inset, or not).
SELECT geometry
FROM map_geometry
WHERE inset = $inset;
