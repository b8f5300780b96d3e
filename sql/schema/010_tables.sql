-- Tables `atlas build` loads from a source snapshot; everything else is a model (sql/models).
-- No key constraints here on purpose: the checks in sql/checks report duplicate or orphan
-- rows with the offending values instead of failing on the first insert.
-- TEMP tables are build inputs that models turn into what readers use; they are not kept in
-- the database file. The registry's own input table (raw_indicators) is created from the
-- registry's field list by sql/steps/load_indicator_registry.sql, not declared here.
CREATE TABLE municipalities (
    kommune_kode INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    region_code INTEGER NOT NULL,
    region_name VARCHAR NOT NULL,
    kommunegruppe_code INTEGER NOT NULL,
    kommunegruppe_name VARCHAR NOT NULL,
    area_km2 DOUBLE,
    population DOUBLE,
    population_period VARCHAR,
    is_island BOOLEAN NOT NULL DEFAULT false,   -- reached only by ferry (or air)
    island_note_da VARCHAR,
    island_note_en VARCHAR
);
CREATE TABLE sources (
    source VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    table_name VARCHAR,
    title VARCHAR NOT NULL,
    url VARCHAR,
    licence VARCHAR NOT NULL
);
-- Snapshot observations plus the build's computed hospital distances; the `observations`
-- model adds the derived indicators.
CREATE TEMP TABLE raw_observations (
    indicator_id VARCHAR NOT NULL,
    kommune_kode INTEGER NOT NULL,
    period VARCHAR NOT NULL,
    value DOUBLE,            -- NULL = not published or suppressed; never 0
    source VARCHAR NOT NULL
);
CREATE TABLE hospitals (
    name VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    town VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    coord_confidence VARCHAR NOT NULL,
    coord_source VARCHAR,
    status_source VARCHAR
);
CREATE TABLE hospital_access (
    kommune_kode INTEGER NOT NULL,
    hospital_distance_km DOUBLE,
    hospital_over_30km_share DOUBLE,
    nearest_hospital VARCHAR,
    n_points INTEGER,
    town_population_share DOUBLE
);
CREATE TABLE municipality_shape (
    kommune_kode INTEGER NOT NULL,
    geojson VARCHAR NOT NULL
);
-- Area centroid of the unsimplified boundary in ETRS89 / UTM 32N (EPSG:25832, metres): the
-- points the k-nearest-neighbour spatial weights are built from.
CREATE TABLE municipality_centroid (
    kommune_kode INTEGER NOT NULL,
    x_25832 DOUBLE NOT NULL,
    y_25832 DOUBLE NOT NULL
);
-- Global Moran's I of every indicator and period with data (atlas/stats/spatial.py: k = 5
-- nearest centroids, row-standardised, permutation test with a fixed seed), computed once per
-- build after the models.
CREATE TABLE indicator_moran (
    indicator_id VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    moran_i DOUBLE NOT NULL,
    expected DOUBLE NOT NULL,    -- E[I] = -1/(n-1)
    z DOUBLE,                    -- permutation z
    p_value DOUBLE NOT NULL,     -- permutation pseudo p
    permutations INTEGER NOT NULL,
    n INTEGER NOT NULL,          -- municipalities with a value
    k INTEGER NOT NULL,          -- nearest neighbours
    seed BIGINT NOT NULL
);
-- The statistics of every registered need x access pair (the registry's [[pair]] entries with
-- data) in the latest period of each indicator, computed once per build after the models
-- (atlas/build/pair_statistics.py), so the inverse-care page, the presenter and `atlas
-- export-story` read them instead of computing them per process. Results as JSON of the
-- atlas.stats dataclasses (atlas/stats/stored.py): bit-identical to computing them afresh.
CREATE TABLE pair_statistics (
    need VARCHAR NOT NULL,
    need_period VARCHAR NOT NULL,
    access VARCHAR NOT NULL,
    access_period VARCHAR NOT NULL,
    n_total INTEGER NOT NULL,        -- municipalities in the spatial weights
    statistics VARCHAR NOT NULL,     -- PairStatistics of the values as published (population
                                     -- weights for the WLS line)
    correlation VARCHAR,             -- AdjustedCorrelation (oriented values; Dutilleul)
    moran VARCHAR,                   -- MoranResult: bivariate Moran's I (oriented values)
    problem VARCHAR                  -- why the last two are NULL: too_few | constant
);
-- The local bivariate Moran (LISA) of the same pairs: one row per municipality with both
-- values (oriented; 999 permutations, fixed seed, Benjamini-Hochberg q).
CREATE TABLE pair_clusters (
    need VARCHAR NOT NULL,
    need_period VARCHAR NOT NULL,
    access VARCHAR NOT NULL,
    access_period VARCHAR NOT NULL,
    kommune_kode INTEGER NOT NULL,
    quadrant VARCHAR NOT NULL,       -- high-high | low-low | high-low | low-high
    p_value DOUBLE NOT NULL,
    q_value DOUBLE NOT NULL,
    significant BOOLEAN NOT NULL,    -- q <= alpha
    local_i DOUBLE NOT NULL
);
CREATE TABLE region_shape (
    region_code INTEGER NOT NULL,
    region_name VARCHAR NOT NULL,
    geojson VARCHAR NOT NULL
);
-- The map's geometry for the browser (atlas/geo/browser.py), prepared once by the build from
-- municipality_shape and region_shape: `inset` true with Bornholm in its inset (the map without
-- a basemap), false where it lies; `geometry` the JSON of a MapGeometry (MapGeometry.to_json).
CREATE TABLE map_geometry (
    inset BOOLEAN PRIMARY KEY,
    geometry VARCHAR NOT NULL
);
CREATE TABLE build_info (
    key VARCHAR NOT NULL,
    value VARCHAR
);
