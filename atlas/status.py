"""What the database holds of the atlas's core indicators, and how to load what is missing."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .i18n import t
from .registry import display_label

# The `atlas fetch` options that deliver each indicator the offline snapshot lacks
# (docs/online-data.md). RUKS's URL changes with every release and place of death has no
# open table, so those two need a URL or file.
FETCH_OPTIONS = {
    "citizens_per_gp": "--only statbank",
    "age_65plus_share": "--only statbank",
    "age_80plus_share": "--only statbank",
    "chronic_prevalence_per_100k": "--only ruks --ruks URL",
    "hospital_death_share": "--only deaths --deaths FILE",
}


@dataclass(frozen=True)
class CoreStatus:
    indicator_id: str
    label: str
    loaded: bool
    latest_period: str | None
    n_values: int
    how_to_load: str | None


def how_to_load(indicator_id: str, lang: str) -> str:
    """Instructions for loading an indicator: online fetch, or the user's own file."""
    options = FETCH_OPTIONS.get(indicator_id)
    rebuild = "atlas build --sources data/sources"
    online = t("data.howto.online", lang, options=options, rebuild=rebuild) if options else ""
    return online + t("data.howto.own_file", lang, indicator=indicator_id, rebuild=rebuild)


def core_status(catalogue: pd.DataFrame, lang: str) -> list[CoreStatus]:
    """One entry per core indicator (registry `core = true`), in registry order."""
    label_column = "label_en" if lang == "en" else "label_da"
    statuses = []
    for row in catalogue[catalogue["core"]].itertuples():
        loaded = bool(row.has_data)
        statuses.append(CoreStatus(
            indicator_id=row.indicator_id,
            label=display_label(getattr(row, label_column), bool(row.user_supplied), lang),
            loaded=loaded,
            latest_period=row.latest_period if loaded else None,
            n_values=int(row.latest_n_values),
            how_to_load=None if loaded else how_to_load(row.indicator_id, lang),
        ))
    return statuses
