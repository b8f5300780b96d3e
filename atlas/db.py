"""The built atlas database, read-only: one object owns the file, its connection and its caches.

`database()` returns the `Database` for the configured file (`$ATLAS_DB`, else
data/atlas.duckdb). It holds:

- one DuckDB connection per build of the file, and a fresh `cursor()` for every query (a
  connection is not safe to share between threads, and Streamlit runs each session's script
  in its own thread);
- the **build id** (path + modification time): when `atlas build` or the upload page replaces
  the file, the next query sees a new id, reopens the file and drops every cached result;
- the per-build cache that `@per_build` query functions use, so callers never thread a path or
  a cache key through their calls (after Datasette's `Database` class).

The file is ATTACHed read-only to a new in-memory DuckDB instance rather than opened with
`duckdb.connect(path)`: DuckDB keeps one instance per path and process, so while any
connection to the old build is alive, `connect(path)` would hand back the replaced file. After
attaching, external access (reading or writing other files: `read_csv('/etc/passwd')`,
`COPY … TO`) is switched off and the configuration locked, so no query can touch the disk.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Any, Callable, Hashable, TypeVar

import duckdb
import pandas as pd

from atlas.errors import DatabaseMissing
from atlas.paths import default_db_path
from atlas.sqlfiles import load_sql, schema_fingerprint

CATALOG = "atlas"
T = TypeVar("T")


def build_command_hint(path: Path) -> str:
    return (
        f"The atlas database {path} does not exist yet. Build it from the source snapshot with "
        f"`atlas build --out {path}` (or start the app with `bash run.sh app`, which builds it "
        "first)."
    )


class Database:
    """One atlas database file: read-only connection, cursor per query, build id, caches."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._build_id: str | None = None
        self._resolved: Path | None = None
        self._cache: dict[Hashable, Any] = {}

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    @property
    def build_id(self) -> str:
        """Identifies the current build of the file (path and modification time).

        Raises DatabaseMissing (with build instructions) when the file is absent."""
        try:
            mtime_ns = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            raise DatabaseMissing(build_command_hint(self.path)) from None
        return f"{self._resolved_path()}@{mtime_ns}"

    def _resolved_path(self) -> Path:
        # resolved once: every cached query asks for the build id, and resolving walks the
        # path's folders (a page run asks hundreds of times)
        if self._resolved is None:
            self._resolved = self.path.resolve()
        return self._resolved

    def exists(self) -> bool:
        return self.path.is_file()

    def is_outdated(self) -> bool:
        """Built by another version of the SQL and registry than this code's (or before builds
        recorded one): a table or column the code reads may be missing. Checked once per build."""
        def stored() -> str | None:
            try:
                found = self.rows("queries/schema_fingerprint")
            except duckdb.Error:        # no build_info table: not built by this atlas
                return None
            return found[0][0] if found else None
        return self.memo(("schema_fingerprint",), stored) != schema_fingerprint()

    def _current(self) -> tuple[duckdb.DuckDBPyConnection, str]:
        build_id = self.build_id
        with self._lock:
            if self._connection is None or build_id != self._build_id:
                old = self._connection
                self._connection = _open_read_only(self.path)
                self._build_id = build_id
                self._cache = {}
                if old is not None:
                    old.close()
            return self._connection, build_id

    def cursor(self) -> duckdb.DuckDBPyConnection:
        connection, _ = self._current()
        cursor = connection.cursor()
        cursor.execute(f"USE {CATALOG}")
        return cursor

    def df(self, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run the named statement from `sql/` (e.g. "queries/municipalities")."""
        cursor = self.cursor()
        try:
            return cursor.execute(load_sql(name), params or {}).df()
        finally:
            cursor.close()

    def rows(self, name: str, params: dict[str, Any] | None = None) -> list[tuple]:
        cursor = self.cursor()
        try:
            return cursor.execute(load_sql(name), params or {}).fetchall()
        finally:
            cursor.close()

    def memo(self, key: Hashable, compute: Callable[[], T], limit: int | None = None) -> T:
        """`compute()` once per build of the file and `key`. With `limit`, the entries that
        share the key's first element keep only the `limit` most recently used (for keys a
        visitor chooses, such as a page's whole URL state: memory stays bounded)."""
        _, build_id = self._current()
        cache = self._cache
        try:
            value = cache[key]
        except KeyError:
            value = compute()
            # every change of the cache under the lock: the visitors' script threads and the
            # prefetch thread share it, and forgetting the oldest walks it (a write beside that
            # walk broke a visitor's run: "dictionary changed size during iteration")
            with self._lock:
                if self._build_id == build_id:
                    cache[key] = value
                    if limit is not None:
                        self._forget_oldest(cache, key, limit)
            return value
        if limit is not None:
            with self._lock:            # most recently used last
                cache.pop(key, None)
                cache[key] = value
        return value

    @staticmethod
    def _forget_oldest(cache: dict, key: tuple, limit: int) -> None:
        """Keep the `limit` most recently used entries of `key`'s family (the caller holds the
        lock)."""
        family = [k for k in cache if isinstance(k, tuple) and k[:1] == key[:1]]
        for old in family[:max(0, len(family) - limit)]:
            cache.pop(old, None)


def _open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:")
    quoted = str(path.resolve()).replace("'", "''")
    connection.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
    connection.execute(f"USE {CATALOG}")
    connection.execute("SET enable_external_access = false")
    connection.execute("SET lock_configuration = true")
    return connection


_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()


def database(path: Path | str | None = None) -> Database:
    """The Database for `path` (default: `$ATLAS_DB`, else data/atlas.duckdb), one per file."""
    target = Path(path) if path else default_db_path()
    key = os.path.abspath(target)
    with _databases_lock:
        found = _databases.get(key)
        if found is None:
            found = _databases[key] = Database(target)
        return found


def per_build(function: Callable[..., T]) -> Callable[..., T]:
    """Cache a query function's result per build of the current database and arguments."""

    @functools.wraps(function)
    def cached(*args: Hashable) -> T:
        return database().memo((function.__module__, function.__qualname__, args),
                               lambda: function(*args))

    cached.uncached = function  # type: ignore[attr-defined]
    return cached


def per_build_recent(limit: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Like `per_build`, for functions of a visitor's choices (a whole view state): only the
    `limit` most recently used results are kept. The key is the first argument (hashable);
    any further arguments must follow from it and the build."""

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        name = (function.__module__, function.__qualname__)

        @functools.wraps(function)
        def cached(key_arg: Hashable, *rest: Any) -> T:
            return database().memo((name, key_arg), lambda: function(key_arg, *rest),
                                   limit=limit)

        cached.uncached = function  # type: ignore[attr-defined]
        return cached

    return decorate
