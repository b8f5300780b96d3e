"""Core queries: municipalities, the indicator catalogue, sources and build facts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..db import query_df


def municipalities(db: Path | None = None) -> pd.DataFrame:
    return query_df("queries/municipalities", path=db)


def indicator_catalogue(db: Path | None = None) -> pd.DataFrame:
    """All registered indicators with periods, latest period and whether they hold data."""
    return query_df("queries/indicator_catalogue", path=db)


def sources(db: Path | None = None) -> pd.DataFrame:
    return query_df("queries/sources", path=db)


def build_info(db: Path | None = None) -> dict[str, str]:
    frame = query_df("queries/build_info", path=db)
    return dict(zip(frame["key"], frame["value"]))
