"""The app's "Egne data" page (pages/upload.py): a user's own file into the atlas — the logic,
without Streamlit. The page only lays out what these functions return.

* `upload_target()`: where the upload writes, by the rules of `atlas import` (below).
* `inspect_file()` / `read_file()`: the reader's guess of the columns, then the rows read with
  the columns a person confirmed (every row matched or listed with its reason).
* `importable_indicators()`: registry indicators without official data, and earlier user
  indicators — the targets offered.
* `preview_frames()`: the matched rows and the rows not imported, as tables to show.
* `check_import()`: the import as a dry run — every refusal before anything is written.
* `import_and_rebuild()`: the import (atomic) and a rebuild of the database (atomic); if the
  build fails, the sources folder is put back as it was, so nothing is half-written.

Where the upload writes: `$ATLAS_SOURCES` when it names a writable snapshot folder (not the
read-only offline snapshot) — the snapshot this installation builds from —, else `data/sources`,
created from the offline snapshot on the first import and updated in place afterwards (the
defaults of `atlas import`). The database rebuilt is `default_db_path()` (`$ATLAS_DB`, else
data/atlas.duckdb).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
from rich.console import Console

from atlas.build.snapshot_writer import protected
from atlas.connectors.common import format_value
from atlas.connectors.user_import import (
    DEFAULT_SOURCES,
    ID_PATTERN,
    ImportFailed,
    ImportResult,
    ImportTarget,
    ReadOptions,
    UserIndicatorSpec,
    folder_lock,
    import_user_values,
    read_for_import,
    resolve_target,
)
from atlas.connectors.userdata import (
    SHOWN_REJECTED,
    FileLayout,
    UserDataError,
    UserTable,
    check_period_range,
    inspect_user_file,
)
from atlas.connectors.userfile import MAX_FILE_BYTES
from atlas.paths import default_db_path, default_sources_dir
from atlas.registry import DIRECTIONS as DIRECTIONS  # the page's choices for a new indicator
from atlas.registry import ROLES as ROLES
from atlas.registry import Indicator, registry_for_sources
from atlas.upload.text import code_span, escape_markdown, field_names, reject_reason, tr

BUILD_STEPS = 7              # the "✓ …" steps build_database reports
# The uploader's limit in Streamlit's unit (MB of 1024 x 1024 bytes, as `server.maxUploadSize`
# in .streamlit/config.toml): the atlas's own limit, so that no bigger file is taken into the
# server's memory at all (issue 22).
MAX_UPLOAD_MB = MAX_FILE_BYTES // (1024 * 1024)
PAGE_LOCK_TIMEOUT_S = 120.0  # the page waits this long for an import from elsewhere
# The map is app.py's default page, served at the app's root: a default page's url_path
# ("kort") is not routable, so link to the root, relative to this page.
MAP_URL_PATH = "./"
_import_lock = threading.Lock()


# ------------------------------------------------------------------------------------------
# where to write
# ------------------------------------------------------------------------------------------

def _writable_folder(path: Path) -> bool:
    anchor = path
    while not anchor.exists() and anchor != anchor.parent:
        anchor = anchor.parent
    return os.access(anchor, os.W_OK) and os.access(anchor.parent, os.W_OK)


def import_dir() -> Path:
    """The sources folder the upload writes into (see the module docstring)."""
    env = os.environ.get("ATLAS_SOURCES")
    if env:
        path = Path(env)
        if not protected(path) and (path / "observations.csv").is_file() \
                and _writable_folder(path):
            return path
    return DEFAULT_SOURCES


def upload_target() -> ImportTarget:
    """Where the upload writes and what it starts from; ImportFailed when it cannot write."""
    return resolve_target(import_dir(), default_sources_dir())


def session_target(universe: frozenset[int]) -> ImportTarget:
    """Public mode: the visitor's file is read against the atlas's municipalities
    (`universe`, from the database) and kept in their session; nothing is ever written, so
    the target names no folder to write into."""
    start = default_sources_dir()
    return ImportTarget(start, start, frozenset(universe))


def same_folder(a: str | Path | None, b: str | Path | None) -> bool:
    if not a or not b:
        return False
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


# ------------------------------------------------------------------------------------------
# reading the file
# ------------------------------------------------------------------------------------------

def inspect_file(data: bytes, file_name: str, sheet: str | None = None) -> FileLayout:
    """The columns and the reader's guess for each; ImportFailed("unreadable") if the file as a
    whole cannot be read."""
    try:
        return inspect_user_file(data, file_name=file_name, sheet=sheet)
    except UserDataError as problem:
        raise ImportFailed(str(problem), kind="unreadable", problem=str(problem)) from None


def read_file(data: bytes, file_name: str, target: ImportTarget, *, code_column: str | None,
              name_column: str | None, value_column: str, period_column: str | None,
              period: str | None = None, sheet: str | None = None,
              decimal: str = "auto") -> UserTable:
    """The rows, read with exactly these columns (nothing re-guessed)."""
    return read_for_import(data, target, ReadOptions(
        code_column=code_column, name_column=name_column, value_column=value_column,
        period_column=period_column, period=period, sheet=sheet, decimal=decimal,
        detect=False), file_name=file_name)


def valid_period(text: str) -> bool:
    """A year or a span of years from 1900 to next year."""
    if not re.fullmatch(r"\s*\d{4}(\s*[-:]\s*\d{4})?\s*", text or ""):
        return False
    try:
        check_period_range(text)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------------------------
# the targets offered
# ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorChoice:
    indicator: Indicator
    user: bool               # a user indicator imported before (origin "user")

    @property
    def id(self) -> str:
        return self.indicator.id

    def label(self, lang: str) -> str:
        text = self.indicator.label(lang)
        tags = []
        if self.indicator.core:
            tags.append(tr("target.core", lang))
        if self.user:
            tags.append(tr("target.user", lang))
        return text + (f" ({', '.join(tags)})" if tags else "") + f" · {self.id}"


def importable_indicators(target: ImportTarget) -> list[IndicatorChoice]:
    """Indicators a user's file may fill: registered ones with no official value in the
    snapshot the import starts from (not those the build computes), and user indicators
    imported before. Core indicators first, then registry order."""
    indicators = registry_for_sources(target.start_from)
    official: set[str] = set()
    with open(target.start_from / "observations.csv", encoding="utf-8-sig",
              newline="") as handle:
        for row in csv.DictReader(handle):
            if row["value"] != "" and not row["source"].startswith("user_"):
                official.add(row["indicator"])
    choices = [IndicatorChoice(indicator, indicator.origin == "user")
               for indicator in indicators.values()
               if indicator.origin != "computed" and indicator.id not in official]
    order = {key: position for position, key in enumerate(indicators)}
    return sorted(choices, key=lambda c: (c.user, not c.indicator.core, order[c.id]))


def new_indicator_problems(indicator_id: str, spec: UserIndicatorSpec, target: ImportTarget,
                           lang: str) -> list[str]:
    """What keeps a new indicator's description from being complete, worded in `lang` (as
    Markdown)."""
    problems: list[str] = []
    indicator_id = indicator_id.strip()
    if indicator_id and not ID_PATTERN.match(indicator_id):
        problems.append(tr("new.bad_id", lang, id=escape_markdown(indicator_id)))
    elif indicator_id in registry_for_sources(target.start_from):
        problems.append(tr("new.id_taken", lang, id=escape_markdown(indicator_id)))
    missing = [name for name, given in (("id", indicator_id), ("label_da", spec.label_da),
                                        ("label_en", spec.label_en),
                                        ("unit_da", spec.unit_da), ("unit_en", spec.unit_en))
               if not given]
    if missing:
        problems.append(tr("new.missing", lang, fields=field_names(missing, lang)))
    return problems


# ------------------------------------------------------------------------------------------
# what the page shows
# ------------------------------------------------------------------------------------------

def format_number(value: float | None, lang: str) -> str:
    """A value as text: the decimal separator of the language; None (not published) is
    "ingen data" / "no data" — never 0."""
    if value is None:
        return tr("no_data", lang)
    text = format_value(value)
    return text if lang == "en" else text.replace(".", ",")


def _as_written(table: UserTable, raw: dict[str, str]) -> str:
    parts = [raw.get(column, "") for column in (table.code_column, table.name_column) if column]
    return " · ".join(part for part in parts if part)


def preview_frames(table: UserTable, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(matched rows, rows not imported) with column titles in `lang`."""
    from atlas.connectors.names import municipality_name

    matched = pd.DataFrame(
        [{tr("col.code", lang): row.kommune_kode,
          tr("col.municipality", lang): municipality_name(row.kommune_kode),
          tr("col.as_written", lang): _as_written(table, row.raw),
          tr("col.period", lang): row.period,
          tr("col.value", lang): format_number(row.value, lang)} for row in table.rows],
        columns=[tr(k, lang) for k in ("col.code", "col.municipality", "col.as_written",
                                       "col.period", "col.value")])
    rejected = pd.DataFrame(
        [{tr("col.line", lang): row.line,
          tr("col.reason", lang): reject_reason(row, lang),
          tr("col.suggestion", lang): row.suggestion or "",
          tr("col.row", lang): " · ".join(f"{k}: {v}" for k, v in row.raw.items() if v)}
         for row in table.rejected[:SHOWN_REJECTED]],
        columns=[tr(k, lang) for k in ("col.line", "col.reason", "col.suggestion", "col.row")])
    if not any(row.suggestion for row in table.rejected):
        rejected = rejected.drop(columns=tr("col.suggestion", lang))
    return matched, rejected


def reading_summary(table: UserTable, lang: str) -> str:
    """How the file was read, in one line (markdown; file and column names escaped)."""
    def quote(text: str) -> str:
        return escape_markdown(text)

    municipality = " + ".join(
        ("«{}»" if lang != "en" else "“{}”").format(quote(c))
        for c in (table.code_column, table.name_column) if c)
    period = (tr("read_as.period_column", lang, column=quote(table.period_column))
              if table.period_column else
              tr("read_as.fixed_period", lang, period=quote(table.periods[0]
                                                              if table.periods else "?")))
    return tr("read_as", lang, file=quote(table.file_name),
              sheet=tr("read_as.sheet", lang, sheet=quote(table.sheet)) if table.sheet else "",
              municipality=municipality, value=quote(table.value_column), period=period,
              decimal=tr(f"read_as.{table.decimal}", lang))


def counts_line(table: UserTable, lang: str) -> str:
    def rows(n: int) -> str:
        return tr("row" if n == 1 else "rows", lang)

    return tr("counts", lang, matched=len(table.rows), matched_rows=rows(len(table.rows)),
              suppressed=table.suppressed, rejected=len(table.rejected),
              rejected_rows=rows(len(table.rejected)),
              blank=tr("counts.blank", lang, n=table.blank_lines) if table.blank_lines else "")


def map_link(indicator_id: str, lang: str) -> str:
    """A link to the map page showing this indicator (relative, so it works under any base
    path)."""
    return f"{MAP_URL_PATH}?indicator={indicator_id}" + ("&lang=en" if lang == "en" else "")


# ------------------------------------------------------------------------------------------
# checking and importing
# ------------------------------------------------------------------------------------------

def check_import(table: UserTable, *, indicator_id: str, spec: UserIndicatorSpec | None,
                 target: ImportTarget, replace: bool) -> ImportResult:
    """The whole import as a dry run (nothing written); ImportFailed with its reason."""
    return import_user_values(table, indicator_id=indicator_id, target=target,
                              new_indicator=spec, replace=replace, dry_run=True)


@dataclass
class UploadOutcome:
    result: ImportResult
    file_name: str
    db: Path
    label_da: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_da


class _Lines(io.TextIOBase):
    """A text stream that hands each complete line to a function (the build's console)."""

    def __init__(self, handle: Callable[[str], None]) -> None:
        self.handle, self.buffer = handle, ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.buffer += text
        while "\n" in self.buffer:
            line, self.buffer = self.buffer.split("\n", 1)
            self.handle(line)
        return len(text)


def _backup(folder: Path) -> Path | None:
    """A copy of the sources folder beside it, to put back if the build fails."""
    if not folder.exists():
        return None
    copy = Path(tempfile.mkdtemp(prefix=f".{folder.name}.undo-", dir=folder.parent))
    shutil.copytree(folder, copy, dirs_exist_ok=True)
    return copy


def _restore(folder: Path, backup: Path | None) -> None:
    """Put the sources folder back as it was before the import (renames only)."""
    trash = Path(tempfile.mkdtemp(prefix=f".{folder.name}.failed-", dir=folder.parent))
    trash.rmdir()
    if folder.exists():
        os.rename(folder, trash)
    if backup is not None:
        os.rename(backup, folder)
    shutil.rmtree(trash, ignore_errors=True)


def import_and_rebuild(table: UserTable, *, indicator_id: str,
                       spec: UserIndicatorSpec | None, target: ImportTarget, replace: bool,
                       db: Path | None = None,
                       progress: Callable[[float, str], None] | None = None,
                       lang: str = "da",
                       expected_municipalities: int = 98) -> UploadOutcome:
    """Write the values into the sources folder (atomically) and rebuild the database
    (atomically). If the build fails, the sources folder is restored; either way nothing is
    half-written. One import at a time per process (ImportFailed "busy" otherwise), and one
    at a time per sources folder across processes (`folder_lock`: the CLI's `atlas import`
    too)."""
    db = Path(db) if db else default_db_path()
    report = progress or (lambda fraction, message: None)
    if not _import_lock.acquire(blocking=False):
        raise ImportFailed("another import is running", kind="busy")
    try:
        with folder_lock(target.path, timeout=PAGE_LOCK_TIMEOUT_S,
                         waiting=lambda: report(0.02, tr("progress.waiting", lang))):
            result = _import_and_build(table, indicator_id, spec, target, replace, db, report,
                                       lang, expected_municipalities)
    finally:
        _import_lock.release()
    indicator = registry_for_sources(result.sources_dir)[result.indicator_id]
    report(1.0, tr("progress.done", lang))
    return UploadOutcome(result, table.file_name, db, indicator.label_da, indicator.label_en)


def _import_and_build(table: UserTable, indicator_id: str, spec: UserIndicatorSpec | None,
                      target: ImportTarget, replace: bool, db: Path,
                      report: Callable[[float, str], None], lang: str,
                      expected_municipalities: int) -> ImportResult:
    """The import and the rebuild, with the folder locked (see import_and_rebuild)."""
    from atlas.build.pipeline import build_database

    # what is on disk now (an earlier import may have created the folder since the check)
    target = resolve_target(target.path, target.start_from)
    report(0.05, tr("progress.import", lang, target=code_span(target.path)))
    backup = _backup(target.path)
    try:
        result = import_user_values(table, indicator_id=indicator_id, target=target,
                                    new_indicator=spec, replace=replace)
        done = [0]

        def build_line(line: str) -> None:
            if line.startswith("✓"):
                done[0] += 1
                step = re.sub(r"\s*\([\d.]+ s\)\s*$", "", line[1:].strip())
                report(min(0.2 + 0.8 * done[0] / BUILD_STEPS, 0.99),
                       tr("progress.build", lang, step=escape_markdown(step)))

        report(0.2, tr("progress.build", lang, step="…"))
        console = Console(file=_Lines(build_line), force_terminal=False, color_system=None,
                          width=200, highlight=False)
        try:
            build_database(target.path, db, console=console,
                           expected_municipalities=expected_municipalities)
        except BaseException as problem:
            _restore(target.path, backup)
            backup = None
            if isinstance(problem, Exception):
                raise ImportFailed(f"the database could not be built: {problem}; the "
                                   "sources folder has been restored",
                                   kind="build_failed", problem=str(problem)) from None
            raise
    finally:
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    return result
