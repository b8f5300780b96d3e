"""The indicator registry (`atlas/indicators.toml`): the single source of truth for indicators,
the default indicator and the need x access pairs of the inverse-care page."""

from __future__ import annotations

import math
import tomllib
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from atlas.errors import AtlasError
from atlas.paths import REGISTRY_FILE
from atlas.sanitize import control_character

ROLES = ("need", "supply", "outcome", "context")
DIRECTIONS = ("higher_better", "higher_worse", "neutral")
NATIONAL_METHODS = ("population_weighted_mean", "sum", "median")
ORIGINS = ("snapshot", "computed", "online", "user")
# Named number formats (like Evidence's fmt=): name -> decimals shown in tables, tooltips and
# legends. The only place these names are defined.
FORMATS = {"int": 0, "dec1": 1, "dec2": 2, "dec3": 3}
# What the map draws on top of an indicator: nothing, or the 24/7 acute hospitals.
MARKERS = ("", "acute_hospitals")
# Funnel plots (atlas/stats/funnel.py): "binomial" for a share of the population, "poisson" for
# a rate of events or recipients per `funnel_per` residents; "survey" for a survey estimate
# (no interval can be drawn from the published figure); "" for anything else.
FUNNELS = ("", "binomial", "poisson", "survey")
FUNNEL_DENOMINATORS = ("", "population")
# Roles an inverse-care pair may take: need (or an outcome standing in for it) x access.
PAIR_NEED_ROLES = ("need", "outcome")
PAIR_ACCESS_ROLES = ("supply",)
# Shown after the label of any indicator holding values from a user's own file.
USER_SUPPLIED_MARK = {"da": "egne data", "en": "user-supplied"}


def display_label(label: str, user_supplied: bool, lang: str) -> str:
    """An indicator label as shown anywhere: marked when it holds user-supplied values."""
    if not user_supplied:
        return label
    return f"{label} ({USER_SUPPLIED_MARK['en' if lang == 'en' else 'da']})"


def format_for_decimals(decimals: int) -> str:
    """The format name showing `decimals` decimals (for files that still say `decimals = n`)."""
    for name, places in FORMATS.items():
        if places == decimals:
            return name
    raise AtlasError(f"no number format shows {decimals} decimals; formats: "
                     + ", ".join(f"{name} ({places})" for name, places in FORMATS.items()))


@dataclass(frozen=True)
class Indicator:
    id: str
    role: str
    direction: str
    core: bool
    origin: str
    source: str
    unit_da: str
    unit_en: str
    format: str                 # a FORMATS name
    plausible_min: float
    plausible_max: float
    national: str
    label_da: str
    label_en: str
    description_da: str
    description_en: str
    caveats_da: str
    caveats_en: str
    markers: str = ""           # a MARKERS value: what the map draws on top
    island_note: bool = False   # the side panel shows the ferry-island travel note
    fetch_hint: str = ""        # `atlas fetch` options that deliver an online indicator
    funnel: str = ""            # a FUNNELS value: whether and how a funnel plot is drawn
    funnel_denominator: str = ""   # the indicator whose values are the rate's denominator
    funnel_per: float = 0.0     # the rate's scale: 100 for a percentage, 1000 per 1,000
    # True when the database holds values for it from a user's own file (set by readers of
    # the built database; the registry files never set it).
    user_values: bool = False

    @property
    def decimals(self) -> int:
        return FORMATS[self.format]

    @property
    def user_supplied(self) -> bool:
        return self.origin == "user" or self.user_values

    def label(self, lang: str) -> str:
        return display_label(self.label_en if lang == "en" else self.label_da,
                             self.user_supplied, lang)

    def unit(self, lang: str) -> str:
        return self.unit_en if lang == "en" else self.unit_da

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_da

    def caveats(self, lang: str) -> str:
        return self.caveats_en if lang == "en" else self.caveats_da

    def record(self, sort_order: int) -> dict[str, Any]:
        """This indicator as a row of the database's `indicators` table (INDICATOR_COLUMNS)."""
        values = {_column(f.name): getattr(self, f.name) for f in _STORED_FIELDS}
        return {**values, "decimals": self.decimals, "sort_order": sort_order}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Indicator:
        """An Indicator from a row of the database's `indicators` table (any mapping).

        Missing text (NULL / NaN) reads as ""; an optional column absent from the row takes
        its default; `user_supplied` sets `user_values`; a row with `decimals` but no `format`
        (a database built before named formats) gets the matching format.
        """
        if "format" not in record and "decimals" in record:   # a database built before formats
            record = {**record, "format": format_for_decimals(int(record["decimals"]))}
        values: dict[str, Any] = {}
        for f in _STORED_FIELDS:
            column = _column(f.name)
            if column not in record and f.default is not MISSING:
                continue
            values[f.name] = _coerce(record[column], f.type)
        values["user_values"] = bool(record.get("user_supplied") or False)
        return cls(**values)


def _column(field_name: str) -> str:
    return "indicator_id" if field_name == "id" else field_name


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _coerce(value: Any, type_name: Any) -> Any:
    kind = getattr(type_name, "__name__", type_name)  # a string under postponed annotations
    if kind == "str":
        return "" if _is_missing(value) else str(value)
    if kind == "bool":
        return False if _is_missing(value) else bool(value)
    if kind == "float":
        return float(value)
    return value


# Fields the registry files and the database hold (user_values is the database's verdict).
_STORED_FIELDS = tuple(f for f in fields(Indicator) if f.name != "user_values")
# The columns of the database's `indicators` table as the build writes them, in order: every
# stored field (id as indicator_id), `decimals` derived from the format for SQL readers, and
# the registry order. The `indicators` model adds `user_supplied`.
INDICATOR_COLUMNS = tuple(_column(f.name) for f in _STORED_FIELDS) + ("decimals", "sort_order")

_RANGE_FIELDS = ("plausible_min", "plausible_max")
REQUIRED = [f.name for f in _STORED_FIELDS
            if f.default is MISSING and f.name not in _RANGE_FIELDS]
OPTIONAL = [f.name for f in _STORED_FIELDS if f.default is not MISSING]
# Written by `atlas import` before named formats: accepted in place of `format`.
LEGACY_DECIMALS = "decimals"


def _parse(entry: dict, position: int, path: Path) -> Indicator:
    where = f"{path.name}: indicator #{position}"
    entry = dict(entry)
    if LEGACY_DECIMALS in entry:
        if "format" in entry:
            raise AtlasError(f"{where} ({entry.get('id', '?')}): give format or decimals, "
                             "not both")
        try:
            entry["format"] = format_for_decimals(entry.pop(LEGACY_DECIMALS))
        except AtlasError as error:
            raise AtlasError(f"{where} ({entry.get('id', '?')}): {error}") from None
    missing = [key for key in REQUIRED + ["plausible"] if key not in entry]
    if missing:
        raise AtlasError(f"{where} ({entry.get('id', '?')}) lacks {', '.join(missing)}")
    unknown = set(entry) - set(REQUIRED) - set(OPTIONAL) - {"plausible"}
    if unknown:
        raise AtlasError(f"{where} ({entry['id']}) has unknown keys {sorted(unknown)}")
    for key, value in entry.items():
        found = control_character(value) if isinstance(value, str) else None
        if found:
            raise AtlasError(f"{where} ({entry['id']!r}): {key} contains the control character "
                             f"{found}; remove it (texts are one or more lines of plain text)")
    for key, allowed in (("role", ROLES), ("direction", DIRECTIONS),
                         ("national", NATIONAL_METHODS), ("origin", ORIGINS),
                         ("format", tuple(FORMATS)), ("markers", MARKERS),
                         ("funnel", FUNNELS), ("funnel_denominator", FUNNEL_DENOMINATORS)):
        if key in entry and entry[key] not in allowed:
            raise AtlasError(f"{where} ({entry['id']}): {key} must be one of {allowed}, "
                             f"not {entry[key]!r}")
    for key in ("core", "island_note"):
        if key in entry and not isinstance(entry[key], bool):
            raise AtlasError(f"{where} ({entry['id']}): {key} must be true or false")
    if entry.get("funnel") in ("binomial", "poisson") and not (
            entry.get("funnel_denominator") and float(entry.get("funnel_per", 0)) > 0):
        raise AtlasError(f"{where} ({entry['id']}): a {entry['funnel']} funnel needs "
                         "funnel_denominator and funnel_per > 0")
    if "funnel_per" in entry:
        entry["funnel_per"] = float(entry["funnel_per"])
    low, high = entry["plausible"]
    if not low < high:
        raise AtlasError(f"{where} ({entry['id']}): plausible range must be [min, max]")
    values = {key: entry[key] for key in REQUIRED + OPTIONAL if key in entry}
    return Indicator(**values, plausible_min=float(low), plausible_max=float(high))


TOP_LEVEL = ("atlas", "indicator", "pair")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise AtlasError(f"{path}: not valid TOML ({error})") from None
    unknown = set(document) - set(TOP_LEVEL)
    if unknown:
        raise AtlasError(f"{path.name}: unknown top-level keys {sorted(unknown)}; "
                         f"expected {', '.join(TOP_LEVEL)}")
    return document


def load_registry(path: Path = REGISTRY_FILE) -> dict[str, Indicator]:
    """All indicators by id, in file order. Raises AtlasError on a malformed registry."""
    document = _read_toml(path)
    registry: dict[str, Indicator] = {}
    for position, entry in enumerate(document.get("indicator", []), start=1):
        indicator = _parse(entry, position, path)
        if indicator.id in registry:
            raise AtlasError(f"{path.name}: indicator id '{indicator.id}' is registered twice")
        registry[indicator.id] = indicator
    return registry


def indicators_with_data(records: list[Mapping[str, Any]]
                         ) -> tuple[dict[str, Indicator], dict[str, list[str]], dict[str, str]]:
    """From the rows of `sql/queries/map_indicators` (an indicator per period): the
    indicators with data, each one's periods (oldest first) and its latest period. Read the
    same way by the app's catalogue (atlas.query.core) and the build (atlas.build)."""
    indicators: dict[str, Indicator] = {}
    periods: dict[str, list[str]] = {}
    latest: dict[str, str] = {}
    for row in records:
        ident = row["indicator_id"]
        if ident not in indicators:
            indicators[ident] = Indicator.from_record(row)
            periods[ident] = []
        periods[ident].append(str(row["period"]))
        if bool(row["is_latest"]):
            latest[ident] = str(row["period"])
    for ident, values in periods.items():
        latest.setdefault(ident, values[-1])
    return indicators, periods, latest


@lru_cache(maxsize=1)
def registry() -> dict[str, Indicator]:
    """The project registry, parsed once per process."""
    return load_registry()


USER_REGISTRY_FILE = "user_indicators.toml"


def registry_for_sources(sources_dir: Path) -> dict[str, Indicator]:
    """The project registry plus the user-supplied indicators stored beside a snapshot.

    User indicators (`<sources>/user_indicators.toml`, written by `atlas import`) must say
    `origin = "user"` and may not reuse an id from the project registry.
    """
    combined = dict(registry())
    user_file = Path(sources_dir) / USER_REGISTRY_FILE
    if user_file.exists() and not user_file.is_file():
        raise AtlasError(f"{user_file}: expected a TOML file of user indicators, found a "
                         f"{'folder' if user_file.is_dir() else 'special file'}")
    if user_file.is_file():
        for indicator_id, indicator in load_registry(user_file).items():
            if indicator.origin != "user":
                raise AtlasError(
                    f"{user_file}: indicator '{indicator_id}' must have origin = \"user\"")
            if indicator_id in combined:
                raise AtlasError(f"{user_file}: indicator id '{indicator_id}' clashes with the "
                                 "project registry")
            combined[indicator_id] = indicator
    return combined


@dataclass(frozen=True)
class AtlasSettings:
    """The registry's top-level settings: `[atlas]` and the ordered `[[pair]]` list."""

    default_indicator: str
    pairs: tuple[tuple[str, str], ...]   # (need, access), most preferred first


def load_settings(path: Path = REGISTRY_FILE) -> AtlasSettings:
    """The settings of a registry file, checked against its indicators. Raises AtlasError."""
    document = _read_toml(path)
    indicators = load_registry(path)
    atlas = document.get("atlas", {})
    unknown = set(atlas) - {"default_indicator"}
    if unknown:
        raise AtlasError(f"{path.name}: [atlas] has unknown keys {sorted(unknown)}")
    default = atlas.get("default_indicator")
    if default not in indicators:
        raise AtlasError(f"{path.name}: [atlas] default_indicator {default!r} is not a "
                         "registered indicator")
    pairs: list[tuple[str, str]] = []
    for position, pair in enumerate(document.get("pair", []), start=1):
        where = f"{path.name}: pair #{position}"
        if set(pair) != {"need", "access"}:
            raise AtlasError(f"{where}: expected the keys need and access, found {sorted(pair)}")
        for key, roles in (("need", PAIR_NEED_ROLES), ("access", PAIR_ACCESS_ROLES)):
            indicator = indicators.get(pair[key])
            if indicator is None:
                raise AtlasError(f"{where}: {key} {pair[key]!r} is not a registered indicator")
            if indicator.role not in roles:
                raise AtlasError(f"{where}: {key} {pair[key]!r} has role {indicator.role!r}, "
                                 f"expected {' or '.join(roles)}")
        if (pair["need"], pair["access"]) in pairs:
            raise AtlasError(f"{where}: ({pair['need']}, {pair['access']}) is listed twice")
        pairs.append((pair["need"], pair["access"]))
    return AtlasSettings(default_indicator=default, pairs=tuple(pairs))


@lru_cache(maxsize=1)
def settings() -> AtlasSettings:
    """The project registry's settings, parsed once per process."""
    return load_settings()


def default_indicator() -> str:
    """The indicator a page shows when the URL names none."""
    return settings().default_indicator


def pair_preferences() -> tuple[tuple[str, str], ...]:
    """(need, access) indicator pairs for the inverse-care page, most preferred first."""
    return settings().pairs


# Which side of an indicator is more need or worse access in a pair, from its direction (the
# inverse-care page orients its axes, tertiles and spatial statistics by these; the build's
# stored pair statistics too): `higher_better` is turned around; a `neutral` need indicator
# counts higher as more need; a `neutral` access indicator has no "worse" side.
def need_sign(indicator: Indicator) -> int:
    """+1 when a higher value means more need, -1 when it means less (higher_better)."""
    return -1 if indicator.direction == "higher_better" else 1


def access_sign(indicator: Indicator) -> int:
    """+1 when a higher value means worse access (or no direction), -1 for higher_better."""
    return -1 if indicator.direction == "higher_better" else 1


def access_oriented(indicator: Indicator) -> bool:
    """False for an access indicator without a direction: no side of it is "worse"."""
    return indicator.direction != "neutral"
