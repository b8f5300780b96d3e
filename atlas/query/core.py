"""Core queries: municipalities, the indicator catalogue, sources and build facts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..db import query_df
from ..registry import display_label


def municipalities(db: Path | None = None) -> pd.DataFrame:
    return query_df("queries/municipalities", path=db)


def indicator_catalogue(db: Path | None = None) -> pd.DataFrame:
    """All registered indicators with periods, latest period and whether they hold data."""
    return query_df("queries/indicator_catalogue", path=db)


def indicator_table(lang: str, db: Path | None = None) -> pd.DataFrame:
    """The catalogue for display: label, unit, role and direction in `lang`; "no data" for an
    indicator without periods."""
    from ..i18n import direction_label, role_label, t

    frame = indicator_catalogue(db)
    suffix = "en" if lang == "en" else "da"
    return pd.DataFrame({
        "label": [display_label(label, bool(user), lang)
                  for label, user in zip(frame[f"label_{suffix}"], frame["user_supplied"])],
        "role": frame["role"].map(lambda role: role_label(role, lang)),
        "direction": frame["direction"].map(lambda direction: direction_label(direction, lang)),
        "unit": frame[f"unit_{suffix}"],
        "periods": frame["periods"].fillna(t("no_data", lang)),
        "latest_n_values": frame["latest_n_values"],
        "publisher": frame["publisher"],
        "table_name": frame["table_name"],
    })


def sources(db: Path | None = None) -> pd.DataFrame:
    return query_df("queries/sources", path=db)


def build_info(db: Path | None = None) -> dict[str, str]:
    frame = query_df("queries/build_info", path=db)
    return dict(zip(frame["key"], frame["value"]))
