"""`atlas build [--sources DIR] [--out FILE]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from atlas.paths import default_db_path, default_sources_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build", help="build the atlas database from a source snapshot",
        description="Validate a source snapshot and build the atlas DuckDB file atomically.",
    )
    parser.add_argument("--sources", type=Path, default=None,
                        help="snapshot directory (default: $ATLAS_SOURCES, else "
                             "../shared/data/sources if present, else data/sources)")
    parser.add_argument("--out", type=Path, default=None,
                        help="database file to write (default: $ATLAS_DB or data/atlas.duckdb)")
    parser.add_argument("--if-outdated", action="store_true",
                        help="build only if the database is missing or was built by another "
                             "version of the SQL and indicator registry (bash run.sh app)")
    parser.add_argument("--expect-municipalities", type=int, default=98,
                        help=argparse.SUPPRESS)  # test fixtures use a handful of municipalities
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out = args.out or default_db_path()
    if args.if_outdated and _up_to_date(out):
        print(f"{out} is up to date (built by this version of the atlas).")
        return 0
    from atlas.build.pipeline import build_database

    build_database(args.sources or default_sources_dir(), out,
                   expected_municipalities=args.expect_municipalities)
    return 0


def _up_to_date(path: Path) -> bool:
    import duckdb

    from atlas.db import Database

    database = Database(path)
    try:
        return database.exists() and not database.is_outdated()
    except duckdb.Error:            # unreadable, or not a database at all: build it anew
        return False
