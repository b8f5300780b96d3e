"""Read-only access to the built atlas database for the app and other readers.

One DuckDB connection per database file and build (cached on path and modification time),
and a fresh `cursor()` for every query: DuckDB connections are not safe to share between
threads, and Streamlit runs each session's script in its own thread.

The file is ATTACHed (read-only, as catalog `atlas`) to a new in-memory DuckDB instance rather
than opened with `duckdb.connect(path)`: DuckDB keeps one database instance per path and
process, so while any connection to the old build is alive, `connect(path)` would hand back the
old, replaced file — and a rebuilt database (`atlas build`, the upload page) would not be seen.
Each cursor therefore starts with `USE atlas`.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .errors import DatabaseMissing
from .paths import default_db_path
from .sqlfiles import load_sql

_lock = threading.Lock()


def build_command_hint(path: Path) -> str:
    return (
        f"The atlas database {path} does not exist yet. Build it from the source snapshot with "
        f"`atlas build --out {path}` (or start the app with `bash run.sh`, which builds it first)."
    )


CATALOG = "atlas"


@lru_cache(maxsize=4)
def _connect(path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    quoted = path.replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
    con.execute(f"USE {CATALOG}")
    return con


def _cursor(path: Path | None) -> duckdb.DuckDBPyConnection:
    cursor = connection(path).cursor()
    cursor.execute(f"USE {CATALOG}")
    return cursor


def connection(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The shared read-only connection for `path` (default: `$ATLAS_DB` or data/atlas.duckdb).

    Raises DatabaseMissing with build instructions when the file is absent.
    """
    path = Path(path) if path else default_db_path()
    try:
        mtime_ns = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DatabaseMissing(build_command_hint(path)) from None
    with _lock:
        return _connect(str(path.resolve()), mtime_ns)


def query_df(name: str, params: dict[str, Any] | list[Any] | None = None,
             path: Path | None = None) -> pd.DataFrame:
    """Run the named statement from `sql/` (e.g. "queries/municipalities") on its own cursor."""
    cursor = _cursor(path)
    try:
        return cursor.execute(load_sql(name), params or []).df()
    finally:
        cursor.close()


def query_rows(name: str, params: dict[str, Any] | list[Any] | None = None,
               path: Path | None = None) -> list[tuple]:
    cursor = _cursor(path)
    try:
        return cursor.execute(load_sql(name), params or []).fetchall()
    finally:
        cursor.close()
