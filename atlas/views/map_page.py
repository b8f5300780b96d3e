"""The map page's view: its URL-state schema and everything the page lays out for a state.

    ?indicator=life_expectancy&period=2021-2025&breaks=quantiles&classes=5
     &kommune=751&region=1082&gruppe=2&view=kbh&tiles=osm&lang=en

Query results (atlas.query) + registry + language -> a `MapView`: the renderer-neutral
choropleth, the side panel of the selected municipality, the filter line, the source and method
lines, the options of the page's widgets and the canonical permalink parameters. Every number
comes from the database (values, ranks, national and group values are computed in the build).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping, Sequence

from ..db import per_build
from ..i18n import format_value, is_missing, role_label, t
from ..query import core as queries
from ..query import values as value_queries
from ..registry import Indicator, default_indicator, registry
from .choropleth import DEFAULT_VIEW, VIEWS, Choropleth, Point, build_choropleth, rank_text
from .classify import DEFAULT_CLASSES, DEFAULT_METHOD, MAX_CLASSES, METHODS, MIN_CLASSES
from .geometry import MapGeometry, prepare_geometry
from .text import md
from .urlstate import LANG, Invalid, Param, Schema, choice, constant, integer

KBH_GROUP = 1  # DST kommunegruppe "Hovedstadskommuner": the Copenhagen-area zoom preset
TILES = ("osm",)


@dataclass(frozen=True)
class Choices:
    """What the map's URL may name: indicators with data (id -> periods, latest last), codes."""

    periods: Mapping[str, Sequence[str]]     # indicator id -> its periods, oldest first
    latest: Mapping[str, str]                # indicator id -> default (latest) period
    registered: frozenset[str]               # every registered indicator id, with or without data
    labels: Mapping[str, str]                # indicator id -> label (for notices)
    municipalities: Mapping[int, str]        # code -> name
    regions: Mapping[int, str]               # code -> name
    groups: Mapping[int, str]                # kommunegruppe code -> name

    def default_indicator(self) -> str:
        preferred = default_indicator()
        return preferred if preferred in self.periods else next(iter(self.periods))


def choices(lang: str = "da") -> Choices:
    """What the map's URL parameters may name, from the database."""
    cat = queries.catalogue()
    munis = queries.municipalities()
    labels = {ident: ind.label(lang) for ident, ind in registry().items()}
    labels.update({ident: ind.label(lang) for ident, ind in cat.indicators.items()})
    return Choices(
        periods=cat.periods,
        latest=cat.latest,
        registered=frozenset(registry()) | frozenset(cat.indicators),
        labels=labels,
        municipalities=dict(zip(munis["kommune_kode"].astype(int), munis["name"])),
        regions=dict(munis.groupby("region_code")["region_name"].first()),
        groups=dict(munis.groupby("kommunegruppe_code")["kommunegruppe_name"].first()),
    )


# --- the URL-state schema -----------------------------------------------------------------------
def _parse_indicator(text: str, context: Choices, values: dict) -> str:
    wanted = text.strip()
    if wanted in context.periods:
        return wanted
    if wanted in context.registered:
        raise Invalid("notice.no_data_indicator", shown=context.labels.get(wanted, wanted))
    raise Invalid()


def _describe_indicator(value: str, context: Choices, lang: str) -> str:
    return md(context.labels.get(value, value))



def _default_period(context: Choices, values: dict) -> str:
    return context.latest[values["indicator"]]


PARAMS = (
    LANG,
    Param("indicator", _parse_indicator, lambda c, v: c.default_indicator(),
          describe=_describe_indicator, always=True, widget="map_indicator"),
    Param("period", choice(lambda c, v: c.periods[v["indicator"]], lower=False),
          _default_period, always=True, widget="map_period"),
    Param("breaks", choice(lambda c, v: METHODS), constant(DEFAULT_METHOD),
          describe=lambda value, c, lang: t(f"classification.{value}", lang),
          always=True, widget="map_breaks"),
    Param("classes", integer(lambda c, v: range(MIN_CLASSES, MAX_CLASSES + 1)),
          constant(DEFAULT_CLASSES), always=True, widget="map_classes"),
    Param("kommune", integer(lambda c, v: c.municipalities), constant(None),
          describe=lambda value, c, lang: t("none", lang).lower(), widget="map_kommune"),
    Param("region", integer(lambda c, v: c.regions), constant(None),
          describe=lambda value, c, lang: t("map.filter.all_regions", lang).lower(),
          widget="map_region"),
    Param("gruppe", integer(lambda c, v: c.groups), constant(None),
          describe=lambda value, c, lang: t("map.filter.all_groups", lang).lower(),
          widget="map_gruppe"),
    Param("view", choice(lambda c, v: VIEWS), constant(DEFAULT_VIEW),
          describe=lambda value, c, lang: t(f"map.view.{value}", lang), widget="map_view"),
    Param("tiles", choice(lambda c, v: TILES), constant(None),
          describe=lambda value, c, lang: t("none", lang).lower()),
)
SCHEMA = Schema(PARAMS)
# Widgets whose value may not be emptied (a deselected segmented control keeps the choice).
REQUIRED = ("indicator", "period", "breaks", "classes", "view")


@dataclass(frozen=True)
class MapState:
    indicator: str
    period: str
    breaks: str = DEFAULT_METHOD
    classes: int = DEFAULT_CLASSES
    kommune: int | None = None
    region: int | None = None
    gruppe: int | None = None
    view: str = DEFAULT_VIEW
    tiles: str | None = None
    lang: str = "da"

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_params(self, context: Choices) -> dict[str, str]:
        """Canonical query parameters (the permalink)."""
        return SCHEMA.to_params(self.values(), context)

    def with_(self, **changes: Any) -> "MapState":
        return replace(self, **changes)


def parse_state(raw: Mapping[str, Any], context: Choices) -> tuple[MapState, list[str]]:
    """(state, notices) from raw query parameters; every invalid value -> default + notice."""
    values, notices = SCHEMA.parse(raw, context)
    return MapState(**values), notices


def widget_values(state: MapState) -> dict[str, Any]:
    return SCHEMA.widget_values(state.values())


def render_id(state: MapState) -> str:
    """What the map shows, as one string: the browser echoes it once the state is drawn."""
    return "|".join(str(part) for part in (
        state.indicator, state.period, state.breaks, state.classes, state.kommune or "",
        state.region or "", state.gruppe or "", state.view, state.lang))


# --- geometry -----------------------------------------------------------------------------------
@per_build
def map_geometry(inset: bool = True) -> MapGeometry:
    """Browser geometry; `inset=True` moves Bornholm into a framed inset (no basemap only)."""
    munis = queries.municipalities()
    kbh = munis.loc[munis["kommunegruppe_code"] == KBH_GROUP, "kommune_kode"].astype(int)
    return prepare_geometry(value_queries.municipality_shapes(), value_queries.region_shapes(),
                            inset=bool(inset), kbh_codes=list(kbh))


# --- the view model -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Selected:
    """The side panel of the selected municipality."""

    code: int
    name: str
    context_line: str           # "Region Sjælland · Landkommuner"
    indicator_label: str
    number_text: str            # the value without its unit
    unit_text: str              # empty when there is no value
    rank_text: str
    reference_lines: tuple[tuple[str, str], ...]    # (label, value) for Denmark, group, region
    travel_note: str | None = None   # ferry-only island, for the computed distance indicators


@dataclass(frozen=True)
class MapView:
    state: MapState
    indicator: Indicator
    choropleth: Choropleth
    title: str
    subtitle: str                    # "Periode 2021-2025 · år · Højere er bedre"
    filter_text: str | None
    selected: Selected | None
    options: dict[int, str]          # code -> name, ordered by name (for the select box)
    permalink: dict[str, str]        # canonical query parameters
    definition: str
    caveats: str
    missing_note: str | None         # registered indicators without data

    @property
    def n_with_data(self) -> int:
        return len(self.choropleth.areas) - self.choropleth.no_data


def indicator_options(lang: str) -> dict[str, str]:
    """Indicator id -> "Role · Label", grouped by role (need, supply, outcome, context)."""
    return {ident: f"{role_label(ind.role, lang)} · {ind.label(lang)}"
            for ident, ind in queries.catalogue().indicators.items()}


def source_text(indicator: Indicator, lang: str, period: str | None = None) -> str:
    """Publisher, table and licence of the sources behind the values shown: those of the
    period's observations where given (a user's own file names itself), else the registry's."""
    keys = (value_queries.period_sources(indicator.id, period) if period is not None
            else ()) or (indicator.source,)
    records = queries.source_records()
    parts = []
    for key in keys:
        info = records.get(key)
        if not info:
            parts.append(key)
            continue
        text = ", ".join(p for p in (_text(info.get("publisher")), _text(info.get("table_name")))
                         if p)
        licence = _text(info.get("licence"))
        parts.append(f"{text} ({t('licence', lang).lower()}: {licence})" if licence else text)
    return "; ".join(parts)


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value)


def hospital_points(lang: str) -> tuple[Point, ...]:
    return tuple(
        Point(lat=float(row.lat), lon=float(row.lon), title=str(row.name),
              subtitle=f"{row.town} · " + t(f"map.hospital.confidence.{row.coord_confidence}",
                                            lang))
        for row in value_queries.acute_hospitals().itertuples())


def build_view(state: MapState, context: Choices) -> MapView:
    """Everything the map page shows for `state` (already validated by parse_state)."""
    lang = state.lang
    cat = queries.catalogue()
    indicator = cat.indicators[state.indicator]
    frame = value_queries.values(state.indicator, state.period)
    ref = value_queries.reference(state.indicator, state.period)
    national_value = format_value(ref.national.value, indicator, lang)

    highlight = None
    filter_parts = []
    mask = frame["kommune_kode"] == frame["kommune_kode"]
    if state.region is not None:
        mask &= frame["region_code"] == state.region
        filter_parts.append(context.regions[state.region])
    if state.gruppe is not None:
        mask &= frame["kommunegruppe_code"] == state.gruppe
        filter_parts.append(context.groups[state.gruppe])
    filter_text = None
    if filter_parts:
        highlight = tuple(int(c) for c in frame.loc[mask, "kommune_kode"])
        filter_text = t("map.filter.active", lang, what=" ∩ ".join(md(p) for p in filter_parts),
                        n=len(highlight))

    points = hospital_points(lang) if indicator.markers == "acute_hospitals" else ()
    rows = frame.to_dict("records")
    source = source_text(indicator, lang, state.period)
    method_text = (t(f"national.{ref.method}", lang, n=ref.national.n_municipalities)
                   if ref.method in ("population_weighted_mean", "sum", "median") else "—")
    n_no_data = int(frame["value"].isna().sum())
    notes = [t("map.national_line", lang, value=md(national_value), method=method_text)]
    if n_no_data:
        notes.append(t("map.no_data_line", lang, n=n_no_data))
    if state.tiles is None:
        notes.append(t("map.inset_note", lang))
    if points:
        notes.append(t("map.hospitals_line", lang, n=len(points)))
    notes.append(t("map.boundaries", lang))
    if indicator.origin == "computed" and indicator.caveats(lang):
        # the atlas's own computations (e.g. hospital distance) state their method up front
        notes.append(f"**{t('caveats', lang)}:** {md(indicator.caveats(lang))}")

    choropleth = build_choropleth(
        indicator, state.period, rows, lang, method=state.breaks, k=state.classes,
        national_text=national_value,
        source_line=t("map.source_line", lang, source=md(source), period=state.period,
                      unit=md(indicator.unit(lang))),
        notes=notes, highlight=highlight, selected=state.kommune, view=state.view,
        points=points, render_id=render_id(state))

    selected = None
    if state.kommune is not None:
        row = next(r for r in rows if int(r["kommune_kode"]) == state.kommune)
        has_value = not is_missing(row["value"])
        gruppe = ref.gruppe.get(int(row["kommunegruppe_code"]))
        region = ref.region.get(int(row["region_code"]))
        selected = Selected(
            code=state.kommune,
            name=str(row["name"]),
            context_line=f"{row['region_name']} · {row['kommunegruppe_name']}",
            indicator_label=indicator.label(lang),
            number_text=format_value(row["value"], indicator, lang, unit=False),
            unit_text=indicator.unit(lang) if has_value else "",
            rank_text=rank_text(row["rank"], row["n_ranked"], indicator.direction, lang),
            reference_lines=(
                (t("map.national", lang), national_value),
                (t("map.group_avg", lang, group=row["kommunegruppe_name"]),
                 format_value(gruppe.value if gruppe else None, indicator, lang)),
                (t("map.region_avg", lang, region=row["region_name"]),
                 format_value(region.value if region else None, indicator, lang)),
            ),
            travel_note=(_text(row[f"island_note_{'en' if lang == 'en' else 'da'}"]) or None)
            if indicator.island_note else None,
        )

    munis = queries.municipalities()
    return MapView(
        state=state,
        indicator=indicator,
        choropleth=choropleth,
        title=md(indicator.label(lang)),
        subtitle=" · ".join([f"{t('period', lang)} {state.period}", md(indicator.unit(lang)),
                             t(f"direction.{indicator.direction}", lang)]),
        filter_text=filter_text,
        selected=selected,
        options=dict(zip(munis["kommune_kode"].astype(int), munis["name"])),
        permalink=state.to_params(context),
        definition=md(indicator.description(lang)),
        caveats=md(indicator.caveats(lang)),
        missing_note=t("map.indicator.missing", lang, n=len(cat.missing),
                       names=", ".join(md(ind.label(lang)) for ind in cat.missing))
        if cat.missing else None,
    )


__all__ = ["Choices", "MapState", "MapView", "Selected", "SCHEMA", "PARAMS", "REQUIRED",
           "choices", "parse_state", "widget_values", "render_id", "map_geometry",
           "build_view", "indicator_options", "source_text"]
