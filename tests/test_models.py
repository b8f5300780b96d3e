"""Derived tables (sql/models) on the synthetic snapshot, checked against hand computation."""

from __future__ import annotations

import re

import duckdb
import pytest

from atlas.build.pipeline import Model, build_database, model_order, read_models
from atlas.errors import ModelError
from atlas.paths import SQL_DIR
from atlas.registry import INDICATOR_COLUMNS, Indicator, registry
from atlas.sqlfiles import fill_template
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


def national(con, indicator_id, columns="value", period=None):
    sql = (f"SELECT {columns} FROM reference_values WHERE group_type = 'national' "
           "AND indicator_id = $indicator" + (" AND period = $period" if period else ""))
    params = {"indicator": indicator_id, **({"period": period} if period else {})}
    return one(con, sql, params)


def test_national_value_is_population_weighted(con):
    expected = sum(SMOKING_2025[c] * POPULATION[c] for c in POPULATION) / sum(POPULATION.values())
    value, method, n, share, code, name = national(
        con, "daily_smoking_share",
        "value, method, n_municipalities, population_share, group_code, group_name", "2025")
    assert value == pytest.approx(expected)
    assert method == "population_weighted_mean" and n == 4
    assert share == pytest.approx(1.0) and code is None and name is None


def test_missing_value_leaves_weight_out(con):
    # life expectancy is suppressed for 903: its population must not dilute the mean
    expected = (81.0 * 60000 + 80.0 * 20000 + 79.0 * 15000) / (60000 + 20000 + 15000)
    value, n, share = national(con, "life_expectancy",
                               "value, n_municipalities, population_share")
    assert value == pytest.approx(expected) and n == 3
    assert share == pytest.approx(95000 / 100000)


def test_population_national_is_sum(con):
    assert national(con, "population")[0] == sum(POPULATION.values())


def test_group_values(con):
    rows = con.execute(
        "SELECT group_type, group_code, group_name, value, n_municipalities, population_share "
        "FROM reference_values WHERE indicator_id = 'daily_smoking_share' AND period = '2025' "
        "AND group_type <> 'national' ORDER BY group_type, group_code").fetchall()
    south = (24.0 * 5000 + 16.0 * 15000) / 20000
    north = (8.0 * 60000 + 16.0 * 20000) / 80000
    assert rows == [
        ("kommunegruppe", 2, "Storbykommuner", pytest.approx(8.0), 1, 1.0),
        ("kommunegruppe", 4, "Oplandskommuner",
         pytest.approx((16.0 * 20000 + 24.0 * 5000) / 25000), 2, 1.0),
        ("kommunegruppe", 5, "Landkommuner", pytest.approx(16.0), 1, 1.0),
        ("region", 1082, "Region Test Nord", pytest.approx(north), 2, 1.0),
        ("region", 1083, "Region Test Syd", pytest.approx(south), 2, 1.0),
    ]


def test_group_population_share_counts_missing_values(con):
    # 903 (5,000 of Region Test Syd's 20,000; of Oplandskommuner's 25,000) has no value
    rows = con.execute(
        "SELECT group_type, group_code, value, n_municipalities, population_share "
        "FROM reference_values WHERE indicator_id = 'life_expectancy' "
        "AND group_type <> 'national' ORDER BY group_type, group_code").fetchall()
    assert rows == [
        ("kommunegruppe", 2, pytest.approx(81.0), 1, pytest.approx(1.0)),
        ("kommunegruppe", 4, pytest.approx(80.0), 1, pytest.approx(20000 / 25000)),
        ("kommunegruppe", 5, pytest.approx(79.0), 1, pytest.approx(1.0)),
        ("region", 1082, pytest.approx((81.0 * 60000 + 80.0 * 20000) / 80000), 2,
         pytest.approx(1.0)),
        ("region", 1083, pytest.approx(79.0), 1, pytest.approx(15000 / 20000)),
    ]


def test_sum_needs_every_municipality(tmp_path):
    # an older population period published for three of the four municipalities: no sum
    sources = write_mini_snapshot(tmp_path / "mini")
    with open(sources / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("population,901,2020,59000,dst_folk1a\n"
                     "population,902,2020,21000,dst_folk1a\n"
                     "population,904,2020,15500,dst_folk1a\n")
    out = tmp_path / "atlas.duckdb"
    build_database(sources, out, console=QUIET, expected_municipalities=4)
    with duckdb.connect(str(out), read_only=True) as built:
        rows = built.execute(
            "SELECT group_type, group_code, value, n_municipalities FROM reference_values "
            "WHERE indicator_id = 'population' AND period = '2020' "
            "AND group_type IN ('national', 'region') ORDER BY group_type, group_code"
        ).fetchall()
    assert rows == [("national", None, None, 3),
                    ("region", 1082, 59000 + 21000, 2),
                    ("region", 1083, None, 1)]


def test_median_method(tmp_path):
    sources = write_mini_snapshot(tmp_path / "mini")
    with open(sources / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("gini,901,2024,30.0,dst_ifor41\ngini,902,2024,26.0,dst_ifor41\n"
                     "gini,903,2024,,dst_ifor41\ngini,904,2024,24.0,dst_ifor41\n")
    with open(sources / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("dst_ifor41,Danmarks Statistik,IFOR41,Gini,,CC BY 4.0\n")
    out = tmp_path / "atlas.duckdb"
    build_database(sources, out, console=QUIET, expected_municipalities=4)
    with duckdb.connect(str(out), read_only=True) as built:
        assert national(built, "gini", "value, method, population_share") == (
            26.0, "median", pytest.approx(95000 / 100000))


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


LOADED = {"municipalities", "raw_observations", "raw_indicators", "sources", "hospitals"}


def test_every_model_names_the_models_it_reads():
    """A model's `-- depends:` line lists every model its SQL reads (FROM/JOIN), so the
    derived order cannot put a model before one it reads."""
    models = read_models()
    assert sorted(model.name for model in models) == sorted(
        path.stem for path in (SQL_DIR / "models").glob("*.sql"))
    names = {model.name for model in models}
    for model in models:
        text = (SQL_DIR / "models" / f"{model.name}.sql").read_text(encoding="utf-8")
        read = set(re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)", text)) & names
        assert read <= set(model.inputs), model.name


def test_the_build_order_puts_each_model_after_what_it_reads():
    order = [model.name for model in model_order(read_models(), LOADED)]
    for model in read_models():
        for name in model.inputs:
            if name in order:
                assert order.index(name) < order.index(model.name), (name, model.name)
    assert order.index("observations") < order.index("ranks")
    assert {model.name: model.materialized for model in read_models()}["indicator_values"] \
        == "view"


def test_the_order_is_derived_not_declared():
    models = (Model("c", ("b",)), Model("a", ("raw",)), Model("b", ("a", "raw")))
    assert [m.name for m in model_order(models, {"raw"})] == ["a", "b", "c"]


@pytest.mark.parametrize(("models", "message"), [
    ((Model("a", ("b",)), Model("b", ("c",)), Model("c", ("a",))),
     r"read each other in a circle: (a → c → b → a|b → a → c → b|c → b → a → c)"),
    ((Model("a", ("a",)),), r"circle: a → a"),
    ((Model("a", ("raw", "obsrevations")),),
     r"sql/models/a\.sql depends on obsrevations: neither a model"),
])
def test_a_circle_or_an_unknown_input_is_a_build_error(models, message):
    with pytest.raises(ModelError, match=message):
        model_order(models, {"raw"})


def test_a_model_must_name_its_inputs():
    with pytest.raises(ModelError, match=r"sql/models/x\.sql names no inputs"):
        read_models([("models/x", "-- The x table.\nSELECT 1")])
    with pytest.raises(ModelError, match="materialized must be one of table, view"):
        read_models([("models/x", "-- depends: raw\n-- materialized: cube\nSELECT 1")])
    # prose with a colon in the comment is no configuration line
    assert read_models([("models/x", "-- depends: raw, y\n-- population_share: a note\n"
                                     "SELECT 1")]) == (Model("x", ("raw", "y")),)


def test_an_unknown_input_stops_the_build_and_keeps_the_old_database(tmp_path, monkeypatch):
    from atlas.build import pipeline

    sources = write_mini_snapshot(tmp_path / "mini")
    out = tmp_path / "atlas.duckdb"
    out.write_bytes(b"the previous database")
    broken = (*read_models(), Model("extra", ("no_such_table",)))
    monkeypatch.setattr(pipeline, "read_models", lambda: broken)
    with pytest.raises(ModelError, match="extra.sql depends on no_such_table"):
        build_database(sources, out, console=QUIET, expected_municipalities=4)
    assert out.read_bytes() == b"the previous database"


def test_tables_readers_use_and_no_build_inputs(con):
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"municipalities", "regions", "indicators", "sources", "observations",
            "indicator_periods", "reference_values", "ranks", "hospitals", "hospital_access",
            "municipality_shape", "region_shape", "build_info"} <= tables
    assert not {name for name in tables if name.startswith("raw_")}
    assert "indicator_values" in {row[0] for row in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert one(con, "SELECT count(*) FROM regions")[0] == 2


def test_indicators_table_is_the_registry_field_list(con):
    columns = [row[0] for row in con.execute("DESCRIBE indicators").fetchall()]
    assert columns == [*INDICATOR_COLUMNS, "user_supplied"]
    cursor = con.execute("SELECT * FROM indicators ORDER BY sort_order")
    names = [description[0] for description in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    assert [Indicator.from_record(row) for row in rows] == list(registry().values())
    assert rows[0]["decimals"] == registry()[rows[0]["indicator_id"]].decimals


def test_templates_take_plain_identifiers_only():
    assert fill_template("steps/insert_frame", table="municipalities").startswith("--")
    with pytest.raises(ValueError, match="not a plain SQL identifier"):
        fill_template("steps/insert_frame", table="municipalities; DROP TABLE sources")
    with pytest.raises(ValueError, match="has no {name}"):
        fill_template("steps/insert_frame", name="municipalities")
