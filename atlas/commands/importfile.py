"""`atlas import FILE --indicator ID`: add a user's own values per municipality to a sources
directory, labelled as user-supplied everywhere (see docs/online-data.md).

Writes, atomically (the whole directory is swapped in only after the build's reader accepts it):
* rows in observations.csv with source `user_<file slug>`;
* a sources.csv row: publisher "Brugerens egen fil (user-supplied)", title = the file name;
* for an id not in atlas/indicators.toml, an entry in `user_indicators.toml` (same schema,
  `origin = "user"`), which the build merges into the registry.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import AtlasError, SourceError
from ..paths import DATA_DIR, default_sources_dir
from ..registry import (
    DIRECTIONS,
    NATIONAL_METHODS,
    ROLES,
    USER_REGISTRY_FILE,
    Indicator,
    load_registry,
    registry,
)

DEFAULT_SOURCES = DATA_DIR / "sources"
USER_PUBLISHER = "Brugerens egen fil (user-supplied)"
USER_LICENCE = "ukendt / unknown"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,62}$")
FIELD_ORDER = ("id", "role", "direction", "core", "origin", "source", "unit_da", "unit_en",
               "decimals", "plausible", "national", "label_da", "label_en", "description_da",
               "description_en", "caveats_da", "caveats_en")


class ImportFailed(AtlasError):
    """The import was refused; nothing was written."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import", help="add your own CSV/.xlsx values per municipality to a sources directory",
        description="Import a CSV or .xlsx with a municipality code or name column and a value "
                    "column. Unmatched rows are listed, never dropped silently. The indicator is "
                    "labelled as user-supplied wherever it appears.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="CSV or .xlsx file")
    parser.add_argument("--indicator", required=True, metavar="ID",
                        help="indicator id: a registered one, or a new one (then give "
                             "--label-da, --label-en and --unit)")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                        help="sources directory to write into (default: data/sources; created "
                             "from --base if missing)")
    parser.add_argument("--base", type=Path, default=None,
                        help="snapshot to start from when --sources does not exist yet "
                             "(default: the offline snapshot)")
    reading = parser.add_argument_group("reading the file")
    reading.add_argument("--period", help="period of every row when the file has no period "
                                          "column (e.g. 2024 or 2021-2025)")
    reading.add_argument("--code-column", help="column with municipality codes (name or number)")
    reading.add_argument("--name-column", help="column with municipality names")
    reading.add_argument("--value-column", help="column with the values")
    reading.add_argument("--period-column", help="column with the period")
    reading.add_argument("--sheet", help="worksheet of an .xlsx (default: the first)")
    reading.add_argument("--decimal", choices=("auto", "comma", "point"), default="auto",
                         help="decimal separator in text cells (default: auto)")
    meta = parser.add_argument_group("describing a new indicator")
    meta.add_argument("--label-da")
    meta.add_argument("--label-en")
    meta.add_argument("--unit", help="unit in both languages (or --unit-da/--unit-en)")
    meta.add_argument("--unit-da")
    meta.add_argument("--unit-en")
    meta.add_argument("--role", choices=ROLES, help="default: context")
    meta.add_argument("--direction", choices=DIRECTIONS, help="default: neutral")
    meta.add_argument("--national", choices=NATIONAL_METHODS,
                      help="default: population_weighted_mean")
    meta.add_argument("--decimals", type=int)
    meta.add_argument("--plausible", nargs=2, type=float, metavar=("MIN", "MAX"),
                      help="default: the data's range widened by half of it")
    meta.add_argument("--description-da")
    meta.add_argument("--description-en")
    meta.add_argument("--caveats-da")
    meta.add_argument("--caveats-en")
    behaviour = parser.add_argument_group("behaviour")
    behaviour.add_argument("--replace", action="store_true",
                           help="replace existing values of this indicator for the file's periods")
    behaviour.add_argument("--strict", action="store_true",
                           help="refuse the import if any row is unmatched or invalid")
    behaviour.add_argument("--dry-run", action="store_true",
                           help="read and report, write nothing")
    parser.set_defaults(handler=run)


# ------------------------------------------------------------------------------------------

def slugify(text: str) -> str:
    from ..connectors.names import fold

    value = re.sub(r"[^a-z0-9]+", "_", re.sub(r"\s+", " ", text).strip().casefold()
                   .translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})))
    value = re.sub(r"[^a-z0-9_]", "", value).strip("_")[:40].strip("_")
    return value or fold(text)[:40] or "file"


def toml_string(text: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML escapes)."""
    return json.dumps(text, ensure_ascii=False)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return toml_string(str(value))


def indicators_toml(entries: list[dict[str, Any]]) -> str:
    lines = ["# User-supplied indicators, written by `atlas import`. Same schema as",
             "# atlas/indicators.toml; merged into the registry by `atlas build`.", ""]
    for entry in entries:
        lines.append("[[indicator]]")
        for key in FIELD_ORDER:
            lines.append(f"{key} = {toml_value(entry[key])}")
        lines.append("")
    return "\n".join(lines)


def indicator_to_entry(indicator: Indicator) -> dict[str, Any]:
    entry = {key: getattr(indicator, key) for key in FIELD_ORDER if key != "plausible"}
    entry["plausible"] = [indicator.plausible_min, indicator.plausible_max]
    return entry


def default_plausible(values: list[float]) -> list[float]:
    low, high = min(values), max(values)
    span = (high - low) or max(abs(high), 1.0)
    lower, upper = low - span / 2, high + span / 2
    if low >= 0:
        lower = max(0.0, lower)
    lower, upper = math.floor(lower * 100) / 100, math.ceil(upper * 100) / 100
    if not lower < upper:
        upper = lower + 1.0
    return [lower, upper]


def _new_entry(args: argparse.Namespace, values: list[float], source: str,
               file_name: str, previous: dict[str, Any] | None) -> dict[str, Any]:
    today = date.today().isoformat()
    entry = dict(previous) if previous else {
        "id": args.indicator, "role": "context", "direction": "neutral", "core": False,
        "origin": "user", "national": "population_weighted_mean",
        "description_da": f"Brugerleveret indikator fra filen {file_name}, importeret {today}.",
        "description_en": f"User-supplied indicator from the file {file_name}, imported {today}.",
        "caveats_da": "Brugerens egne data: ikke fra en officiel kilde og ikke kontrolleret af "
                      "Ulighedsatlas.",
        "caveats_en": "The user's own data: not from an official source and not checked by "
                      "Ulighedsatlas.",
    }
    if previous is None:
        missing = [flag for flag, given in (("--label-da", args.label_da),
                                            ("--label-en", args.label_en),
                                            ("--unit (or --unit-da and --unit-en)",
                                             args.unit or (args.unit_da and args.unit_en)))
                   if not given]
        if missing:
            raise ImportFailed(f"'{args.indicator}' is not a registered indicator; describe it "
                               f"with {', '.join(missing)} (see `atlas import --help`)")
    entry["source"] = source
    entry["origin"] = "user"
    for key in ("label_da", "label_en", "role", "direction", "national", "description_da",
                "description_en", "caveats_da", "caveats_en"):
        given = getattr(args, key)
        if given is not None:
            entry[key] = given
    if args.unit or args.unit_da:
        entry["unit_da"] = args.unit_da or args.unit
    if args.unit or args.unit_en:
        entry["unit_en"] = args.unit_en or args.unit
    if args.decimals is not None:
        entry["decimals"] = args.decimals
    elif "decimals" not in entry:
        entry["decimals"] = 0 if all(float(v).is_integer() for v in values) else 1
    if args.plausible:
        entry["plausible"] = [float(args.plausible[0]), float(args.plausible[1])]
    elif previous is not None:
        low, high = previous["plausible"]
        entry["plausible"] = [min(low, *values), max(high, *values)] if values else [low, high]
        if entry["plausible"] != [low, high]:
            entry["plausible"] = default_plausible(values + [low, high])
    else:
        entry["plausible"] = default_plausible(values)
    return entry


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        return [], []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _report(console: Console, table, indicator_id: str) -> None:
    from ..connectors.names import municipality_name

    matched = len(table.rows)
    console.print(
        f"[bold]{escape(table.file_name)}[/]" + escape(
            (f" (sheet {table.sheet})" if table.sheet else "")
            + ": municipality from column "
            + " + ".join(repr(c) for c in (table.code_column, table.name_column) if c)
            + f", values from {table.value_column!r}"
            + (f", periods from {table.period_column!r}" if table.period_column else "")
            + f", decimal {table.decimal}."), highlight=False)
    console.print(
        f"[green]{matched} matched[/] ({table.suppressed} empty = not published)"
        f" · [{'red' if table.rejected else 'green'}]{len(table.rejected)} unmatched or invalid[/]"
        + (f" · {table.blank_lines} blank line(s)" if table.blank_lines else ""), highlight=False)
    if table.rejected:
        listing = Table(title="Rows not imported", header_style="bold")
        for column in ("line", "row", "reason", "did you mean"):
            listing.add_column(column)
        for row in table.rejected:
            shown = "; ".join(f"{k}={v}" for k, v in row.raw.items() if v)
            listing.add_row(str(row.line), escape(shown), escape(row.reason),
                            escape(row.suggestion or ""))
        console.print(listing)
    if matched:
        covered = sorted({r.kommune_kode for r in table.rows})
        console.print(f"{indicator_id}: {len(covered)} municipalit"
                      f"{'y' if len(covered) == 1 else 'ies'}, periods {', '.join(table.periods)}"
                      + (f" (e.g. {municipality_name(covered[0])})" if covered else ""),
                      highlight=False)


def run(args: argparse.Namespace) -> int:
    import_file(args, console=Console(stderr=True))
    return 0


def import_file(args: argparse.Namespace, *, console: Console) -> dict[str, Any]:
    """The import; returns a small summary. Raises ImportFailed with nothing written."""
    from ..connectors.common import format_value
    from ..connectors.snapshot_writer import (
        OBSERVATION_COLUMNS,
        SOURCE_COLUMNS,
        SnapshotWriter,
        protected,
    )
    from ..connectors.userdata import read_user_table

    indicator_id = args.indicator.strip()
    if not ID_PATTERN.match(indicator_id):
        raise ImportFailed(f"indicator id {indicator_id!r} must be lower-case letters, digits and "
                           "underscores, starting with a letter (e.g. my_indicator)")
    target = Path(args.sources)
    if protected(target):
        raise ImportFailed(f"{target} is the read-only offline snapshot; import into a copy "
                           "(the default data/sources is created from it)")
    start_from = target if (target / "observations.csv").is_file() else \
        Path(args.base) if args.base else default_sources_dir()
    if not (start_from / "municipalities.csv").is_file():
        raise ImportFailed(f"{start_from} is not a sources directory (no municipalities.csv)")
    anchor = target.parent
    while not anchor.exists() and anchor != anchor.parent:
        anchor = anchor.parent
    if not os.access(anchor, os.W_OK):
        raise ImportFailed(f"cannot write beside {target} (read-only); import into a copy, e.g. "
                           "the default data/sources")

    with open(start_from / "municipalities.csv", encoding="utf-8-sig", newline="") as handle:
        universe = {int(row["kommune_kode"]) for row in csv.DictReader(handle)}
    try:
        table = read_user_table(args.file, code_column=args.code_column,
                                name_column=args.name_column, value_column=args.value_column,
                                period_column=args.period_column, period=args.period,
                                sheet=args.sheet, decimal=args.decimal, universe=universe)
    except SourceError as problem:
        raise ImportFailed(f"{problem}\nNothing was written.") from None
    _report(console, table, indicator_id)
    if not table.rows:
        raise ImportFailed("no row matched a municipality; nothing was written")
    if args.strict and table.rejected:
        raise ImportFailed(f"{len(table.rejected)} row(s) unmatched or invalid and --strict was "
                           "given; nothing was written")
    values = table.values()
    if not values:
        raise ImportFailed("every matched value is empty; nothing was written")

    source = f"user_{slugify(Path(table.file_name).stem)}"
    project = registry()
    user_file = start_from / USER_REGISTRY_FILE
    user_entries = ({key: indicator_to_entry(value)
                     for key, value in load_registry(user_file).items()}
                    if user_file.is_file() else {})
    if indicator_id in project:
        official = project[indicator_id]
        outside = [r for r in table.rows if r.value is not None
                   and not official.plausible_min <= r.value <= official.plausible_max]
        if outside:
            shown = ", ".join(f"line {r.line}: {r.value:g}" for r in outside[:8])
            raise ImportFailed(
                f"{len(outside)} value(s) outside {indicator_id}'s plausible range "
                f"[{official.plausible_min:g}, {official.plausible_max:g}] ({official.unit_en}): "
                f"{shown}. Check the unit; nothing was written.")
        entry = None
        console.print(f"{indicator_id} is a registered indicator; these values are marked as "
                      f"user-supplied (source {source}).", highlight=False)
    else:
        entry = _new_entry(args, values, source, table.file_name, user_entries.get(indicator_id))
        user_entries[indicator_id] = entry

    _, observations = _read_csv(start_from / "observations.csv")
    periods = set(table.periods)
    clashes = [row for row in observations
               if row["indicator"] == indicator_id and row["period"] in periods]
    if clashes and not args.replace:
        raise ImportFailed(
            f"{len(clashes)} value(s) of {indicator_id} for period(s) "
            f"{', '.join(sorted({r['period'] for r in clashes}))} already exist (source "
            f"{', '.join(sorted({r['source'] for r in clashes}))}); add --replace to replace "
            "them. Nothing was written.")
    kept = [row for row in observations
            if not (row["indicator"] == indicator_id and row["period"] in periods)]
    new_rows = [{"indicator": indicator_id, "kommune_kode": str(row.kommune_kode),
                 "period": row.period, "value": format_value(row.value), "source": source}
                for row in table.rows]
    all_rows = sorted(kept + new_rows,
                      key=lambda r: (r["indicator"], int(r["kommune_kode"]), r["period"]))
    _, source_rows = _read_csv(start_from / "sources.csv")
    source_rows = [row for row in source_rows if row["source"] != source]
    source_rows.append({"source": source, "publisher": USER_PUBLISHER, "table": "",
                        "title": table.file_name, "url": "", "licence": USER_LICENCE})

    summary = {"indicator": indicator_id, "source": source, "matched": len(table.rows),
               "rejected": len(table.rejected), "replaced": len(clashes),
               "periods": table.periods, "sources_dir": str(target)}
    if args.dry_run:
        console.print("[yellow]--dry-run: nothing was written.[/]")
        return summary

    def validate(directory: Path) -> None:
        from ..registry import registry_for_sources
        from ..snapshot import read_snapshot

        read_snapshot(directory, set(registry_for_sources(directory)))

    try:
        with SnapshotWriter(target) as writer:
            writer.copy_from(start_from, exclude={"observations.csv", "sources.csv",
                                                  USER_REGISTRY_FILE})
            writer.write_csv("observations.csv", OBSERVATION_COLUMNS, all_rows)
            writer.write_csv("sources.csv", SOURCE_COLUMNS,
                             [{c: row.get(c) or "" for c in SOURCE_COLUMNS} for row in source_rows])
            if user_entries:
                writer.write_text(USER_REGISTRY_FILE, indicators_toml(list(user_entries.values())))
            writer.commit(validate=validate)
    except (AtlasError, OSError) as problem:
        raise ImportFailed(f"the result did not pass the build's checks or could not be written: "
                           f"{problem}\nNothing was written; {target} is unchanged.") from None
    if start_from != target:
        console.print(escape(f"Created {target} from {start_from}."), highlight=False)
    console.print(f"[green]Imported {len(table.rows)} value(s)[/] for {indicator_id} into "
                  + escape(f"{target}" + (f", replacing {len(clashes)}" if clashes else ""))
                  + f". Rebuild: [bold]atlas build --sources {escape(str(target))}[/]",
                  highlight=False)
    return summary
