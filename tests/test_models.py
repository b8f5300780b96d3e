"""Derived tables (sql/models) on the synthetic snapshot, checked against hand computation."""

from __future__ import annotations

import duckdb
import pytest

from atlas.build import build_database
from tests.conftest import QUIET
from tests.mini_snapshot import write_mini_snapshot

POPULATION = {901: 60000, 902: 20000, 903: 5000, 904: 15000}
SMOKING_2025 = {901: 8.0, 902: 16.0, 903: 24.0, 904: 16.0}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    sources = write_mini_snapshot(root / "mini")
    out = root / "atlas.duckdb"
    build_database(sources, out, console=QUIET, expected_municipalities=4)
    connection = duckdb.connect(str(out), read_only=True)
    yield connection
    connection.close()


def one(con, sql, params=None):
    return con.execute(sql, params or []).fetchone()


def test_national_value_is_population_weighted(con):
    expected = sum(SMOKING_2025[c] * POPULATION[c] for c in POPULATION) / sum(POPULATION.values())
    value, method, n = one(con, "SELECT value, method, n_municipalities FROM national_values "
                                "WHERE indicator_id = 'daily_smoking_share' AND period = '2025'")
    assert value == pytest.approx(expected)
    assert method == "population_weighted_mean" and n == 4


def test_missing_value_leaves_weight_out(con):
    # life expectancy is suppressed for 903: its population must not dilute the mean
    expected = (81.0 * 60000 + 80.0 * 20000 + 79.0 * 15000) / (60000 + 20000 + 15000)
    value, n = one(con, "SELECT value, n_municipalities FROM national_values "
                        "WHERE indicator_id = 'life_expectancy'")
    assert value == pytest.approx(expected) and n == 3


def test_population_national_is_sum(con):
    assert one(con, "SELECT value FROM national_values WHERE indicator_id = 'population'")[0] \
        == sum(POPULATION.values())


def test_group_values(con):
    rows = con.execute(
        "SELECT group_type, group_code, value, n_municipalities FROM group_values "
        "WHERE indicator_id = 'daily_smoking_share' AND period = '2025' "
        "ORDER BY group_type, group_code").fetchall()
    south = (24.0 * 5000 + 16.0 * 15000) / 20000
    north = (8.0 * 60000 + 16.0 * 20000) / 80000
    assert rows == [
        ("kommunegruppe", 2, pytest.approx(8.0), 1),
        ("kommunegruppe", 4, pytest.approx((16.0 * 20000 + 24.0 * 5000) / 25000), 2),
        ("kommunegruppe", 5, pytest.approx(16.0), 1),
        ("region", 1082, pytest.approx(north), 2),
        ("region", 1083, pytest.approx(south), 2),
    ]


def test_ranks_direction_ties_and_missing(con):
    smoking = dict(con.execute(
        "SELECT kommune_kode, rank FROM ranks "
        "WHERE indicator_id = 'daily_smoking_share' AND period = '2025'").fetchall())
    assert smoking == {901: 1, 902: 2, 904: 2, 903: 4}     # lower is better; 902/904 tie
    life = dict(con.execute("SELECT kommune_kode, rank FROM ranks "
                            "WHERE indicator_id = 'life_expectancy'").fetchall())
    assert life == {901: 1, 902: 2, 904: 3, 903: None}     # higher is better; 903 no data
    assert one(con, "SELECT DISTINCT n_ranked FROM ranks "
                    "WHERE indicator_id = 'life_expectancy'")[0] == 3


def test_indicator_periods_latest(con):
    rows = con.execute("SELECT period, n_values, is_latest FROM indicator_periods "
                       "WHERE indicator_id = 'daily_smoking_share' ORDER BY period").fetchall()
    assert rows == [("2021", 4, False), ("2025", 4, True)]
    assert one(con, "SELECT n_values FROM indicator_periods "
                    "WHERE indicator_id = 'life_expectancy'")[0] == 3


def test_indicator_values_view_keeps_null(con):
    assert one(con, "SELECT value FROM indicator_values WHERE indicator_id = 'life_expectancy' "
                    "AND kommune_kode = 903")[0] is None


def test_chronic_per_gp_capacity_is_derived_where_both_exist(tmp_path):
    sources = write_mini_snapshot(tmp_path / "mini")
    with open(sources / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("citizens_per_gp,901,2024,1600,dst_laby27\n"
                     "citizens_per_gp,902,2024,2000,dst_laby27\n"
                     "chronic_prevalence_per_100k,901,2024,25000,sds_ruks\n"
                     "chronic_prevalence_per_100k,902,2023,30000,sds_ruks\n")
    with open(sources / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("dst_laby27,Danmarks Statistik,LABY27,Borgere pr. lægekapacitet,,CC BY 4.0\n"
                     "sds_ruks,Sundhedsdatastyrelsen,RUKS,RUKS,,Gengivelse med kildeangivelse\n")
    out = tmp_path / "atlas.duckdb"
    build_database(sources, out, console=QUIET, expected_municipalities=4)
    with duckdb.connect(str(out), read_only=True) as con:
        rows = con.execute("SELECT kommune_kode, period, value, source FROM observations "
                           "WHERE indicator_id = 'chronic_per_gp_capacity'").fetchall()
    # 902 has the two sources in different years: no derived value is invented
    assert rows == [(901, "2024", pytest.approx(400.0), "atlas_derived")]
