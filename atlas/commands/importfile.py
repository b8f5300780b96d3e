"""`atlas import FILE --indicator ID`: add a user's own values per municipality to a sources
directory, labelled as user-supplied everywhere (see docs/online-data.md).

A thin command-line wrapper: the import itself (what is written, atomically, and every check)
is `atlas.connectors.user_import.import_user_values`, shared with the app's upload page. This
module turns the options into its arguments and prints the report.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from atlas.connectors.user_import import (  # noqa: F401  (re-exported for older callers)
    DEFAULT_SOURCES,
    FIELD_ORDER,
    ID_PATTERN,
    USER_LICENCE,
    USER_PUBLISHER,
    ImportFailed,
    ReadOptions,
    UserIndicatorSpec,
    check_indicator_id,
    default_plausible,
    folder_lock,
    import_user_values,
    indicator_to_entry,
    indicators_toml,
    read_for_import,
    resolve_target,
    slugify,
)
from atlas.connectors.userdata import SHOWN_REJECTED
from atlas.registry import DIRECTIONS, NATIONAL_METHODS, ROLES

# the command-line flags that describe each field of a new indicator (for messages)
FLAGS = {"label_da": "--label-da", "label_en": "--label-en",
         "unit": "--unit (or --unit-da and --unit-en)"}


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

def _report(console: Console, table, indicator_id: str) -> None:
    from atlas.connectors.names import municipality_name

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
        for row in table.rejected[:SHOWN_REJECTED]:
            shown = "; ".join(f"{k}={v}" for k, v in row.raw.items() if v)
            listing.add_row(str(row.line), escape(shown[:200]), escape(row.reason),
                            escape(row.suggestion or ""))
        console.print(listing)
        if len(table.rejected) > SHOWN_REJECTED:
            console.print(f"… and {len(table.rejected) - SHOWN_REJECTED:,} more rows not "
                          f"imported (the first {SHOWN_REJECTED} of {len(table.rejected):,} "
                          "are listed).", highlight=False)
    if matched:
        covered = sorted({r.kommune_kode for r in table.rows})
        console.print(f"{indicator_id}: {len(covered)} municipalit"
                      f"{'y' if len(covered) == 1 else 'ies'}, periods {', '.join(table.periods)}"
                      + (f" (e.g. {municipality_name(covered[0])})" if covered else ""),
                      highlight=False)


def run(args: argparse.Namespace) -> int:
    import_file(args, console=Console(stderr=True))
    return 0


def spec_from_args(args: argparse.Namespace) -> UserIndicatorSpec:
    """The options describing a new indicator, as a UserIndicatorSpec."""
    return UserIndicatorSpec(
        label_da=args.label_da, label_en=args.label_en,
        unit_da=args.unit_da or args.unit, unit_en=args.unit_en or args.unit,
        role=args.role, direction=args.direction, national=args.national,
        decimals=args.decimals,
        plausible=(float(args.plausible[0]), float(args.plausible[1])) if args.plausible else None,
        description_da=args.description_da, description_en=args.description_en,
        caveats_da=args.caveats_da, caveats_en=args.caveats_en)


def import_file(args: argparse.Namespace, *, console: Console) -> dict[str, Any]:
    """The import; returns a small summary. Raises ImportFailed with nothing written."""
    indicator_id = check_indicator_id(args.indicator)
    target = resolve_target(Path(args.sources), Path(args.base) if args.base else None)
    table = read_for_import(Path(args.file), target, ReadOptions(
        code_column=args.code_column, name_column=args.name_column,
        value_column=args.value_column, period_column=args.period_column, period=args.period,
        sheet=args.sheet, decimal=args.decimal))
    _report(console, table, indicator_id)

    def waiting() -> None:
        console.print(escape(f"Waiting for another import into {target.path} to finish …"),
                      highlight=False)

    try:
        with folder_lock(target.path, waiting=waiting):
            # what is on disk now: an import that held the lock may have created the folder
            target = resolve_target(target.path, target.start_from)
            result = import_user_values(
                table, indicator_id=indicator_id, target=target,
                new_indicator=spec_from_args(args), replace=args.replace, strict=args.strict,
                dry_run=args.dry_run, note=lambda message: console.print(message,
                                                                         highlight=False))
    except ImportFailed as problem:
        if problem.kind == "undescribed":
            flags = ", ".join(FLAGS[name] for name in problem.detail["missing"])
            raise ImportFailed(f"'{indicator_id}' is not a registered indicator; describe it "
                               f"with {flags} (see `atlas import --help`)",
                               kind=problem.kind, **problem.detail) from None
        raise
    if args.dry_run:
        console.print("[yellow]--dry-run: nothing was written.[/]")
        return result.summary()
    target_dir = result.sources_dir
    if result.created:
        console.print(escape(f"Created {target_dir} from {result.start_from}."), highlight=False)
    console.print(f"[green]Imported {result.matched} value(s)[/] for {indicator_id} into "
                  + escape(f"{target_dir}"
                           + (f", replacing {result.replaced}" if result.replaced else ""))
                  + f". Rebuild: [bold]atlas build --sources {escape(str(target_dir))}[/]",
                  highlight=False)
    return result.summary()
