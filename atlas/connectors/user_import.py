"""Import a user's own values per municipality into a sources directory — the core shared by
`atlas import` (atlas/commands/importfile.py) and the app's upload page (atlas/upload/flow.py).

    target = resolve_target(Path("data/sources"))             # where to write, what to start from
    table = read_for_import("ventetid.csv", target, ReadOptions(period="2024"))
    result = import_user_values(table, indicator_id="psych_wait_days", sources_dir=target.path,
                                new_indicator=UserIndicatorSpec(label_da=…, label_en=…, unit_da=…,
                                                                unit_en=…))

Writes, atomically (the whole directory is swapped in only after the build's reader accepts it):
* rows in observations.csv with source `user_<file slug>`;
* a sources.csv row: publisher "Brugerens egen fil (user-supplied)", title = the file name;
* for an id not in atlas/indicators.toml, an entry in `user_indicators.toml` (same schema,
  `origin = "user"`), which the build merges into the registry.

Every refusal is an ImportFailed with nothing written; its `kind` and `detail` let a caller
word the message in its own language (the message itself is English, for the CLI).
"""

from __future__ import annotations

import csv
import fcntl
import math
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

import tomli_w

from atlas.connectors.userdata import MAX_ABS_VALUE, UserTable, read_user_table
from atlas.errors import AtlasError, SourceError
from atlas.paths import DATA_DIR, default_sources_dir
from atlas.registry import (
    DIRECTIONS,
    NATIONAL_METHODS,
    ROLES,
    USER_REGISTRY_FILE,
    Indicator,
    load_registry,
    registry,
)
from atlas.sanitize import printable

DEFAULT_SOURCES = DATA_DIR / "sources"
USER_PUBLISHER = "Brugerens egen fil (user-supplied)"
USER_LICENCE = "ukendt / unknown"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,62}$")
LOCK_TIMEOUT_S = 300.0        # how long an import waits for another into the same folder
LOCK_POLL_S = 0.2
FIELD_ORDER = ("id", "role", "direction", "core", "origin", "source", "unit_da", "unit_en",
               "decimals", "plausible", "national", "label_da", "label_en", "description_da",
               "description_en", "caveats_da", "caveats_en")


class ImportFailed(AtlasError):
    """The import was refused; nothing was written.

    `kind` names the refusal (e.g. "clash", "outside_range", "undescribed") and `detail` holds
    its facts, so that a caller can word it in another language.
    """

    def __init__(self, message: str, *, kind: str = "other", **detail: Any) -> None:
        super().__init__(message)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class ReadOptions:
    """How to read the file (see `read_user_table`); None = find it in the file."""

    code_column: str | None = None
    name_column: str | None = None
    value_column: str | None = None
    period_column: str | None = None
    period: str | None = None
    sheet: str | None = None
    decimal: str = "auto"
    detect: bool = True


@dataclass(frozen=True)
class UserIndicatorSpec:
    """How to describe a new user indicator (or change a user indicator imported before).

    None = keep the earlier value, or the default: role context, direction neutral, national
    value population_weighted_mean, 0 or 1 decimals, plausible range = the data's range widened
    by half of it. A new id needs both labels and both units.
    """

    label_da: str | None = None
    label_en: str | None = None
    unit_da: str | None = None
    unit_en: str | None = None
    role: str | None = None
    direction: str | None = None
    national: str | None = None
    decimals: int | None = None
    plausible: tuple[float, float] | None = None
    description_da: str | None = None
    description_en: str | None = None
    caveats_da: str | None = None
    caveats_en: str | None = None

    def __post_init__(self) -> None:
        for name in ("label_da", "label_en", "unit_da", "unit_en", "description_da",
                     "description_en", "caveats_da", "caveats_en"):
            value = getattr(self, name)
            if isinstance(value, str):              # typed or pasted: control characters go
                object.__setattr__(self, name, printable(value))
        for name, allowed in (("role", ROLES), ("direction", DIRECTIONS),
                              ("national", NATIONAL_METHODS)):
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise ImportFailed(f"{name} must be one of {', '.join(allowed)}, not {value!r}",
                                   kind="bad_choice", field=name, value=value)
        for name in ("label_da", "label_en", "unit_da", "unit_en"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                object.__setattr__(self, name, None)     # an empty text box = not given
        if self.plausible is not None:
            low, high = self.plausible
            if not all(math.isfinite(v) and abs(v) <= MAX_ABS_VALUE for v in (low, high)) \
                    or not low < high:
                raise ImportFailed(f"the plausible range must be two finite numbers within "
                                   f"±{MAX_ABS_VALUE:g}, the smaller first, not {low:g} {high:g}",
                                   kind="bad_plausible", low=low, high=high)


@dataclass(frozen=True)
class ImportTarget:
    """Where an import writes (`path`) and the snapshot it starts from (`start_from`: the target
    itself once it exists, else the base)."""

    path: Path
    start_from: Path
    universe: frozenset[int]

    @property
    def creates(self) -> bool:
        return self.start_from != self.path


@dataclass
class ImportResult:
    indicator_id: str
    source: str
    matched: int
    rejected: int
    suppressed: int
    replaced: int
    periods: list[str]
    sources_dir: Path
    start_from: Path
    registered: bool                       # an indicator of atlas/indicators.toml
    entry: dict[str, Any] | None           # the user_indicators.toml entry, for a user indicator
    dry_run: bool
    written: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def created(self) -> bool:
        return self.written and self.start_from != self.sources_dir

    def summary(self) -> dict[str, Any]:
        """The dictionary `atlas import` has always returned."""
        return {"indicator": self.indicator_id, "source": self.source, "matched": self.matched,
                "rejected": self.rejected, "replaced": self.replaced, "periods": self.periods,
                "sources_dir": str(self.sources_dir)}


# ------------------------------------------------------------------------------------------
# small pieces
# ------------------------------------------------------------------------------------------

def slugify(text: str) -> str:
    from atlas.connectors.names import fold

    value = re.sub(r"[^a-z0-9]+", "_", re.sub(r"\s+", " ", text).strip().casefold()
                   .translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})))
    value = re.sub(r"[^a-z0-9_]", "", value).strip("_")[:40].strip("_")
    return value or fold(text)[:40] or "file"


def source_id(file_name: str) -> str:
    """The `source` an imported file's rows get: `user_<file slug>`."""
    return f"user_{slugify(Path(file_name).stem)}"


def indicators_toml(entries: list[dict[str, Any]]) -> str:
    """`user_indicators.toml`: one [[indicator]] table per entry, fields in registry order."""
    document = {"indicator": [{key: entry[key] for key in FIELD_ORDER} for entry in entries]}
    return ("# User-supplied indicators, written by `atlas import`. Same schema as\n"
            "# atlas/indicators.toml; merged into the registry by `atlas build`.\n\n"
            + tomli_w.dumps(document))


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


def check_indicator_id(indicator_id: str) -> str:
    indicator_id = indicator_id.strip()
    if not ID_PATTERN.match(indicator_id):
        raise ImportFailed(f"indicator id {indicator_id!r} must be lower-case letters, digits "
                           "and underscores, starting with a letter (e.g. my_indicator)",
                           kind="bad_id", indicator=indicator_id)
    return indicator_id


def user_entries(directory: Path) -> dict[str, dict[str, Any]]:
    """The user indicators stored beside a snapshot, as registry entries, by id."""
    user_file = Path(directory) / USER_REGISTRY_FILE
    return ({key: indicator_to_entry(value) for key, value in load_registry(user_file).items()}
            if user_file.is_file() else {})


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        return [], []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


# ------------------------------------------------------------------------------------------
# where to write
# ------------------------------------------------------------------------------------------

def resolve_target(sources_dir: Path = DEFAULT_SOURCES, base_dir: Path | None = None
                   ) -> ImportTarget:
    """The rules of `atlas import --sources DIR --base BASE`: write into `sources_dir`, starting
    from it when it already holds a snapshot, else from `base_dir` (default: the offline
    snapshot, `default_sources_dir()`). The offline snapshot itself is never written."""
    from atlas.build.snapshot_writer import protected, recover

    target = Path(sources_dir)
    if protected(target):
        raise ImportFailed(f"{target} is the read-only offline snapshot; import into a copy "
                           "(the default data/sources is created from it)",
                           kind="protected", target=str(target))
    recover(target)     # an import killed mid-swap: its folder back before it is read
    start_from = target if (target / "observations.csv").is_file() else \
        Path(base_dir) if base_dir else default_sources_dir()
    if not (start_from / "municipalities.csv").is_file():
        raise ImportFailed(f"{start_from} is not a sources directory (no municipalities.csv)",
                           kind="not_sources", start_from=str(start_from))
    anchor = target.parent
    while not anchor.exists() and anchor != anchor.parent:
        anchor = anchor.parent
    if not os.access(anchor, os.W_OK):
        raise ImportFailed(f"cannot write beside {target} (read-only); import into a copy, e.g. "
                           "the default data/sources", kind="read_only", target=str(target))
    with open(start_from / "municipalities.csv", encoding="utf-8-sig", newline="") as handle:
        universe = frozenset(int(row["kommune_kode"]) for row in csv.DictReader(handle))
    return ImportTarget(target, start_from, universe)


def lock_file(sources_dir: Path) -> Path:
    """The lock of a sources folder: beside it (the folder itself is swapped by renaming)."""
    folder = Path(os.path.abspath(sources_dir))
    return folder.parent / f".{folder.name}.lock"


@contextmanager
def folder_lock(sources_dir: Path, *, timeout: float = LOCK_TIMEOUT_S,
                waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the sources folder for one import (and the rebuild after it), across processes
    (`fcntl.flock` on `lock_file()`): a second import into the same folder waits — `waiting()`
    is called once when it has to — and gives up with ImportFailed "busy" after `timeout`
    seconds. Without it, two imports both read the old observations and the later write
    loses the earlier one's indicator."""
    path = lock_file(sources_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ImportFailed(f"another import into {sources_dir} is still running "
                                       f"after {timeout:.0f} s; nothing was written",
                                       kind="busy", target=str(sources_dir)) from None
                if not told and waiting is not None:
                    waiting()
                told = True
                time.sleep(LOCK_POLL_S)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_for_import(source: Path | bytes, target: ImportTarget,
                    options: ReadOptions = ReadOptions(), *,
                    file_name: str | None = None) -> UserTable:
    """Read the user's file against the target's municipalities; a file that cannot be read
    at all is an ImportFailed (kind "unreadable")."""
    try:
        return read_user_table(source, file_name=file_name, code_column=options.code_column,
                               name_column=options.name_column,
                               value_column=options.value_column,
                               period_column=options.period_column, period=options.period,
                               sheet=options.sheet, decimal=options.decimal,
                               universe=target.universe, detect=options.detect)
    except SourceError as problem:
        raise ImportFailed(f"{problem}\nNothing was written.", kind="unreadable",
                           problem=str(problem)) from None


# ------------------------------------------------------------------------------------------
# the import
# ------------------------------------------------------------------------------------------

def _new_entry(indicator_id: str, spec: UserIndicatorSpec, values: list[float], source: str,
               file_name: str, previous: dict[str, Any] | None) -> dict[str, Any]:
    today = date.today().isoformat()
    entry = dict(previous) if previous else {
        "id": indicator_id, "role": "context", "direction": "neutral", "core": False,
        "origin": "user", "national": "population_weighted_mean",
        "description_da": f"Brugerleveret indikator fra filen {file_name}, importeret {today}.",
        "description_en": f"User-supplied indicator from the file {file_name}, imported {today}.",
        "caveats_da": "Brugerens egne data: ikke fra en officiel kilde og ikke kontrolleret af "
                      "Ulighedsatlas.",
        "caveats_en": "The user's own data: not from an official source and not checked by "
                      "Ulighedsatlas.",
    }
    if previous is None:
        missing = [name for name, given in (("label_da", spec.label_da),
                                            ("label_en", spec.label_en),
                                            ("unit", spec.unit_da and spec.unit_en))
                   if not given]
        if missing:
            raise ImportFailed(f"'{indicator_id}' is not a registered indicator; describe it "
                               f"with {', '.join(missing)}", kind="undescribed",
                               indicator=indicator_id, missing=missing)
    entry["source"] = source
    entry["origin"] = "user"
    for key in ("label_da", "label_en", "unit_da", "unit_en", "role", "direction", "national",
                "description_da", "description_en", "caveats_da", "caveats_en"):
        given = getattr(spec, key)
        if given is not None:
            entry[key] = given
    if spec.decimals is not None:
        entry["decimals"] = spec.decimals
    elif "decimals" not in entry:
        entry["decimals"] = 0 if all(float(v).is_integer() for v in values) else 1
    if spec.plausible:
        entry["plausible"] = [float(spec.plausible[0]), float(spec.plausible[1])]
    elif previous is not None:
        low, high = previous["plausible"]
        entry["plausible"] = [min(low, *values), max(high, *values)] if values else [low, high]
        if entry["plausible"] != [low, high]:
            entry["plausible"] = default_plausible(values + [low, high])
    else:
        entry["plausible"] = default_plausible(values)
    return entry


def import_user_values(
    table_or_file: UserTable | Path | bytes, *, indicator_id: str,
    sources_dir: Path = DEFAULT_SOURCES, base_dir: Path | None = None,
    new_indicator: UserIndicatorSpec | None = None, read: ReadOptions = ReadOptions(),
    file_name: str | None = None, period: str | None = None, replace: bool = False,
    strict: bool = False, dry_run: bool = False, target: ImportTarget | None = None,
    note: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import a user's values into `sources_dir` (see the module docstring).

    `table_or_file`: a UserTable already read (with `read_for_import`, so that its rows are
    checked against the target's municipalities), or a file path or bytes read here with `read`
    (and `period`, a shortcut for `read.period`). `new_indicator` describes an id that is not in
    the registry. `replace`: replace existing values of this indicator for the file's periods.
    `strict`: refuse if any row is unmatched or invalid. `dry_run`: check everything, write
    nothing. `note` receives the informational messages as they arise.

    Returns an ImportResult; raises ImportFailed, with nothing written, on any problem.
    """
    from atlas.build.snapshot_writer import OBSERVATION_COLUMNS, SOURCE_COLUMNS, SnapshotWriter
    from atlas.connectors.common import format_value

    indicator_id = check_indicator_id(indicator_id)
    target = target or resolve_target(sources_dir, base_dir)
    start_from = target.start_from
    if isinstance(table_or_file, UserTable):
        table = table_or_file
        outside = sorted({r.kommune_kode for r in table.rows} - target.universe)
        if outside:
            raise ImportFailed(f"municipalities {', '.join(map(str, outside))} are not in "
                               f"{start_from}'s municipalities; nothing was written",
                               kind="outside_snapshot", codes=outside)
    else:
        if period is not None:
            read = dataclass_replace(read, period=period)
        table = read_for_import(table_or_file, target, read, file_name=file_name)
    notes: list[str] = []

    def tell(message: str) -> None:
        notes.append(message)
        if note is not None:
            note(message)

    if not table.rows:
        raise ImportFailed("no row matched a municipality; nothing was written",
                           kind="no_rows", rejected=len(table.rejected))
    if strict and table.rejected:
        raise ImportFailed(f"{len(table.rejected)} row(s) unmatched or invalid and --strict was "
                           "given; nothing was written", kind="strict",
                           rejected=len(table.rejected))
    values = table.values()
    if not values:
        raise ImportFailed("every matched value is empty; nothing was written",
                           kind="all_empty", matched=len(table.rows))

    source = source_id(table.file_name)
    project = registry()
    entries = user_entries(start_from)
    if indicator_id in project:
        official = project[indicator_id]
        outside_range = [r for r in table.rows if r.value is not None
                         and not official.plausible_min <= r.value <= official.plausible_max]
        if outside_range:
            shown = ", ".join(f"line {r.line}: {r.value:g}" for r in outside_range[:8])
            raise ImportFailed(
                f"{len(outside_range)} value(s) outside {indicator_id}'s plausible range "
                f"[{official.plausible_min:g}, {official.plausible_max:g}] ({official.unit_en}): "
                f"{shown}. Check the unit; nothing was written.", kind="outside_range",
                indicator=indicator_id, count=len(outside_range),
                low=official.plausible_min, high=official.plausible_max,
                unit_da=official.unit_da, unit_en=official.unit_en,
                lines=[(r.line, r.value) for r in outside_range])
        entry = None
        tell(f"{indicator_id} is a registered indicator; these values are marked as "
             f"user-supplied (source {source}).")
    else:
        entry = _new_entry(indicator_id, new_indicator or UserIndicatorSpec(), values, source,
                           table.file_name, entries.get(indicator_id))
        entries[indicator_id] = entry

    _, observations = _read_csv(start_from / "observations.csv")
    periods = set(table.periods)
    clashes = [row for row in observations
               if row["indicator"] == indicator_id and row["period"] in periods]
    if clashes and not replace:
        clash_periods = sorted({r["period"] for r in clashes})
        clash_sources = sorted({r["source"] for r in clashes})
        raise ImportFailed(
            f"{len(clashes)} value(s) of {indicator_id} for period(s) "
            f"{', '.join(clash_periods)} already exist (source "
            f"{', '.join(clash_sources)}); add --replace to replace "
            "them. Nothing was written.", kind="clash", indicator=indicator_id,
            count=len(clashes), periods=clash_periods, sources=clash_sources)
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

    result = ImportResult(indicator_id=indicator_id, source=source, matched=len(table.rows),
                          rejected=len(table.rejected), suppressed=table.suppressed,
                          replaced=len(clashes), periods=table.periods,
                          sources_dir=target.path, start_from=start_from,
                          registered=entry is None, entry=entry, dry_run=dry_run, notes=notes)
    if dry_run:
        return result

    def validate(directory: Path) -> None:
        from atlas.build.snapshot import read_snapshot
        from atlas.registry import registry_for_sources

        read_snapshot(directory, set(registry_for_sources(directory)))

    try:
        with SnapshotWriter(target.path) as writer:
            writer.copy_from(start_from, exclude={"observations.csv", "sources.csv",
                                                  USER_REGISTRY_FILE})
            writer.write_csv("observations.csv", OBSERVATION_COLUMNS, all_rows)
            writer.write_csv("sources.csv", SOURCE_COLUMNS,
                             [{c: row.get(c) or "" for c in SOURCE_COLUMNS} for row in source_rows])
            if entries:
                writer.write_text(USER_REGISTRY_FILE, indicators_toml(list(entries.values())))
            writer.commit(validate=validate)
    except (AtlasError, OSError) as problem:
        raise ImportFailed(f"the result did not pass the build's checks or could not be written: "
                           f"{problem}\nNothing was written; {target.path} is unchanged.",
                           kind="write_failed", problem=str(problem),
                           target=str(target.path)) from None
    result.written = True
    return result
