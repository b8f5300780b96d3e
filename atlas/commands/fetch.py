"""`atlas fetch`: download official data and write a snapshot directory that `atlas build
--sources DIR` reads unchanged (format: shared/data/sources/README.md). See docs/online-data.md.

All or nothing: every selected source is fetched and checked first; only then is the snapshot
written — into a temporary directory, validated with the build's own snapshot reader, and
renamed into place. A source that fails stops the fetch with a message naming it, and the
previous snapshot stays as it was.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from atlas import __version__
from atlas.errors import AtlasError, SourceError
from atlas.paths import DATA_DIR, default_sources_dir
from atlas.registry import registry_for_sources

SOURCES = ("statbank", "ruks", "deaths", "dagi")
DEFAULT_OUT = DATA_DIR / "sources"
DEFAULT_CACHE = DATA_DIR / "cache" / "fetch"
MANIFEST_FILE = "fetch_manifest.json"
GENERATED = {"observations.csv", "sources.csv", "README.md", MANIFEST_FILE}


class FetchFailed(AtlasError):
    """A source failed; nothing was written."""


@dataclass
class FetchOptions:
    out: Path = DEFAULT_OUT
    base: Path | None = None
    only: tuple[str, ...] = ()
    cache: Path | None = DEFAULT_CACHE
    max_age: float = 12 * 3600
    tables: tuple[str, ...] = ()
    ruks: str | None = None
    ruks_include_part_year: bool = False
    deaths: str | None = None
    dagi: str | None = None
    statbank_url: str | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


def make_transport(options: FetchOptions):
    """The production transport; tests replace this function to inject a fake one."""
    from atlas.connectors.transport import default_transport

    return default_transport(options.cache, max_age=options.max_age)


# ------------------------------------------------------------------------------------------
# CLI
# ------------------------------------------------------------------------------------------

def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fetch", help="download official data into a source snapshot (online)",
        description="Download from Statistics Denmark, RUKS, a place-of-death file and DAGI, "
                    "and write a snapshot directory for `atlas build --sources DIR`. All or "
                    "nothing: if a source fails, nothing is written. See docs/online-data.md.",
        epilog="environment: ATLAS_RUKS_URL, ATLAS_DEATHS_FILE, ATLAS_DAGI_URL, "
               "ATLAS_DAGI_USERNAME, ATLAS_DAGI_PASSWORD, ATLAS_DAGI_APIKEY, "
               "ATLAS_DAGI_TYPENAME, ATLAS_STATBANK_URL",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="snapshot directory to write (default: data/sources)")
    parser.add_argument("--only", nargs="+", choices=SOURCES, metavar="SOURCE",
                        help="fetch only these sources: " + ", ".join(SOURCES)
                             + " (default: all that are configured)")
    parser.add_argument("--base", type=Path, default=None,
                        help="snapshot that supplies everything not fetched (default: "
                             "$ATLAS_SOURCES, else the shared offline snapshot, else data/sources)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="directory for raw responses (default: data/cache/fetch)")
    parser.add_argument("--refresh", action="store_true",
                        help="ignore cached responses and ask every source again")
    parser.add_argument("--max-age", type=float, default=12.0, metavar="HOURS",
                        help="reuse cached responses younger than this (default: 12)")
    parser.add_argument("--tables", nargs="+", metavar="TABLE",
                        help="StatBank tables to fetch (default: all in table_specs.toml)")
    parser.add_argument("--ruks", metavar="URL_OR_FILE",
                        help="RUKS workbook (.xlsx); the URL changes with every release "
                             "(default: $ATLAS_RUKS_URL)")
    parser.add_argument("--ruks-include-part-year", action="store_true",
                        help="keep the newest RUKS year even when it is a part year")
    parser.add_argument("--deaths", metavar="URL_OR_FILE",
                        help="place-of-death CSV in the documented layout (default: "
                             "$ATLAS_DEATHS_FILE)")
    parser.add_argument("--dagi", metavar="URL_OR_FILE",
                        help="municipal boundaries: GeoJSON/GeoPackage file or URL (default: "
                             "$ATLAS_DAGI_URL, else Datafordeler's WFS with ATLAS_DAGI_* "
                             "credentials)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    options = FetchOptions(
        out=args.out, base=args.base, only=tuple(args.only or ()),
        cache=args.cache, max_age=0 if args.refresh else args.max_age * 3600,
        tables=tuple(args.tables or ()), ruks=args.ruks,
        ruks_include_part_year=args.ruks_include_part_year, deaths=args.deaths, dagi=args.dagi,
    )
    fetch(options, console=Console(stderr=True))
    return 0


# ------------------------------------------------------------------------------------------
# the fetch
# ------------------------------------------------------------------------------------------

def _read_base_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _universe(base: Path) -> set[int]:
    from atlas.connectors import names

    path = base / "municipalities.csv"
    if not path.is_file():
        raise FetchFailed(f"base snapshot {base} has no municipalities.csv; give --base DIR "
                          "(a snapshot directory such as the shared offline snapshot)")
    _, rows = _read_base_csv(path)
    try:
        codes = {int(row["kommune_kode"]) for row in rows}
    except (KeyError, ValueError):
        raise FetchFailed(f"{path}: kommune_kode column missing or not whole numbers") from None
    unknown = sorted(codes - names.CODES)
    if unknown:
        raise FetchFailed(f"{path}: codes {unknown} are not Danish municipalities")
    return codes


def _read_location(transport, location: str, source: str) -> tuple[bytes, str]:
    """Bytes from a local file or a URL (through the transport: retries, cache)."""
    if "://" in location:
        response = transport.get(location, source=source)
        response.raise_for_status(source)
        if not response.body:
            raise SourceError(f"{source}: empty response from {location}")
        from atlas.connectors.transport import redact_url
        return response.body, redact_url(location)
    path = Path(location).expanduser()
    if not path.is_file():
        raise SourceError(f"{source}: file {path} does not exist")
    return path.read_bytes(), str(path)


def _plan(options: FetchOptions) -> tuple[list[str], list[str]]:
    """Sources to fetch, and notices about configured-off sources that are skipped."""
    from atlas.connectors import dagi

    env = options.environ
    explicit = set(options.only)
    wanted = list(options.only) if options.only else list(SOURCES)
    chosen, skipped = [], []
    for name in wanted:
        configured = True
        reason = ""
        if name == "ruks" and not (options.ruks or env.get("ATLAS_RUKS_URL")):
            configured, reason = False, ("RUKS has no stable URL: give --ruks URL_OR_FILE or "
                                         "set ATLAS_RUKS_URL (find the current workbook on "
                                         "esundhed.dk)")
        elif name == "deaths" and not (options.deaths or env.get("ATLAS_DEATHS_FILE")):
            configured, reason = False, ("place of death is not published openly: give "
                                         "--deaths FILE (layout in docs/online-data.md) or set "
                                         "ATLAS_DEATHS_FILE")
        elif name == "dagi" and not (options.dagi or env.get("ATLAS_DAGI_URL")
                                     or dagi.has_credentials(env)):
            configured, reason = False, ("DAGI needs a Datafordeler user (ATLAS_DAGI_USERNAME/"
                                         "ATLAS_DAGI_PASSWORD or ATLAS_DAGI_APIKEY) or --dagi "
                                         "FILE_OR_URL")
        if configured:
            chosen.append(name)
        elif name in explicit:
            raise FetchFailed(f"{name} was asked for but is not configured: {reason}")
        else:
            skipped.append(f"{name} skipped — {reason}; its data come from the base snapshot")
    return chosen, skipped


def _fetch_source(name: str, options: FetchOptions, transport, universe: set[int],
                  progress: Callable[[str], None]):
    from atlas.connectors import dagi, place_of_death, ruks, statbank

    env = options.environ
    if name == "statbank":
        return statbank.fetch_statbank(
            transport, universe, tables=list(options.tables) or None,
            base_url=options.statbank_url or env.get("ATLAS_STATBANK_URL") or statbank.STATBANK_URL,
            on_table=lambda table: progress(f"Statistics Denmark: {table}"))
    if name == "ruks":
        location = options.ruks or env["ATLAS_RUKS_URL"]
        progress("RUKS: downloading workbook")
        data, origin = _read_location(transport, location, ruks.SOURCE)
        progress("RUKS: reading workbook")
        parsed = ruks.parse_ruks_workbook(data, file=origin, universe=universe,
                                          include_part_year=options.ruks_include_part_year)
        return ruks.ruks_source_result(parsed, origin=origin,
                                       sha256=hashlib.sha256(data).hexdigest())
    if name == "deaths":
        location = options.deaths or env["ATLAS_DEATHS_FILE"]
        progress("place of death: reading file")
        data, origin = _read_location(transport, location, place_of_death.SOURCE)
        parsed = place_of_death.parse_place_of_death(data, file=origin, universe=universe)
        return place_of_death.deaths_source_result(parsed, origin=origin,
                                                   sha256=hashlib.sha256(data).hexdigest())
    if name == "dagi":
        progress("DAGI: municipal boundaries")
        return dagi.fetch_dagi(transport, options.dagi, universe, environ=env)
    raise FetchFailed(f"unknown source {name}")


def _check_observations(results, universe: set[int], base: Path) -> None:
    """Registered ids, known municipalities, values inside the registry's plausible range —
    the build's own rules, applied before anything is written."""
    registry = registry_for_sources(base)
    for result in results:
        for observation in result.observations:
            indicator = registry.get(observation.indicator)
            where = (f"{result.name}: {observation.indicator}, municipality "
                     f"{observation.kommune_kode}, {observation.period}")
            if indicator is None:
                raise FetchFailed(f"{where}: indicator is not in atlas/indicators.toml")
            if observation.kommune_kode not in universe:
                raise FetchFailed(f"{where}: municipality not in the base snapshot")
            value = observation.value
            low, high = indicator.plausible_min, indicator.plausible_max
            if value is not None and not low <= value <= high:
                raise FetchFailed(
                    f"{where}: value {value:g} is outside the plausible range "
                    f"[{low:g}, {high:g}] — the source "
                    "changed its unit or layout, or the response is wrong")


def _merge_observations(base: Path, results) -> list[dict[str, str]]:
    from atlas.connectors.common import format_value

    owned = set().union(*(r.owned_indicators for r in results)) if results else set()
    path = base / "observations.csv"
    base_rows = _read_base_csv(path)[1] if path.is_file() else []
    kept = [row for row in base_rows if row.get("indicator") not in owned]
    new = [{"indicator": o.indicator, "kommune_kode": str(o.kommune_kode), "period": o.period,
            "value": format_value(o.value), "source": o.source}
           for r in results for o in r.observations]
    seen: set[tuple[str, str, str]] = set()
    for row in new:
        key = (row["indicator"], row["kommune_kode"], row["period"])
        if key in seen:
            raise FetchFailed(f"two values for {key}; this is a connector bug")
        seen.add(key)
    rows = kept + new
    return sorted(rows, key=lambda r: (r["indicator"], int(r["kommune_kode"]), r["period"]))


def _merge_sources(base: Path, results, observations: list[dict[str, str]]) -> list[dict[str, str]]:
    from atlas.build.snapshot_writer import SOURCE_COLUMNS

    rows: dict[str, dict[str, str]] = {}
    if (base / "sources.csv").is_file():
        for row in _read_base_csv(base / "sources.csv")[1]:
            rows[row["source"]] = {c: row.get(c) or "" for c in SOURCE_COLUMNS}
    for result in results:
        for row in result.source_rows:
            rows[row["source"]] = row
    missing = sorted({row["source"] for row in observations} - set(rows))
    if missing:
        raise FetchFailed(f"observations cite source(s) {', '.join(missing)} that have no "
                          "sources.csv row")
    return list(rows.values())


def _readme(fetched: list[str], base: Path, results, when: str, skipped: list[str]) -> str:
    lines = [
        "# Source snapshot written by `atlas fetch`", "",
        f"Fetched {when} by Ulighedsatlas {__version__}. Format: as the offline snapshot "
        "(municipalities.csv, observations.csv, sources.csv, hospitals.csv, "
        "boundaries/kommuner.geojson); see docs/online-data.md in the repository.", "",
        f"Fetched online: {', '.join(fetched) or 'nothing'}. Everything else was copied from "
        f"`{base}`.", "",
        "Provenance of every request (URL, time, SHA-256, cache key) is in fetch_manifest.json.",
    ]
    notes = [note for r in results for note in r.notes] + skipped
    if notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def _validate(directory: Path) -> None:
    """The build's own reader: if it refuses the snapshot, nothing is published."""
    from atlas.build.snapshot import read_snapshot

    read_snapshot(directory, set(registry_for_sources(directory)))


def fetch(options: FetchOptions, *, console: Console | None = None, transport=None) -> dict:
    """Run the fetch; returns the manifest. Raises FetchFailed (nothing written) on failure."""
    from atlas.build.snapshot_writer import (
        OBSERVATION_COLUMNS,
        SOURCE_COLUMNS,
        SnapshotWriter,
        protected,
    )

    console = console or Console(stderr=True)
    base = Path(options.base) if options.base else default_sources_dir()
    out = Path(options.out)
    if not base.is_dir():
        raise FetchFailed(f"base snapshot {base} does not exist; give --base DIR")
    if protected(out):
        raise FetchFailed(f"{out} is the read-only offline snapshot; fetch into another "
                          "directory (default: data/sources) and pass it to atlas build --sources")
    universe = _universe(base)
    chosen, skipped = _plan(options)
    if not chosen:
        raise FetchFailed("no source to fetch: " + "; ".join(skipped))
    transport = transport or make_transport(options)
    console.print(f"[bold]atlas fetch[/] {', '.join(chosen)} → {escape(str(out))} "
                  f"(base: {escape(str(base))})", highlight=False)
    for notice in skipped:
        console.print(f"[yellow]•[/] {escape(notice)}", highlight=False)

    log_start = len(getattr(transport, "log", []))
    results = []
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("starting", total=len(chosen))
        for name in chosen:
            progress.update(task, description=name)
            try:
                result = _fetch_source(name, options, transport, universe,
                                       lambda text: progress.update(task, description=escape(text)))
            except SourceError as problem:
                raise FetchFailed(f"{problem}\nNothing was written; {out} is unchanged.") from None
            results.append(result)
            progress.advance(task)

    try:
        _check_observations(results, universe, base)
    except FetchFailed as problem:
        raise FetchFailed(f"{problem}\nNothing was written; {out} is unchanged.") from None
    observations = _merge_observations(base, results)
    sources = _merge_sources(base, results, observations)
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    manifest = {
        "fetched_at": when, "atlas_version": __version__, "base": str(base),
        "fetched": chosen, "skipped": skipped,
        "sources": {r.name: r.manifest for r in results},
        "notes": [note for r in results for note in r.notes],
        "requests": list(getattr(transport, "log", []))[log_start:],
    }
    replaced_files = {path for r in results for path in r.files}
    try:
        with SnapshotWriter(out) as writer:
            copied = writer.copy_from(base, exclude=GENERATED | replaced_files)
            for result in results:
                for relative, data in result.files.items():
                    writer.write_bytes(relative, data)
            writer.write_csv("observations.csv", OBSERVATION_COLUMNS, observations)
            writer.write_csv("sources.csv", SOURCE_COLUMNS, sources)
            manifest["copied_from_base"] = copied
            writer.write_text(MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2))
            writer.write_text("README.md", _readme(chosen, base, results, when, skipped))
            writer.commit(validate=_validate)
    except (SourceError, OSError) as problem:
        raise FetchFailed(f"the fetched snapshot did not pass the build's checks or could not be "
                          f"written: {problem}\nNothing was written; {out} is unchanged.") from None

    _summary(console, results, out, observations)
    return manifest


def _summary(console: Console, results, out: Path, observations) -> None:
    table = Table(title=escape(f"Wrote {out}"), header_style="bold")
    for column in ("source", "indicators", "values", "empty", "periods"):
        table.add_column(column, justify="right" if column in ("values", "empty") else "left")
    for result in results:
        rows = result.observations
        periods = sorted({o.period for o in rows})
        table.add_row(result.name, str(len({o.indicator for o in rows})),
                      str(sum(1 for o in rows if o.value is not None)),
                      str(sum(1 for o in rows if o.value is None)),
                      (f"{periods[0]} … {periods[-1]}" if len(periods) > 1 else
                       (periods[0] if periods else "—")))
    console.print(table)
    for result in results:
        for note in result.notes:
            console.print(f"[dim]•[/] {escape(note)}", highlight=False)
    console.print(f"Next: [bold]atlas build --sources {escape(str(out))}[/]", highlight=False)


__all__ = ["fetch", "FetchOptions", "FetchFailed", "register", "make_transport"]
