-- Scenario page: the candidate sites (today's 24/7 acute receptions and the emergency
-- clinics a scenario may upgrade), in the build's column order.
SELECT site_id, name, town, region, kind, lat, lon, coord_confidence, baseline
FROM access_sites
ORDER BY site_order;
