"""`atlas build`: source snapshot -> validated canonical tables -> sql/ models -> atlas.duckdb.

The database is written to a temporary file beside the target and moved into place with
`os.replace` only after every check has passed, so a failed build leaves the previous
database untouched and a reader never sees a half-written file.
"""

from __future__ import annotations

import csv
import graphlib
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb
import numpy as np
import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from atlas import __version__
from atlas.build.pair_statistics import pair_statistics_frames
from atlas.build.snapshot import Snapshot, read_snapshot
from atlas.build.snapshot_writer import process_alive, recover
from atlas.errors import CheckFailed, ModelError
from atlas.geo.browser import KBH_GROUP, prepare_geometry
from atlas.geo.centroids import municipality_centroids
from atlas.geo.simplify import SimplifiedShapes, simplify_coverage, to_geojson
from atlas.paths import REFERENCE_SOURCES_FILE
from atlas.registry import INDICATOR_COLUMNS, Indicator, registry_for_sources
from atlas.sqlfiles import fill_template, header_fields, load_sql, schema_fingerprint, sql_files

DENMARK_MUNICIPALITIES = 98
# hospitals.csv describes the acute hospital structure as of 2026 (see its README).
HOSPITAL_STATUS_PERIOD = "2026"
HOSPITAL_SOURCE = "atlas_hospital_distance"
SIMPLIFY_TOLERANCE_M = 250.0


@dataclass(frozen=True)
class Model:
    """A sql/models/<name>.sql file: one SELECT, materialised under its own name after what it
    reads. Its opening comment names its inputs, as dbt's ref() does: `-- depends: a, b`
    (loaded tables and other models), and optionally `-- materialized: view`."""

    name: str
    inputs: tuple[str, ...]
    materialized: str = "table"   # or "view"


MATERIALIZATIONS = ("table", "view")


def read_models(files: list[tuple[str, str]] | None = None) -> tuple[Model, ...]:
    """Every sql/models file as a Model (`files`: (name, text) pairs, for tests)."""
    models = []
    for name, text in sql_files("models") if files is None else files:
        name = name.removeprefix("models/")
        fields = header_fields(text)
        if "depends" not in fields:
            raise ModelError(f"sql/models/{name}.sql names no inputs: begin it with "
                             "`-- depends: <table or model>, …`")
        inputs = tuple(part.strip() for part in fields["depends"].split(",") if part.strip())
        materialized = fields.get("materialized", "table")
        if materialized not in MATERIALIZATIONS:
            raise ModelError(f"sql/models/{name}.sql: materialized must be one of "
                             f"{', '.join(MATERIALIZATIONS)}, not {materialized!r}")
        models.append(Model(name, inputs, materialized))
    return tuple(models)


def model_order(models: tuple[Model, ...], tables: set[str]) -> tuple[Model, ...]:
    """The models, each after the models it reads (a topological sort; ties by name). A
    ModelError names an input that is neither a model nor one of the loaded `tables`, or the
    models that read each other in a circle."""
    by_name = {model.name: model for model in models}
    for model in models:
        unknown = [name for name in model.inputs if name not in by_name and name not in tables]
        if unknown:
            raise ModelError(f"sql/models/{model.name}.sql depends on {', '.join(unknown)}: "
                             "neither a model in sql/models nor a table loaded before them")
    sorter = graphlib.TopologicalSorter(
        {model.name: [name for name in model.inputs if name in by_name] for model in models})
    try:
        sorter.prepare()
    except graphlib.CycleError as problem:
        raise ModelError("sql/models read each other in a circle: "
                         + " → ".join(problem.args[1])) from None
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order += ready
        sorter.done(*ready)
    return tuple(by_name[name] for name in order)


@dataclass
class BuildReport:
    out: Path
    seconds: float
    rows: dict[str, int]
    indicators_with_data: int
    periods: int
    geojson_bytes: int
    steps: list[tuple[str, float]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Steps:
    """Prints one line per build step with its duration (rich), and remembers the timings."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.timings: list[tuple[str, float]] = []

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        started = time.perf_counter()
        with self.console.status(f"[bold]{title}…[/]"):
            yield
        seconds = time.perf_counter() - started
        self.timings.append((title, seconds))
        self.console.print(f"[green]✓[/] {title} [dim]({seconds:.1f} s)[/]", highlight=False)


def _indicator_frame(indicators: dict[str, Indicator]) -> pd.DataFrame:
    """The registry as rows of its field list (INDICATOR_COLUMNS), in registry order."""
    rows = [indicator.record(order) for order, indicator in enumerate(indicators.values(), 1)]
    return pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))


def _sources_frame(snapshot: Snapshot) -> pd.DataFrame:
    """The snapshot's sources plus the atlas's own reference sources (snapshot wins)."""
    frame = snapshot.sources.drop(columns="line").rename(columns={"table": "table_name"})
    with open(REFERENCE_SOURCES_FILE, encoding="utf-8", newline="") as handle:
        reference = pd.DataFrame(list(csv.DictReader(handle)))
    reference = reference.rename(columns={"table": "table_name"})
    reference = reference[~reference["source"].isin(frame["source"])]
    combined = pd.concat([frame, reference], ignore_index=True)
    return combined.replace({"": None})


def _latest_population(snapshot: Snapshot) -> tuple[pd.Series, str | None]:
    population = snapshot.observations[snapshot.observations["indicator"] == "population"]
    if population.empty:
        return pd.Series(dtype=float), None
    latest = max(population["period"], key=lambda period: int(period[-4:]))
    rows = population[population["period"] == latest]
    return rows.set_index("kommune_kode")["value"], latest


def _municipality_frame(snapshot: Snapshot, shapes: SimplifiedShapes, islands: pd.DataFrame,
                        population: pd.Series, population_period: str | None) -> pd.DataFrame:
    frame = snapshot.municipalities.drop(columns="line").copy()
    frame["area_km2"] = frame["kommune_kode"].map(shapes.area_km2)
    frame["population"] = frame["kommune_kode"].map(population)
    frame["population_period"] = population_period
    notes = islands.set_index("kommune_kode")
    frame["is_island"] = frame["kommune_kode"].isin(notes.index)
    frame["island_note_da"] = frame["kommune_kode"].map(notes["note_da"])
    frame["island_note_en"] = frame["kommune_kode"].map(notes["note_en"])
    return frame


def hospital_access(snapshot: Snapshot, population: pd.Series):
    """Distance to the nearest acute hospital for every municipality of a snapshot, weighted
    by `population` (kommune_kode -> residents), with the population points and candidate
    sites it was computed from (stored for the scenario page)."""
    from atlas.geo.hospital_distance import build_access

    shapes = {code: geometry for code, (_, geometry) in snapshot.boundaries.items()}
    return build_access(snapshot.hospitals, shapes, population.to_dict())


def _computed_observations(access: pd.DataFrame) -> pd.DataFrame:
    long = access.melt(id_vars="kommune_kode",
                       value_vars=["hospital_distance_km", "hospital_over_30km_share"],
                       var_name="indicator_id", value_name="value")
    long["period"] = HOSPITAL_STATUS_PERIOD
    long["source"] = HOSPITAL_SOURCE
    return long[["indicator_id", "kommune_kode", "period", "value", "source"]]


MORAN_COLUMNS = ["indicator_id", "period", "moran_i", "expected", "z", "p_value",
                 "permutations", "n", "k", "seed"]


def indicator_moran_frame(inputs: pd.DataFrame, centroids: pd.DataFrame) -> pd.DataFrame:
    """Global Moran's I (atlas.stats.spatial.moran: kNN weights, permutation test with a fixed
    seed) of every indicator x period in `inputs` (indicator_id, period, kommune_kode, value).
    An indicator with too few values for the weights gets no row."""
    from atlas.stats import spatial

    if len(centroids) <= spatial.MIN_N:
        return pd.DataFrame(columns=MORAN_COLUMNS)
    weights = spatial.knn_weights(centroids["kommune_kode"].tolist(),
                                  centroids[["x_25832", "y_25832"]].to_numpy(dtype=float))
    rows = []
    for (indicator_id, period), group in inputs.groupby(["indicator_id", "period"], sort=True):
        values = group.set_index("kommune_kode")["value"].astype(float)
        aligned = values.reindex(list(weights.codes)).to_numpy(dtype=float)
        finite = aligned[np.isfinite(aligned)]
        if len(finite) < spatial.MIN_N or np.ptp(finite) == 0:
            continue
        result = spatial.moran(aligned, weights)
        rows.append([indicator_id, period, result.i, result.expected, result.z,
                     result.p_value, result.permutations, result.n, weights.k, spatial.SEED])
    return pd.DataFrame(rows, columns=MORAN_COLUMNS)


def map_geometry_frame(con: duckdb.DuckDBPyConnection,
                       municipalities: pd.DataFrame) -> pd.DataFrame:
    """The map's browser geometry with Bornholm in its inset and without, from the shapes as
    stored (the same texts the app reads), for `map_geometry`: the app then reads it instead
    of preparing it before its first map (atlas/geo/browser.py)."""
    shapes = dict(con.execute(load_sql("queries/map_shapes")).fetchall())
    regions = {code: geojson for code, _, geojson
               in con.execute(load_sql("queries/map_region_shapes")).fetchall()}
    kbh = [int(code) for code in municipalities.loc[
        municipalities["kommunegruppe_code"] == KBH_GROUP, "kommune_kode"]]
    insets = [True, False]
    return pd.DataFrame({"inset": insets, "geometry": [
        prepare_geometry(shapes, regions, inset=inset, kbh_codes=kbh).to_json()
        for inset in insets]})


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a DataFrame into a loaded table by column name (`table` is fixed in this file)."""
    _with_frame(con, frame, fill_template("steps/insert_frame", table=table))


def _with_frame(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, sql: str) -> None:
    """Run `sql` with `frame` visible as the relation `incoming`."""
    con.register("incoming", frame)
    try:
        con.execute(sql)
    finally:
        con.unregister("incoming")


def build_models(con: duckdb.DuckDBPyConnection) -> None:
    """Materialise every sql/models SELECT under its name, each after what it reads."""
    tables = {row[0] for row in con.execute(load_sql("steps/loaded_tables")).fetchall()}
    for model in model_order(read_models(), tables):
        select = load_sql(f"models/{model.name}").strip().rstrip(";")
        con.execute(fill_template(f"steps/create_model_{model.materialized}",
                                  name=model.name, select=select))


def run_checks(con: duckdb.DuckDBPyConnection, expected_municipalities: int) -> None:
    """Run every sql/checks file; each must return zero rows. All failures are reported."""
    failures = []
    for name, sql in sql_files("checks"):
        params = ({"expected_municipalities": expected_municipalities}
                  if "$expected_municipalities" in sql else None)
        cursor = con.execute(sql, params) if params else con.execute(sql)
        rows = cursor.fetchall()
        if rows:
            columns = [description[0] for description in cursor.description]
            shown = "\n".join("    " + ", ".join(f"{c}={v!r}" for c, v in zip(columns, row))
                              for row in rows[:10])
            more = f"\n    … and {len(rows) - 10} more" if len(rows) > 10 else ""
            failures.append(f"  {name}: {len(rows)} offending row(s)\n{shown}{more}")
    if failures:
        raise CheckFailed("data checks failed:\n" + "\n".join(failures))


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Delete the `.<name>.<pid>.tmp` files (and their `.wal`) beside `out` that a killed
    build left behind: those whose process no longer runs. Returns what was removed."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(\d+)\.tmp(\.wal)?$")
    removed = []
    for path in sorted(out.parent.iterdir()) if out.parent.is_dir() else []:
        match = pattern.match(path.name)
        if match and path.is_file() and (int(match.group(1)) == os.getpid()
                                         or not process_alive(int(match.group(1)))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def build_database(sources_dir: Path, out: Path, *, console: Console | None = None,
                   expected_municipalities: int = DENMARK_MUNICIPALITIES) -> BuildReport:
    """Build the atlas database from a snapshot directory. Atomic: see the module docstring."""
    console = console or Console(stderr=True)
    started = time.perf_counter()
    steps = _Steps(console)
    sources_dir, out = Path(sources_dir), Path(out)
    console.print(f"[bold]atlas build[/] {sources_dir} → {out}", highlight=False)
    for repair in recover(sources_dir):     # a write killed mid-swap: repaired before reading
        console.print(f"[yellow]note:[/] {escape(repair)}", highlight=False)

    with steps.step("Read indicator registry"):
        indicators = registry_for_sources(sources_dir)
    with steps.step("Read and validate source snapshot"):
        snapshot = read_snapshot(sources_dir, set(indicators))
    for warning in snapshot.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)
    with steps.step("Simplify municipality and region geometry (coverage-preserving)"):
        region_of = dict(zip(snapshot.municipalities["kommune_kode"],
                             snapshot.municipalities["region_code"]))
        shapes = simplify_coverage({code: geometry for code, (_, geometry)
                                    in snapshot.boundaries.items()},
                                   region_of, SIMPLIFY_TOLERANCE_M)
    with steps.step("Compute distance to the nearest acute hospital"):
        population, population_period = _latest_population(snapshot)
        access = hospital_access(snapshot, population)
        from atlas.geo.hospital_distance import load_island_municipalities
        islands = load_island_municipalities()

    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in remove_stale_temporaries(out):
        console.print(f"Removed {stale.name} left by an interrupted build", highlight=False)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        con = duckdb.connect(str(temporary))
        try:
            with steps.step("Load canonical tables"):
                for _, sql in sql_files("schema"):
                    con.execute(sql)
                municipalities = _municipality_frame(snapshot, shapes, islands, population,
                                                     population_period)
                _insert(con, "municipalities", municipalities)
                _with_frame(con, _indicator_frame(indicators),
                            load_sql("steps/load_indicator_registry"))
                _insert(con, "sources", _sources_frame(snapshot))
                observed = snapshot.observations.drop(columns="line").rename(
                    columns={"indicator": "indicator_id"})
                _insert(con, "raw_observations", observed)
                _insert(con, "raw_observations", _computed_observations(access.result))
                _insert(con, "hospitals", snapshot.hospitals.drop(columns="line"))
                _insert(con, "hospital_access", access.result)
                _insert(con, "population_points", access.points)
                _insert(con, "access_sites", access.sites)
                _insert(con, "municipality_shape", pd.DataFrame({
                    "kommune_kode": list(shapes.municipalities),
                    "geojson": [to_geojson(g) for g in shapes.municipalities.values()],
                }))
                _insert(con, "municipality_centroid", municipality_centroids(
                    {code: geometry for code, (_, geometry) in snapshot.boundaries.items()}))
                region_names = dict(zip(municipalities["region_code"],
                                        municipalities["region_name"]))
                _insert(con, "region_shape", pd.DataFrame({
                    "region_code": list(shapes.regions),
                    "region_name": [region_names[code] for code in shapes.regions],
                    "geojson": [to_geojson(g) for g in shapes.regions.values()],
                }))
            with steps.step("Prepare the map's browser geometry (stored)"):
                _insert(con, "map_geometry", map_geometry_frame(con, municipalities))
            with steps.step("Build the models (sql/models)"):
                build_models(con)
            with steps.step("Global Moran's I of every indicator (esda, 999 permutations)"):
                centroids = con.execute(load_sql("queries/municipality_centroids")).df()
                moran = indicator_moran_frame(con.execute(load_sql("steps/moran_inputs")).df(),
                                              centroids)
                if not moran.empty:
                    _insert(con, "indicator_moran", moran)
            with steps.step("Statistics of the registered need × access pairs (stored)"):
                pairs, clusters = pair_statistics_frames(con)
                for table, frame in (("pair_statistics", pairs), ("pair_clusters", clusters)):
                    if not frame.empty:
                        _insert(con, table, frame)
            with steps.step("Run data checks (sql/checks)"):
                run_checks(con, expected_municipalities)
            seconds = time.perf_counter() - started
            info = {
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "atlas_version": __version__,
                "schema_fingerprint": schema_fingerprint(),
                "sources_dir": str(sources_dir.resolve()),
                "build_seconds": f"{seconds:.1f}",
                "simplify_tolerance_m": str(SIMPLIFY_TOLERANCE_M),
                "hospital_status_period": HOSPITAL_STATUS_PERIOD,
            }
            _insert(con, "build_info", pd.DataFrame({"key": list(info),
                                                     "value": list(info.values())}))
            rows = dict(con.execute(load_sql("steps/row_counts")).fetchall())
            indicators_with_data, periods, geojson_bytes = con.execute(
                load_sql("steps/summary")).fetchone()
            con.execute(load_sql("steps/checkpoint"))
        finally:
            con.close()
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)

    report = BuildReport(out, time.perf_counter() - started, rows, indicators_with_data,
                         periods, geojson_bytes, steps.timings, list(snapshot.warnings))
    _print_summary(console, report)
    return report


def _print_summary(console: Console, report: BuildReport) -> None:
    table = Table(title=f"Built {report.out}", show_header=True, header_style="bold")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in report.rows.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    console.print(
        f"{report.indicators_with_data} indicators with data, {report.periods} periods, "
        f"municipality GeoJSON {report.geojson_bytes / 1024:.0f} KB, "
        f"{report.seconds:.1f} s in all.", highlight=False,
    )
