"""Indicator values, reference values (national, region, kommunegruppe), the sources behind a
period, the acute hospitals and the map geometry."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from atlas.db import database, per_build


@per_build
def values(indicator_id: str, period: str) -> pd.DataFrame:
    """All 98 municipalities (by code) with value (NaN = no data), rank and n_ranked.
    Cached per build: callers read the frame and never change it in place."""
    return database().df("queries/map_values", {"indicator": indicator_id, "period": period})


@dataclass(frozen=True)
class GroupValue:
    value: float | None
    n_municipalities: int          # municipalities with a value behind the figure
    population_share: float | None = None   # share of the group's residents covered (0..1)


@dataclass(frozen=True)
class Reference:
    national: GroupValue
    method: str | None
    region: dict[int, GroupValue] = field(default_factory=dict)
    gruppe: dict[int, GroupValue] = field(default_factory=dict)


def _number(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _group_value(row: dict) -> GroupValue:
    return GroupValue(value=_number(row.get("value")),
                      n_municipalities=int(row.get("n_municipalities") or 0),
                      population_share=_number(row.get("population_share")))


@per_build
def reference(indicator_id: str, period: str) -> Reference:
    """The build's reference values for one indicator and period (cached per build)."""
    frame = database().df("queries/map_reference", {"indicator": indicator_id, "period": period})
    records = frame.to_dict("records")
    national = next((row for row in records if row["group_type"] == "national"), None)
    return Reference(
        national=_group_value(national) if national else GroupValue(None, 0),
        method=str(national["method"]) if national else None,
        region={int(row["group_code"]): _group_value(row) for row in records
                if row["group_type"] == "region"},
        gruppe={int(row["group_code"]): _group_value(row) for row in records
                if row["group_type"] == "kommunegruppe"},
    )


@per_build
def period_sources(indicator_id: str, period: str) -> tuple[str, ...]:
    """The source keys that actually supplied an indicator's values in one period."""
    frame = database().df("queries/period_sources", {"indicator": indicator_id, "period": period})
    return tuple(frame["source"])


@per_build
def acute_hospitals() -> pd.DataFrame:
    """The 24/7 acute receptions the hospital-distance indicators measure to."""
    return database().df("queries/map_hospitals")


@per_build
def municipality_shapes() -> dict[int, str]:
    """Municipality code -> simplified GeoJSON text."""
    frame = database().df("queries/map_shapes")
    return dict(zip(frame["kommune_kode"].astype(int), frame["geojson"]))


def stored_map_geometry(inset: bool) -> str | None:
    """The map's browser geometry as the build stored it (MapGeometry.to_json), or None.
    Not cached here: the view keeps what it makes of it (map_page.map_geometry)."""
    rows = database().rows("queries/map_geometry", {"inset": bool(inset)})
    return rows[0][0] if rows else None


@per_build
def region_shapes() -> dict[int, str]:
    """Region code -> simplified GeoJSON text."""
    frame = database().df("queries/map_region_shapes")
    return dict(zip(frame["region_code"].astype(int), frame["geojson"]))
