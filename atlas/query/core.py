"""Core queries: municipalities, the indicator catalogue, sources and build facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from atlas.db import database, per_build
from atlas.registry import ROLES, Indicator, indicators_with_data, registry


@per_build
def municipalities() -> pd.DataFrame:
    """The 98 municipalities ordered by name (a shared frame: do not modify)."""
    return database().df("queries/municipalities")


@per_build
def towns() -> pd.DataFrame:
    """Town name, municipality code and weight of the towns in the population points."""
    return database().df("queries/towns")


@per_build
def indicator_catalogue() -> pd.DataFrame:
    """Every registered indicator with periods, latest period and whether it holds data."""
    return database().df("queries/indicator_catalogue")


@per_build
def sources() -> pd.DataFrame:
    return database().df("queries/sources")


@per_build
def source_records() -> dict[str, dict[str, Any]]:
    """Source key -> its row (publisher, table_name, title, url, licence, …)."""
    return {row["source"]: row for row in sources().to_dict("records")}


@per_build
def build_info() -> dict[str, str]:
    frame = database().df("queries/build_info")
    return dict(zip(frame["key"], frame["value"]))


@dataclass(frozen=True)
class Catalogue:
    indicators: dict[str, Indicator]       # indicators with data: role order, then registry order
    periods: dict[str, tuple[str, ...]]    # oldest first
    latest: dict[str, str]
    missing: tuple[Indicator, ...]         # registered in the registry, no data in the database


@per_build
def catalogue() -> Catalogue:
    """The indicators that hold data, with their periods, as registry objects."""
    records = database().df("queries/map_indicators").to_dict("records")
    indicators, periods, latest = indicators_with_data(records)
    order: dict[str, tuple[int, int]] = {}
    for row in records:
        role = row["role"]
        order.setdefault(row["indicator_id"],
                         (ROLES.index(role) if role in ROLES else 99, int(row["sort_order"])))
    ordered = sorted(indicators, key=lambda ident: order[ident])
    missing = tuple(ind for ident, ind in registry().items() if ident not in indicators)
    return Catalogue(
        indicators={ident: indicators[ident] for ident in ordered},
        periods={ident: tuple(periods[ident]) for ident in ordered},
        latest=latest,
        missing=missing,
    )
