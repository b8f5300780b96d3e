-- The inputs of the hospital-distance computation, kept so the scenario page can recompute
-- access (atlas.hospital_distance.access) with no geometry work: the weighted points where
-- each municipality's residents are placed, and the candidate acute sites.
CREATE TABLE population_points (
    point_id BIGINT NOT NULL,          -- the order the per-municipality sums run in
    kommune_kode INTEGER NOT NULL,
    kind VARCHAR NOT NULL,             -- 'town' (GeoNames place) or 'grid' (2 km cell)
    name VARCHAR,                      -- the town's name; NULL for grid cells
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    weight DOUBLE NOT NULL             -- residents the point stands for
);
CREATE TABLE access_sites (
    site_id VARCHAR NOT NULL,          -- short URL id (?off=…&on=…)
    site_order INTEGER NOT NULL,       -- hospitals.csv order: the distance matrix's columns
    name VARCHAR NOT NULL,
    town VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,             -- 'akutmodtagelse' (24/7) or 'akutklinik'
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    coord_confidence VARCHAR NOT NULL,
    baseline BOOLEAN NOT NULL          -- counted in today's hospital distance
);
