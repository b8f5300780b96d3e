"""Queries and assembly for the map page: from a MapState to everything the page lays out.

Every number comes from the database (values, ranks, national and group values are computed in
the build; nothing is recomputed here). Indicator ids reach SQL only as bound parameters, and
only after `parse_state` has checked them against the indicators that have data.

Slow, run-independent parts (the catalogue, municipalities, sources and the browser geometry)
are cached per database file and modification time, so a rebuilt database is picked up.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..db import query_df
from ..i18n import ROLE_ORDER, format_number, format_value, is_missing, role_label, t
from ..maps.classify import Classification, classify
from ..maps.folium_map import Tooltip, choropleth_payload, tooltip_html
from ..maps.geometry import MapGeometry, prepare_geometry
from ..maps.legend import Legend, build_legend
from ..maps.palettes import palette
from ..maps.state import Choices, MapState
from ..paths import default_db_path
from ..registry import Indicator, registry
from . import core

KBH_GROUP = 1  # DST kommunegruppe "Hovedstadskommuner": the Copenhagen-area zoom preset


def _db_key(db: Path | None) -> tuple[str, int]:
    path = Path(db) if db else default_db_path()
    try:
        return str(path.resolve()), path.stat().st_mtime_ns
    except FileNotFoundError:
        return str(path), -1  # query_df raises DatabaseMissing with build instructions


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value)


def _indicator_from_row(row: dict[str, Any]) -> Indicator:
    return Indicator(
        id=row["indicator_id"], role=row["role"], direction=row["direction"],
        core=bool(row["core"]), origin=row["origin"], source=row["source"],
        unit_da=_text(row["unit_da"]), unit_en=_text(row["unit_en"]),
        decimals=int(row["decimals"]), plausible_min=float(row["plausible_min"]),
        plausible_max=float(row["plausible_max"]), national=row["national"],
        label_da=row["label_da"], label_en=row["label_en"],
        description_da=_text(row["description_da"]), description_en=_text(row["description_en"]),
        caveats_da=_text(row["caveats_da"]), caveats_en=_text(row["caveats_en"]),
        user_values=bool(row["user_supplied"]),
    )


@dataclass(frozen=True)
class Catalogue:
    indicators: dict[str, Indicator]       # indicators with data: role order, then registry order
    periods: dict[str, tuple[str, ...]]    # oldest first
    latest: dict[str, str]
    missing: tuple[Indicator, ...]         # registered in the registry, no data in the database


@lru_cache(maxsize=4)
def _catalogue(key: tuple[str, int]) -> Catalogue:
    frame = query_df("queries/map_indicators", path=Path(key[0]))
    indicators: dict[str, Indicator] = {}
    periods: dict[str, list[str]] = {}
    latest: dict[str, str] = {}
    order: dict[str, tuple[int, int]] = {}
    for row in frame.to_dict("records"):
        ident = row["indicator_id"]
        if ident not in indicators:
            indicators[ident] = _indicator_from_row(row)
            role = row["role"]
            order[ident] = (ROLE_ORDER.index(role) if role in ROLE_ORDER else 99,
                            int(row["sort_order"]))
            periods[ident] = []
        periods[ident].append(str(row["period"]))
        if bool(row["is_latest"]):
            latest[ident] = str(row["period"])
    for ident, values in periods.items():
        latest.setdefault(ident, values[-1])
    ordered = sorted(indicators, key=lambda ident: order[ident])
    missing = tuple(ind for ident, ind in registry().items() if ident not in indicators)
    return Catalogue(
        indicators={ident: indicators[ident] for ident in ordered},
        periods={ident: tuple(periods[ident]) for ident in ordered},
        latest=latest,
        missing=missing,
    )


def catalogue(db: Path | None = None) -> Catalogue:
    return _catalogue(_db_key(db))


@lru_cache(maxsize=4)
def _municipalities(key: tuple[str, int]) -> pd.DataFrame:
    return core.municipalities(Path(key[0]))


def municipalities(db: Path | None = None) -> pd.DataFrame:
    """The 98 municipalities ordered by name (shared frame: do not modify)."""
    return _municipalities(_db_key(db))


@lru_cache(maxsize=4)
def _sources(key: tuple[str, int]) -> dict[str, dict[str, Any]]:
    frame = core.sources(Path(key[0]))
    return {row["source"]: row for row in frame.to_dict("records")}


def sources(db: Path | None = None) -> dict[str, dict[str, Any]]:
    return _sources(_db_key(db))


def choices(db: Path | None = None, lang: str = "da") -> Choices:
    """What the map's URL parameters may name, from the database."""
    cat = catalogue(db)
    munis = municipalities(db)
    registered = frozenset(registry()) | frozenset(cat.indicators)
    labels = {ident: ind.label(lang) for ident, ind in registry().items()}
    labels.update({ident: ind.label(lang) for ident, ind in cat.indicators.items()})
    return Choices(
        periods=cat.periods,
        latest=cat.latest,
        registered=registered,
        labels=labels,
        municipalities=dict(zip(munis["kommune_kode"].astype(int), munis["name"])),
        regions=dict(munis.groupby("region_code")["region_name"].first()),
        groups=dict(munis.groupby("kommunegruppe_code")["kommunegruppe_name"].first()),
    )


@lru_cache(maxsize=4)
def _geometry(key: tuple[str, int], inset: bool) -> MapGeometry:
    path = Path(key[0])
    shapes = query_df("queries/map_shapes", path=path)
    regions = query_df("queries/map_region_shapes", path=path)
    munis = _municipalities(key)
    kbh = munis.loc[munis["kommunegruppe_code"] == KBH_GROUP, "kommune_kode"].astype(int)
    return prepare_geometry(
        dict(zip(shapes["kommune_kode"].astype(int), shapes["geojson"])),
        dict(zip(regions["region_code"].astype(int), regions["geojson"])),
        inset=inset,
        kbh_codes=list(kbh),
    )


def geometry(inset: bool = True, db: Path | None = None) -> MapGeometry:
    """Browser geometry; `inset=True` moves Bornholm into a framed inset (no basemap only)."""
    return _geometry(_db_key(db), bool(inset))


def values(indicator_id: str, period: str, db: Path | None = None) -> pd.DataFrame:
    """All 98 municipalities with value (NaN = no data), rank and n_ranked."""
    return query_df("queries/map_values", {"indicator": indicator_id, "period": period}, path=db)


@dataclass(frozen=True)
class Reference:
    national: float | None
    method: str | None
    region: dict[int, float]
    gruppe: dict[int, float]
    n_municipalities: int = 0     # municipalities with a value behind the national figure


def reference(indicator_id: str, period: str, db: Path | None = None) -> Reference:
    frame = query_df("queries/map_reference", {"indicator": indicator_id, "period": period},
                     path=db)
    national = frame[frame["group_type"] == "national"]
    def groups(kind: str) -> dict[int, float]:
        part = frame[frame["group_type"] == kind]
        return {int(code): value for code, value in zip(part["group_code"], part["value"])
                if not is_missing(value)}
    nat_value = None if national.empty or is_missing(national["value"].iloc[0]) \
        else float(national["value"].iloc[0])
    return Reference(
        national=nat_value,
        method=None if national.empty else str(national["method"].iloc[0]),
        n_municipalities=0 if national.empty else int(national["n_municipalities"].iloc[0]),
        region=groups("region"),
        gruppe=groups("kommunegruppe"),
    )


DISTANCE_SOURCE = "atlas_hospital_distance"   # crow-fly distances: islands need a note


@lru_cache(maxsize=4)
def _hospitals(key: tuple[str, int]) -> pd.DataFrame:
    return query_df("queries/map_hospitals", path=Path(key[0]))


def hospital_points(drawn: MapGeometry, lang: str, db: Path | None = None
                    ) -> list[tuple[float, float, str]]:
    """The acute receptions the distance indicators measure to, as (lat, lon, tooltip HTML),
    placed like the geometry they are drawn on (Bornholm's moves into its inset)."""
    points = []
    for row in _hospitals(_db_key(db)).itertuples():
        lon, lat = drawn.place(float(row.lon), float(row.lat))
        label = (f"<b>{html.escape(row.name)}</b><br>{html.escape(row.town)} · "
                 + t(f"map.hospital.confidence.{row.coord_confidence}", lang))
        points.append((lat, lon, label))
    return points


@dataclass(frozen=True)
class Selected:
    code: int
    name: str
    region_name: str
    gruppe_name: str
    value_text: str
    number_text: str        # the value without its unit
    rank_text: str
    national_text: str
    gruppe_label: str
    gruppe_text: str
    region_label: str
    region_text: str
    has_value: bool
    travel_note: str | None = None   # ferry-only island, for the computed distance indicators


@dataclass(frozen=True)
class MapModel:
    state: MapState
    indicator: Indicator
    classification: Classification
    legend: Legend
    payload_json: str
    n_with_data: int
    national_text: str
    national_method_text: str | None
    source_text: str
    highlight: tuple[int, ...] | None
    filter_text: str | None
    selected: Selected | None
    options: dict[int, str]          # code -> name, ordered by name (for the select box)
    points_text: str | None = None   # what the point markers are, when there are any


def rank_text(rank: Any, n: Any, direction: str, lang: str) -> str:
    if is_missing(rank) or is_missing(n):
        return t("map.rank.none", lang)
    note = t("rank.highest_first" if direction == "neutral" else "rank.best_first", lang)
    return t("tooltip.rank", lang, rank=int(rank), n=int(n), note=note)


def source_text(indicator: Indicator, lang: str, db: Path | None = None,
                period: str | None = None) -> str:
    """Publisher, table and licence of the sources behind the values shown: those of the
    period's observations where given (a user's own file names itself), else the registry's."""
    keys = (_period_sources(_db_key(db), indicator.id, period) if period is not None
            else ()) or (indicator.source,)
    return "; ".join(_one_source_text(key, lang, db) for key in keys)


@lru_cache(maxsize=256)
def _period_sources(key: tuple[str, int], indicator_id: str, period: str) -> tuple[str, ...]:
    frame = query_df("queries/period_sources", {"indicator": indicator_id, "period": period},
                     path=Path(key[0]))
    return tuple(frame["source"])


def _one_source_text(key: str, lang: str, db: Path | None) -> str:
    info = sources(db).get(key)
    if not info:
        return key
    parts = [_text(info.get("publisher"))]
    table = _text(info.get("table_name"))
    if table:
        parts.append(table)
    text = ", ".join(p for p in parts if p)
    licence = _text(info.get("licence"))
    return f"{text} ({t('licence', lang).lower()}: {licence})" if licence else text


def render_id(state: MapState) -> str:
    """What the map shows, as one string (see choropleth_payload)."""
    return "|".join(str(part) for part in (
        state.indicator, state.period, state.method, state.k, state.kommune or "",
        state.region or "", state.gruppe or "", state.view, state.lang))


def build_model(state: MapState, db: Path | None = None) -> MapModel:
    """Everything the map page shows for `state` (already validated by parse_state)."""
    lang = state.lang
    cat = catalogue(db)
    indicator = cat.indicators[state.indicator]
    frame = values(state.indicator, state.period, db)
    ref = reference(state.indicator, state.period, db)
    codes = [int(c) for c in frame["kommune_kode"]]
    classification = classify(list(frame["value"]), state.method, state.k)
    legend = build_legend(classification, indicator, lang)
    colours = palette(indicator.direction, classification.k) if classification.k else ()

    national_value = format_value(ref.national, indicator, lang)
    national_line = t("tooltip.national", lang, value=national_value)
    label = indicator.label(lang)
    tooltips: dict[int, str] = {}
    for row in frame.itertuples(index=False):
        code = int(row.kommune_kode)
        has_value = not is_missing(row.value)
        tooltips[code] = tooltip_html(Tooltip(
            code=code, name=row.name, indicator_label=label,
            value_text=format_value(row.value, indicator, lang),
            rank_text=rank_text(row.rank, row.n_ranked, indicator.direction, lang)
            if has_value else None,
            national_text=national_line,
        ))

    highlight = None
    filter_parts = []
    mask = pd.Series(True, index=frame.index)
    if state.region is not None:
        mask &= frame["region_code"] == state.region
        filter_parts.append(str(frame.loc[frame["region_code"] == state.region,
                                          "region_name"].iloc[0]))
    if state.gruppe is not None:
        mask &= frame["kommunegruppe_code"] == state.gruppe
        filter_parts.append(str(frame.loc[frame["kommunegruppe_code"] == state.gruppe,
                                          "kommunegruppe_name"].iloc[0]))
    filter_text = None
    if filter_parts:
        highlight = tuple(int(c) for c in frame.loc[mask, "kommune_kode"])
        filter_text = t("map.filter.active", lang, what=" ∩ ".join(filter_parts),
                        n=len(highlight))

    points = (hospital_points(geometry(state.tiles is None, db), lang, db)
              if indicator.source == DISTANCE_SOURCE else None)
    payload = choropleth_payload(codes, classification.classes, colours, tooltips,
                                 highlight=highlight, selected=state.kommune, view=state.view,
                                 render_id=render_id(state), points=points)

    selected = None
    if state.kommune is not None:
        row = frame[frame["kommune_kode"] == state.kommune].iloc[0]
        region_code, gruppe_code = int(row["region_code"]), int(row["kommunegruppe_code"])
        selected = Selected(
            code=state.kommune,
            name=str(row["name"]),
            region_name=str(row["region_name"]),
            gruppe_name=str(row["kommunegruppe_name"]),
            value_text=format_value(row["value"], indicator, lang),
            number_text=format_value(row["value"], indicator, lang, unit=False),
            rank_text=rank_text(row["rank"], row["n_ranked"], indicator.direction, lang),
            national_text=national_value,
            gruppe_label=t("map.group_avg", lang, group=row["kommunegruppe_name"]),
            gruppe_text=format_value(ref.gruppe.get(gruppe_code), indicator, lang),
            region_label=t("map.region_avg", lang, region=row["region_name"]),
            region_text=format_value(ref.region.get(region_code), indicator, lang),
            has_value=not is_missing(row["value"]),
            travel_note=(_text(row[f"island_note_{'en' if lang == 'en' else 'da'}"]) or None)
            if indicator.source == DISTANCE_SOURCE else None,
        )

    munis = municipalities(db)
    return MapModel(
        state=state,
        indicator=indicator,
        classification=classification,
        legend=legend,
        payload_json=payload,
        n_with_data=int(frame["value"].notna().sum()),
        national_text=national_value,
        national_method_text=t(f"national.{ref.method}", lang, n=ref.n_municipalities)
        if ref.method in (
            "population_weighted_mean", "sum", "median") else None,
        source_text=source_text(indicator, lang, db, state.period),
        highlight=highlight,
        filter_text=filter_text,
        selected=selected,
        options=dict(zip(munis["kommune_kode"].astype(int), munis["name"])),
        points_text=t("map.hospitals_line", lang, n=len(points)) if points else None,
    )


def indicator_options(lang: str, db: Path | None = None) -> dict[str, str]:
    """Indicator id -> "Role · Label", grouped by role (need, supply, outcome, context)."""
    return {ident: f"{role_label(ind.role, lang)} · {ind.label(lang)}"
            for ident, ind in catalogue(db).indicators.items()}


def format_period_count(n: int, lang: str) -> str:
    return format_number(n, 0, lang)
