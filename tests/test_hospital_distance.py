"""Distance to the nearest acute hospital: synthetic geometry, then the real snapshot."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from atlas.build.snapshot import read_snapshot
from atlas.geo import hospital_distance as hd
from atlas.geo.hospital_distance import Hospital, compute_hospital_access, haversine_km
from atlas.paths import default_sources_dir

NO_TOWNS = pd.DataFrame({"name": [], "lat": [], "lon": [], "population": []})

# Two ~11 km squares in the North Sea near 56° N, ~62 km apart (centre to centre).
LAT0, LAT1 = 56.0, 56.1
SQ_A = box(4.00, LAT0, 4.18, LAT1)
SQ_B = box(5.00, LAT0, 5.18, LAT1)
CENTRE_A = (56.05, 4.09)
CENTRE_B = (56.05, 5.09)
HOSP_A = Hospital("Hospital A", *CENTRE_A)


def _run(hospitals=(HOSP_A,), populations=None, towns=NO_TOWNS, shapes=None, **kw):
    shapes = shapes if shapes is not None else {1: SQ_A, 2: SQ_B}
    populations = populations if populations is not None else {1: 10_000.0, 2: 10_000.0}
    out = compute_hospital_access(shapes, populations, list(hospitals), towns=towns, **kw)
    return out.set_index("kommune_kode")


def _square_side_km() -> float:
    height = haversine_km(LAT0, 4.09, LAT1, 4.09)
    width = haversine_km(56.05, 4.00, 56.05, 4.18)
    return float((height + width) / 2)


# ---------------------------------------------------------------------------------------------
# haversine


def test_haversine_one_degree_of_latitude():
    assert haversine_km(55.0, 10.0, 56.0, 10.0) == pytest.approx(
        math.pi * hd.EARTH_RADIUS_KM / 180, rel=1e-9)


def test_haversine_copenhagen_aarhus():
    # Copenhagen City Hall Square to Aarhus City Hall.
    d = haversine_km(55.6761, 12.5683, 56.1529, 10.2039)
    assert 154 < d < 160
    assert haversine_km(56.1529, 10.2039, 55.6761, 12.5683) == pytest.approx(d)
    assert haversine_km(55.6761, 12.5683, 55.6761, 12.5683) == 0.0


def test_haversine_broadcasts():
    d = haversine_km(np.array([[55.0], [56.0]]), np.array([[10.0], [10.0]]),
                     np.array([[55.0, 57.0]]), np.array([[10.0, 10.0]]))
    assert d.shape == (2, 2)
    assert d[0, 0] == 0.0 and d[1, 1] == pytest.approx(d[1, 0])


# ---------------------------------------------------------------------------------------------
# synthetic municipalities


def test_output_shape_and_types():
    out = compute_hospital_access({2: SQ_B, 1: SQ_A}, {1: 5.0, 2: 5.0}, [HOSP_A], towns=NO_TOWNS)
    assert list(out.columns) == hd.OUTPUT_COLUMNS
    assert out["kommune_kode"].tolist() == [1, 2]
    assert out["kommune_kode"].dtype.kind == "i"
    assert out["n_points"].dtype.kind == "i"
    assert out["hospital_distance_km"].dtype.kind == "f"
    assert out["nearest_hospital"].tolist() == ["Hospital A", "Hospital A"]


def test_hospital_inside_one_square_far_from_the_other():
    out = _run(grid_km=0.5)
    # Mean distance from the centre of a square of side a to a uniform point: a·0.3826.
    expected_a = 0.3826 * _square_side_km()
    assert out.loc[1, "hospital_distance_km"] == pytest.approx(expected_a, abs=0.3)
    # Far square: about the centre-to-centre distance (spread adds only ~0.1 %).
    centre_to_centre = float(haversine_km(*CENTRE_A, *CENTRE_B))
    assert 60 < centre_to_centre < 65
    assert out.loc[2, "hospital_distance_km"] == pytest.approx(centre_to_centre, rel=0.01)
    assert out.loc[1, "hospital_over_30km_share"] == 0.0
    assert out.loc[2, "hospital_over_30km_share"] == 100.0
    assert (out["town_population_share"] == 0.0).all()


def test_default_grid_is_close_to_fine_grid():
    coarse, fine = _run(), _run(grid_km=0.5)
    assert coarse.loc[1, "hospital_distance_km"] == pytest.approx(
        fine.loc[1, "hospital_distance_km"], abs=1.0)
    assert coarse.loc[2, "hospital_distance_km"] == pytest.approx(
        fine.loc[2, "hospital_distance_km"], rel=0.01)
    assert coarse.loc[2, "n_points"] >= 20


def test_threshold_share_moves_with_threshold_and_hospital():
    assert _run(threshold_km=100.0).loc[2, "hospital_over_30km_share"] == 0.0
    far = Hospital("Far away", 58.0, 4.5)
    out = _run(hospitals=[far])
    assert (out["hospital_over_30km_share"] == 100.0).all()
    assert (out["hospital_distance_km"] > 200).all()
    # A threshold that cuts through square A gives a share strictly between 0 and 100.
    mid = _run(threshold_km=4.0, grid_km=0.5).loc[1, "hospital_over_30km_share"]
    assert 20 < mid < 80


def test_nearest_hospital_is_the_one_serving_most_weight():
    hosp_b = Hospital("Hospital B", *CENTRE_B)
    out = _run(hospitals=[HOSP_A, hosp_b])
    assert out.loc[1, "nearest_hospital"] == "Hospital A"
    assert out.loc[2, "nearest_hospital"] == "Hospital B"
    assert out.loc[2, "hospital_distance_km"] < 6


def test_tiny_municipality_gets_at_least_ten_points():
    tiny = box(5.0, 56.0, 5.005, 56.003)  # ~0.3 km x 0.3 km
    out = _run(shapes={1: SQ_A, 3: tiny}, populations={1: 1.0, 3: 100.0})
    assert out.loc[3, "n_points"] >= hd.MIN_POINTS
    assert math.isfinite(out.loc[3, "hospital_distance_km"])


def test_town_weight_is_capped_at_90_percent_of_population():
    grid_only = _run().loc[2, "hospital_distance_km"]
    town = pd.DataFrame({"name": ["Westtown"], "lat": [56.05], "lon": [5.01],
                         "population": [50_000.0]})  # more than the municipality's 10,000
    out = _run(towns=town)
    d_town = float(haversine_km(*CENTRE_A, 56.05, 5.01))
    assert out.loc[2, "town_population_share"] == pytest.approx(hd.TOWN_SHARE_CAP)
    assert out.loc[2, "hospital_distance_km"] == pytest.approx(
        0.9 * d_town + 0.1 * grid_only, rel=1e-9)
    assert out.loc[2, "n_points"] == _run().loc[2, "n_points"] + 1
    assert out.loc[1, "town_population_share"] == 0.0


def test_small_town_keeps_its_population():
    town = pd.DataFrame({"name": ["Village"], "lat": [56.05], "lon": [5.17],
                         "population": [2_500.0]})
    out = _run(towns=town)
    assert out.loc[2, "town_population_share"] == pytest.approx(0.25)


def test_town_outside_polygons_snaps_within_two_km_else_is_dropped():
    towns = pd.DataFrame({
        "name": ["Coastal", "Offshore"],
        "lat": [56.05, 56.05],
        "lon": [5.19, 5.40],  # ~0.6 km and ~14 km east of square B
        "population": [1_000.0, 1_000.0],
    })
    out = compute_hospital_access({1: SQ_A, 2: SQ_B}, {1: 10_000.0, 2: 10_000.0}, [HOSP_A],
                                  towns=towns)
    assert out.attrs["towns_assigned"] == 1
    assert out.attrs["towns_snapped"] == 1
    assert out.attrs["towns_unassigned"] == ["Offshore"]
    assert out.set_index("kommune_kode").loc[2, "town_population_share"] == pytest.approx(0.1)


def test_missing_population_uses_towns_only_or_equal_weights():
    town = pd.DataFrame({"name": ["Westtown"], "lat": [56.05], "lon": [5.01],
                         "population": [3_000.0]})
    out = _run(towns=town, populations={1: math.nan})  # 2 missing entirely, 1 NaN
    d_town = float(haversine_km(*CENTRE_A, 56.05, 5.01))
    assert out.loc[2, "town_population_share"] == 1.0
    assert out.loc[2, "hospital_distance_km"] == pytest.approx(d_town)
    # No population and no town: equal weights, i.e. the same as a grid-only run.
    assert out.loc[1, "town_population_share"] == 0.0
    assert out.loc[1, "hospital_distance_km"] == pytest.approx(_run().loc[1, "hospital_distance_km"])


def test_deterministic():
    a, b = _run(), _run()
    pd.testing.assert_frame_equal(a, b)


def test_rejects_empty_inputs():
    with pytest.raises(ValueError):
        compute_hospital_access({1: SQ_A}, {1: 1.0}, [], towns=NO_TOWNS)
    with pytest.raises(ValueError):
        compute_hospital_access({1: SQ_A}, {1: 1.0}, [HOSP_A], grid_km=0, towns=NO_TOWNS)


# ---------------------------------------------------------------------------------------------
# packaged data


def test_island_municipalities_table():
    islands = hd.load_island_municipalities()
    assert list(islands.columns) == ["kommune_kode", "name", "note_da", "note_en"]
    assert set(islands["kommune_kode"]) == {400, 825, 741, 563, 492}
    assert islands["kommune_kode"].is_unique
    assert islands[["name", "note_da", "note_en"]].notna().all().all()
    assert islands["note_en"].str.contains("ferry").all()


def test_geonames_towns_in_denmark():
    towns = hd.load_dk_towns()
    assert 400 < len(towns) < 600
    assert towns["lat"].between(54.5, 57.8).all() and towns["lon"].between(8.0, 15.3).all()
    assert (towns["population"] > 0).all()
    assert not towns["geonameid"].isin(list(hd._BAD_GEONAMES)).any()
    assert not towns.duplicated(["name", "population"]).any()
    assert {"Odense", "Aalborg", "Rønne"} <= set(towns["name"])


# ---------------------------------------------------------------------------------------------
# the real snapshot

SOURCES = default_sources_dir()
needs_snapshot = pytest.mark.skipif(
    not (SOURCES / "boundaries" / "kommuner.geojson").is_file()
    or not (SOURCES / "hospitals.csv").is_file(),
    reason=f"source snapshot not found at {SOURCES} (set ATLAS_SOURCES)",
)


@pytest.fixture(scope="module")
def real():
    snapshot = read_snapshot(SOURCES)
    shapes = {code: geometry for code, (_, geometry) in snapshot.boundaries.items()}
    population = snapshot.observations[(snapshot.observations["indicator"] == "population")
                                       & (snapshot.observations["period"] == "2026")]
    populations = dict(zip(population["kommune_kode"], population["value"]))
    acute = snapshot.hospitals[snapshot.hospitals["kind"] == "akutmodtagelse"]
    hospitals = [Hospital(row.name, row.lat, row.lon) for row in acute.itertuples()]
    started = time.perf_counter()
    out = compute_hospital_access(shapes, populations, hospitals)
    elapsed = time.perf_counter() - started
    return out, populations, hospitals, elapsed


@needs_snapshot
def test_real_inputs(real):
    _, populations, hospitals, _ = real
    assert len(hospitals) == 23
    names = {h.name for h in hospitals}
    assert any(n.startswith("Rigshospitalet") for n in names)
    assert "OUH Svendborg Sygehus" in names
    assert len(populations) == 98


@needs_snapshot
def test_real_all_municipalities_finite_and_bounded(real):
    out, _, _, elapsed = real
    municipalities = pd.read_csv(SOURCES / "municipalities.csv")
    assert sorted(out["kommune_kode"]) == sorted(municipalities["kommune_kode"])
    assert 411 not in set(out["kommune_kode"])
    assert np.isfinite(out["hospital_distance_km"]).all()
    assert out["hospital_distance_km"].between(0, 150).all()
    assert out["hospital_over_30km_share"].between(0, 100).all()
    assert out["town_population_share"].between(0, hd.TOWN_SHARE_CAP + 1e-9).all()
    assert (out["n_points"] >= hd.MIN_POINTS).all()
    assert out.attrs["towns_assigned"] > 450
    assert elapsed < 10.0


@needs_snapshot
def test_real_national_mean(real):
    out, populations, _, _ = real
    w = out["kommune_kode"].map(populations)
    national = float((out["hospital_distance_km"] * w).sum() / w.sum())
    assert 8 < national < 25  # 13.2 km with the 2026 snapshot


@needs_snapshot
def test_real_known_municipalities(real):
    out = real[0].set_index("kommune_kode")
    assert out.loc[101, "hospital_distance_km"] < 8
    assert out.loc[400, "nearest_hospital"] == "Bornholms Hospital"
    assert out.loc[400, "hospital_distance_km"] < 25
    assert out.loc[787, "nearest_hospital"].endswith("Thisted")
    assert out.loc[860, "nearest_hospital"].startswith("Regionshospital Nordjylland Hjørring")
    for code in (400, 825, 741, 563, 492):
        assert 2 < out.loc[code, "hospital_distance_km"] < 100, code
    # Læsø: across the Kattegat to Hjørring, ~65 km.
    assert 50 < out.loc[825, "hospital_distance_km"] < 80
    assert out.loc[825, "nearest_hospital"].startswith("Regionshospital Nordjylland Hjørring")
    assert out.loc[825, "hospital_over_30km_share"] == 100.0
    # Samsø: to Horsens, ~45 km.
    assert 30 < out.loc[741, "hospital_distance_km"] < 60
    assert out.loc[741, "hospital_over_30km_share"] == 100.0
    # Fanø: a short crossing to Esbjerg, ~5 km.
    assert out.loc[563, "hospital_distance_km"] < 15
    assert out.loc[563, "nearest_hospital"].startswith("Esbjerg")
    # Ærø: to Svendborg, ~25 km.
    assert 15 < out.loc[492, "hospital_distance_km"] < 35
    assert out.loc[492, "nearest_hospital"] == "OUH Svendborg Sygehus"


# ---------------------------------------------------------------------------------------------
# the pure access computation (what a scenario recomputes)


def _points(lat, lon, weight, municipality, codes=(1, 2), kind=None):
    n = len(lat)
    return hd.PopulationPoints(
        codes=np.array(codes, dtype=np.int64),
        municipality=np.array(municipality, dtype=np.int64),
        lat=np.array(lat, float), lon=np.array(lon, float), weight=np.array(weight, float),
        kind=np.array(kind or ["grid"] * n), name=np.array([""] * n))


def test_access_is_a_masked_minimum_with_weighted_sums():
    # municipality 1: two points at the two sites; municipality 2: one point 1 degree north
    points = _points([56.0, 56.0, 57.0], [10.0, 11.0, 10.0], [1.0, 3.0, 2.0], [0, 0, 1])
    sites = hd.Sites(("West", "East"), np.array([56.0, 56.0]), np.array([10.0, 11.0]))
    both = hd.access(points, sites)
    assert both.point_km[:2].tolist() == [0.0, 0.0]
    assert both.distance_km[0] == 0.0
    assert both.main_site.tolist() == [1, 0]           # East serves 3 of 4 residents in 1
    east_closed = hd.access(points, sites, np.array([True, False]))
    d_east_west = float(haversine_km(56.0, 10.0, 56.0, 11.0))
    assert east_closed.distance_km[0] == pytest.approx(3 * d_east_west / 4)
    assert east_closed.main_site.tolist() == [0, 0]
    assert east_closed.over_share.tolist() == [75.0, 100.0]   # 62 km and 111 km > 30 km
    assert east_closed.weight.tolist() == [4.0, 2.0]
    # a precomputed matrix gives the identical result
    again = hd.access(points, sites, np.array([True, False]),
                      distances=hd.distance_matrix(points, sites))
    assert again.distance_km.tolist() == east_closed.distance_km.tolist()


def test_access_with_every_site_off_raises_a_clear_error():
    points = _points([56.0], [10.0], [1.0], [0], codes=(1,))
    sites = hd.Sites(("Only",), np.array([56.0]), np.array([10.0]))
    with pytest.raises(hd.NoActiveSite):
        hd.access(points, sites, np.array([False]))
    with pytest.raises(ValueError):
        hd.access(points, sites, np.array([True, False]))   # mask of the wrong length


def test_points_round_trip_through_the_stored_table():
    points, _ = hd.population_points({1: SQ_A, 2: SQ_B}, {1: 10_000.0, 2: 5_000.0},
                                     towns=pd.DataFrame({"name": ["Westtown"], "lat": [56.05],
                                                         "lon": [5.01],
                                                         "population": [1_000.0]}))
    table = points.frame()
    assert table["point_id"].tolist() == list(range(len(points)))
    assert table.loc[table["kind"] == "town", "name"].tolist() == ["Westtown"]
    assert table.loc[table["kind"] == "grid", "name"].isna().all()
    back = hd.PopulationPoints.from_frame(table)
    for field in ("codes", "municipality", "lat", "lon", "weight", "kind"):
        assert np.array_equal(getattr(back, field), getattr(points, field)), field
    assert table.groupby("kommune_kode")["weight"].sum().tolist() == pytest.approx(
        [10_000.0, 5_000.0])


def test_site_ids_are_short_unique_and_url_safe():
    assert hd.site_slug("Nordsjællands Hospital Hillerød (current site)") == \
        "nordsjaellands-hospital-hilleroed"
    assert hd.site_slug("Aalborg Universitetshospital - Akuthuset (Hospitalsbyen)") == \
        "aalborg-universitetshospital"
    assert hd.site_slug("Skadestue/akutklinik Vejle Sygehus") == \
        "skadestue-akutklinik-vejle-sygehus"
    hospitals = pd.DataFrame({
        "name": ["A Sygehus (x)", "A Sygehus (y)", "Klinik B", "Helipad"],
        "town": ["a", "a", "b", "c"], "region": ["r"] * 4,
        "kind": ["akutmodtagelse", "akutmodtagelse", "akutklinik", "other"],
        "lat": [55.0, 55.1, 56.0, 57.0], "lon": [10.0, 10.1, 9.0, 9.0],
        "coord_confidence": ["high"] * 4})
    table = hd.site_table(hospitals)
    assert table["site_id"].tolist() == ["a-sygehus", "a-sygehus-2", "klinik-b"]
    assert table["baseline"].tolist() == [True, True, False]


def test_build_access_uses_the_baseline_mask_of_all_candidates():
    hospitals = pd.DataFrame({
        "name": ["Hospital A", "Clinic B"], "town": ["a", "b"], "region": ["r", "r"],
        "kind": ["akutmodtagelse", "akutklinik"], "lat": [CENTRE_A[0], CENTRE_B[0]],
        "lon": [CENTRE_A[1], CENTRE_B[1]], "coord_confidence": ["high", "low"]})
    built = hd.build_access(hospitals, {1: SQ_A, 2: SQ_B}, {1: 10_000.0, 2: 10_000.0},
                            towns=NO_TOWNS)
    alone = _run()
    # the clinic is a candidate, not counted today: square B still measures to Hospital A
    assert built.result.set_index("kommune_kode")["hospital_distance_km"].tolist() == \
        alone["hospital_distance_km"].tolist()
    assert built.sites["site_id"].tolist() == ["hospital-a", "clinic-b"]
    assert len(built.points) == int(alone["n_points"].sum())
