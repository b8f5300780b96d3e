"""The indicator registry (`atlas/indicators.toml`): the single source of truth for indicators."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from .errors import AtlasError
from .paths import REGISTRY_FILE

ROLES = ("need", "supply", "outcome", "context")
DIRECTIONS = ("higher_better", "higher_worse", "neutral")
NATIONAL_METHODS = ("population_weighted_mean", "sum", "median")
ORIGINS = ("snapshot", "computed", "online", "user")
# Shown after the label of any indicator holding values from a user's own file.
USER_SUPPLIED_MARK = {"da": "egne data", "en": "user-supplied"}


def display_label(label: str, user_supplied: bool, lang: str) -> str:
    """An indicator label as shown anywhere: marked when it holds user-supplied values."""
    if not user_supplied:
        return label
    return f"{label} ({USER_SUPPLIED_MARK['en' if lang == 'en' else 'da']})"


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
    decimals: int
    plausible_min: float
    plausible_max: float
    national: str
    label_da: str
    label_en: str
    description_da: str
    description_en: str
    caveats_da: str
    caveats_en: str
    # True when the database holds values for it from a user's own file (set by readers of
    # the built database; the registry files never set it).
    user_values: bool = False

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

    # TEMPORARY (replaced by the registry fields of the sqlbuild branch at merge)
    @property
    def markers(self) -> str:
        return "acute_hospitals" if self.source == "atlas_hospital_distance" else ""

    @property
    def island_note(self) -> bool:
        return self.source == "atlas_hospital_distance"

    @property
    def fetch_hint(self) -> str:
        return {"citizens_per_gp": "--only statbank", "age_65plus_share": "--only statbank",
                "age_80plus_share": "--only statbank",
                "chronic_prevalence_per_100k": "--only ruks --ruks URL",
                "hospital_death_share": "--only deaths --deaths FILE"}.get(self.id, "")

    @classmethod
    def from_record(cls, row) -> "Indicator":
        def text(value) -> str:
            return "" if value is None or value != value else str(value)
        return cls(
            id=row["indicator_id"], role=row["role"], direction=row["direction"],
            core=bool(row["core"]), origin=row["origin"], source=row["source"],
            unit_da=text(row["unit_da"]), unit_en=text(row["unit_en"]),
            decimals=int(row["decimals"]), plausible_min=float(row["plausible_min"]),
            plausible_max=float(row["plausible_max"]), national=row["national"],
            label_da=row["label_da"], label_en=row["label_en"],
            description_da=text(row["description_da"]),
            description_en=text(row["description_en"]),
            caveats_da=text(row["caveats_da"]), caveats_en=text(row["caveats_en"]),
            user_values=bool(row["user_supplied"]),
        )


def default_indicator() -> str:  # TEMPORARY
    return "life_expectancy"


REQUIRED = [f.name for f in fields(Indicator)
            if f.name not in ("plausible_min", "plausible_max", "user_values")]


def _parse(entry: dict, position: int, path: Path) -> Indicator:
    where = f"{path.name}: indicator #{position}"
    missing = [key for key in REQUIRED + ["plausible"] if key not in entry]
    if missing:
        raise AtlasError(f"{where} ({entry.get('id', '?')}) lacks {', '.join(missing)}")
    unknown = set(entry) - set(REQUIRED) - {"plausible"}
    if unknown:
        raise AtlasError(f"{where} ({entry['id']}) has unknown keys {sorted(unknown)}")
    for key, allowed in (("role", ROLES), ("direction", DIRECTIONS),
                         ("national", NATIONAL_METHODS), ("origin", ORIGINS)):
        if entry[key] not in allowed:
            raise AtlasError(f"{where} ({entry['id']}): {key} must be one of {allowed}")
    low, high = entry["plausible"]
    if not low < high:
        raise AtlasError(f"{where} ({entry['id']}): plausible range must be [min, max]")
    values = {key: entry[key] for key in REQUIRED}
    return Indicator(**values, plausible_min=float(low), plausible_max=float(high))


def load_registry(path: Path = REGISTRY_FILE) -> dict[str, Indicator]:
    """All indicators by id, in file order. Raises AtlasError on a malformed registry."""
    with open(path, "rb") as handle:
        document = tomllib.load(handle)
    registry: dict[str, Indicator] = {}
    for position, entry in enumerate(document.get("indicator", []), start=1):
        indicator = _parse(entry, position, path)
        if indicator.id in registry:
            raise AtlasError(f"{path.name}: indicator id '{indicator.id}' is registered twice")
        registry[indicator.id] = indicator
    return registry


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
