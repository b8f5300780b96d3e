-- The 98 municipalities with region, kommunegruppe, area, population and island flag.
SELECT kommune_kode, name, region_code, region_name, kommunegruppe_code, kommunegruppe_name,
       area_km2, population, population_period, is_island
FROM municipalities
ORDER BY name;
