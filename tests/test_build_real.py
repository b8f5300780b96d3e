"""The build on the real offline snapshot: what the foundation issue promises."""

from __future__ import annotations

import json
import time

import duckdb
import pytest
import shapely
from shapely.geometry import shape

from atlas.build.pipeline import build_database
from tests.conftest import QUIET


@pytest.fixture(scope="module")
def con(real_db):
    connection = duckdb.connect(str(real_db), read_only=True)
    yield connection
    connection.close()


def scalar(con, sql, params=None):
    return con.execute(sql, params or []).fetchone()[0]


def test_98_municipalities_without_christiansoe(con):
    assert scalar(con, "SELECT count(*) FROM municipalities") == 98
    assert scalar(con, "SELECT count(*) FROM municipalities WHERE kommune_kode = 411") == 0
    assert scalar(con, "SELECT count(*) FROM regions") == 5
    assert scalar(con, "SELECT count(DISTINCT kommunegruppe_code) FROM municipalities") == 5


def test_at_least_20_indicators_with_data(con):
    assert scalar(con, "SELECT count(DISTINCT indicator_id) FROM indicator_values "
                       "WHERE value IS NOT NULL") >= 20


def test_every_snapshot_indicator_is_registered(con, real_sources):
    import csv
    with open(real_sources / "observations.csv", encoding="utf-8") as handle:
        observed = {row["indicator"] for row in csv.DictReader(handle)}
    registered = {row[0] for row in con.execute("SELECT indicator_id FROM indicators").fetchall()}
    assert observed <= registered
    core = {row[0] for row in con.execute("SELECT indicator_id FROM indicators WHERE core").fetchall()}
    assert {"citizens_per_gp", "chronic_prevalence_per_100k", "hospital_death_share",
            "age_65plus_share", "hospital_distance_km"} <= core


def test_hospital_distance_for_all_98(con):
    rows = con.execute(
        "SELECT kommune_kode, value FROM indicator_values "
        "WHERE indicator_id = 'hospital_distance_km' AND value IS NOT NULL").fetchall()
    assert len(rows) == 98
    by_code = dict(rows)
    assert by_code[400] < 25          # Bornholm: its own hospital
    assert by_code[101] < 8           # København
    for island in (825, 741, 563, 492):
        assert 3 < by_code[island] < 100
    nearest_bornholm = scalar(con, "SELECT nearest_hospital FROM hospital_access "
                                   "WHERE kommune_kode = 400")
    assert nearest_bornholm.startswith("Bornholms Hospital")
    flagged = {row[0] for row in con.execute(
        "SELECT kommune_kode FROM municipalities WHERE is_island").fetchall()}
    assert {825, 741, 563, 492, 400} <= flagged


def test_suppressed_values_stay_null_never_zero(con):
    rows = dict(con.execute(
        "SELECT kommune_kode, value FROM indicator_values "
        "WHERE indicator_id = 'life_expectancy'").fetchall())
    for small_island in (825, 492, 563, 741):
        assert rows[small_island] is None
    assert scalar(con, "SELECT count(*) FROM ranks WHERE indicator_id = 'life_expectancy' "
                       "AND rank IS NULL") == 4
    assert scalar(con, "SELECT max(n_ranked) FROM ranks "
                       "WHERE indicator_id = 'life_expectancy'") == 94
    # the snapshot publishes no zeros: a zero here would be a missing value turned into 0
    assert scalar(con, "SELECT count(*) FROM observations WHERE value = 0 "
                       "AND source NOT LIKE 'atlas_%'") == 0


def test_national_population_is_the_sum(con):
    total = scalar(con, "SELECT value FROM reference_values WHERE indicator_id = 'population' "
                        "AND group_type = 'national'")
    assert total == scalar(con, "SELECT sum(population) FROM municipalities")
    assert 5_900_000 < total < 6_100_000


def test_ranks_apply_direction(con):
    # life expectancy: higher is better, so rank 1 has the highest value
    best, worst = con.execute(
        "SELECT max(value) FILTER (WHERE rank = 1), max(value) FILTER (WHERE rank = n_ranked) "
        "FROM ranks JOIN indicator_values USING (indicator_id, kommune_kode, period) "
        "WHERE indicator_id = 'life_expectancy'").fetchone()
    assert best > worst
    # daily smoking: higher is worse, so rank 1 has the lowest value
    best, worst = con.execute(
        "SELECT min(value) FILTER (WHERE rank = 1), min(value) FILTER (WHERE rank = n_ranked) "
        "FROM ranks JOIN indicator_values USING (indicator_id, kommune_kode, period) "
        "WHERE indicator_id = 'daily_smoking_share' AND period = '2025'").fetchone()
    assert best < worst


def test_municipality_geojson_small_valid_and_a_coverage(con):
    rows = con.execute("SELECT kommune_kode, geojson FROM municipality_shape").fetchall()
    assert len(rows) == 98
    collection = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kommune_kode": code}, "geometry": json.loads(text)}
        for code, text in rows]}, separators=(",", ":"))
    assert len(collection.encode()) <= 300 * 1024
    geometries = [shape(json.loads(text)) for _, text in rows]
    for geometry in geometries:
        assert geometry.geom_type in ("Polygon", "MultiPolygon")
        assert geometry.is_valid and not geometry.is_empty
    # neighbours share borders: no overlaps between municipalities (a valid coverage)
    assert bool(shapely.coverage_is_valid(geometries))
    # København and Frederiksberg touch; Frederiksberg lies inside København's outline
    by_code = dict(zip([code for code, _ in rows], geometries))
    assert by_code[101].touches(by_code[147])


def test_public_contract_columns(con):
    columns = [row[0] for row in con.execute("DESCRIBE indicator_values").fetchall()]
    assert columns == ["indicator_id", "kommune_kode", "period", "value"]
    columns = [row[0] for row in con.execute("DESCRIBE municipality_shape").fetchall()]
    assert columns == ["kommune_kode", "geojson"]


def test_group_values_and_provenance(con):
    assert scalar(con, "SELECT count(*) FROM reference_values WHERE indicator_id = 'gini' "
                       "AND period = '2024' AND group_type = 'kommunegruppe'") == 5
    assert scalar(con, "SELECT count(*) FROM reference_values WHERE indicator_id = 'gini' "
                       "AND period = '2024' AND group_type = 'region'") == 5
    # life expectancy is suppressed on four small islands: the national value covers the
    # rest of the population, and says how much of it
    share = scalar(con, "SELECT population_share FROM reference_values "
                        "WHERE indicator_id = 'life_expectancy' AND group_type = 'national' "
                        "ORDER BY period DESC LIMIT 1")
    islands = scalar(con, "SELECT sum(population) FROM municipalities "
                          "WHERE kommune_kode IN (825, 492, 563, 741)")
    total = scalar(con, "SELECT sum(population) FROM municipalities")
    assert share == pytest.approx(1 - islands / total)
    missing = con.execute("SELECT DISTINCT o.source FROM observations o "
                          "ANTI JOIN sources s USING (source)").fetchall()
    assert missing == []
    assert scalar(con, "SELECT licence FROM sources WHERE source = 'dst_folk1a'") == "CC BY 4.0"


def test_build_is_fast(real_sources, tmp_path):
    """The issue asks for < 60 s on 2 cores; the bench prints the figure, this guards 10x."""
    started = time.perf_counter()
    build_database(real_sources, tmp_path / "atlas.duckdb", console=QUIET)
    assert time.perf_counter() - started < 60
