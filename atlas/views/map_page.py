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

from atlas.db import per_build, per_build_recent
from atlas.i18n import (
    STRINGS,
    Escaped,
    Number,
    Text,
    area,
    group_name,
    is_missing,
    message,
    pick,
    publisher_name,
    role_label,
    site_name,
    sorted_names,
    source_wording,
    t,
)
from atlas.query import core as queries
from atlas.query import values as value_queries
from atlas.query.values import GroupValue
from atlas.registry import Indicator, default_indicator, registry
from atlas.views import municipal
from atlas.views.choropleth import (
    DEFAULT_VIEW,
    VIEWS,
    Choropleth,
    PlaceLabel,
    Point,
    build_choropleth,
    count_text,
    rank_text,
)
from atlas.views.classify import DEFAULT_CLASSES, DEFAULT_METHOD, MAX_CLASSES, METHODS, MIN_CLASSES
from atlas.views.geometry import KBH_GROUP, MapGeometry, prepare_geometry
from atlas.views.text import md, plain
from atlas.views.urlstate import LANG, Invalid, Param, Schema, choice, constant, integer

TILES = ("osm",)
# An average (national, region, kommunegruppe) is shown only when it rests on at least this
# many municipalities with data and this share of the group's population; below, the atlas
# says "too few municipalities with data" instead of a number from a handful of places.
MIN_MUNICIPALITIES = 3
MIN_POPULATION_SHARE = 0.75
N_TOWN_LABELS = 12   # municipalities named on the national map: the most populous

# The map page's own texts (Danish, English), looked up with `text()`.
TEXTS = area("map_page")   # ids `map_page.*` (docs/i18n.md)


def text(key: str, lang: str, /, **values: Any) -> str:
    """One of the map page's own texts in `lang`."""
    return pick(TEXTS, key, lang, **values)


@dataclass(frozen=True)
class Choices:
    """What the map's URL may name: indicators with data (id -> periods, latest last), codes."""

    periods: Mapping[str, Sequence[str]]     # indicator id -> its periods, oldest first
    latest: Mapping[str, str]                # indicator id -> default (latest) period
    registered: frozenset[str]               # every registered indicator id, with or without data
    labels: Mapping[str, str]                # indicator id -> label (for notices)
    municipalities: Mapping[int, str]        # code -> name
    regions: Mapping[int, str]               # code -> name
    groups: Mapping[int, str]                # kommunegruppe code -> name (in the language)

    def default_indicator(self) -> str:
        preferred = default_indicator()
        return preferred if preferred in self.periods else next(iter(self.periods))


@per_build
def choices(lang: str = "da") -> Choices:
    """What the map's URL parameters may name, from the database (per build and language: two
    pandas groupings a run saved; read-only, like every cached result)."""
    cat = queries.catalogue()
    munis = queries.municipalities()
    labels = {ident: ind.label(lang) for ident, ind in registry().items()}
    labels.update({ident: ind.label(lang) for ident, ind in cat.indicators.items()})
    return Choices(
        periods=cat.periods,
        latest=cat.latest,
        registered=frozenset(registry()) | frozenset(cat.indicators),
        labels=labels,
        municipalities=sorted_names(dict(zip(munis["kommune_kode"].astype(int), munis["name"])),
                                    lang),
        regions=dict(munis.groupby("region_code")["region_name"].first()),
        groups={int(code): group_name(code, name, lang) for code, name in
                munis.groupby("kommunegruppe_code")["kommunegruppe_name"].first().items()},
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


def find_municipality(text: str, municipalities: Mapping[int, str]) -> int | None:
    """The municipality a visitor means: a code ("360", "0751") or a name in any usual
    spelling ("Århus", "Kobenhavn", "Københavns Kommune"), with the shared resolver
    (atlas.views.municipal.resolve; `search_result` also says where a typed town lies)."""
    return municipal.resolve(text, municipalities).code


def search_result(text: str, municipalities: Mapping[int, str]) -> municipal.Resolution:
    """What the map's search field found: a municipality, a town's municipality to offer
    ("Nakskov ligger i Lolland Kommune"), or close names."""
    return municipal.resolve(text, municipalities)


def _parse_kommune(text: str, context: Choices, values: dict) -> int:
    found = municipal.resolve(text, context.municipalities)
    if found.code is None:
        if found.town is not None:       # "Nakskov": say where it lies
            lang = values.get("lang", "da")
            raise Invalid("notice.town", shown=", ".join(
                pick(municipal.TEXTS, "town.municipality", lang, name=name)
                for _, name in found.suggestions))
        raise Invalid()
    return found.code


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
    Param("kommune", _parse_kommune, constant(None),
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


# The map's view, as every page link carries it from page to page (atlas.ui.shared_params).
SHARED_VIEW = ("indicator", "period", "kommune")


def shared_view(raw: Mapping[str, Any], context: Choices) -> dict[str, str]:
    """The map's view parameters in `raw` that are valid, in their canonical form (a name
    becomes a code): what a link to another page may carry. An invalid value is left out, so
    a link never passes on what the page it came from fell back from (issue 21)."""
    kept: dict[str, Any] = {}
    for name in SHARED_VIEW:
        if raw.get(name) not in (None, ""):
            if not SCHEMA.parse({**kept, name: raw[name]}, context)[1]:
                kept[name] = raw[name]
    if not kept:
        return {}
    params = SCHEMA.to_params(SCHEMA.parse(kept, context)[0], context)
    return {name: params[name] for name in kept if name in params}


def render_id(state: MapState) -> str:
    """What the map shows, as one string: the browser echoes it once the state is drawn."""
    return "|".join(str(part) for part in (
        state.indicator, state.period, state.breaks, state.classes, state.kommune or "",
        state.region or "", state.gruppe or "", state.view, state.lang))


# --- geometry -----------------------------------------------------------------------------------
def kbh_codes() -> list[int]:
    """The Copenhagen-area municipalities (the "kbh" view preset and its place labels)."""
    munis = queries.municipalities()
    return [int(code) for code in
            munis.loc[munis["kommunegruppe_code"] == KBH_GROUP, "kommune_kode"]]


@per_build
def map_geometry(inset: bool = True) -> MapGeometry:
    """Browser geometry; `inset=True` moves Bornholm into a framed inset (no basemap only).
    As the build prepared and stored it; prepared here only for a database without it."""
    stored = value_queries.stored_map_geometry(bool(inset))
    if stored is not None:
        return MapGeometry.from_json(stored)
    return prepare_geometry(value_queries.municipality_shapes(), value_queries.region_shapes(),
                            inset=bool(inset), kbh_codes=kbh_codes())


# --- the view model -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Selected:
    """The side panel of the selected municipality."""

    code: int
    name: str
    context_line: str           # "Region Sjælland · Landkommuner"
    indicator_label: str
    number_text: Text           # the value without its unit (a Number)
    unit_text: str              # empty when there is no value
    rank_text: str
    reference_lines: tuple[tuple[str, Text], ...]   # (label, value) for Denmark, group, region
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
    highlighted: tuple[tuple[str, Text], ...] = ()      # (name, value) of those highlighted
    highlight_averages: tuple[tuple[str, Text], ...] = ()  # (label, average) of each filter

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
        text = ", ".join(p for p in (publisher_name(_text(info.get("publisher")), lang),
                                     source_wording(_text(info.get("table_name")), lang)) if p)
        licence = source_wording(_text(info.get("licence")), lang)
        parts.append(f"{text} ({t('licence', lang).lower()}: {licence})" if licence else text)
    return "; ".join(parts)


def short_source(indicator: Indicator, lang: str, period: str | None = None) -> str:
    """"Danmarks Statistik, HISBK": publisher and table of the values shown, no licence."""
    keys = (value_queries.period_sources(indicator.id, period) if period is not None
            else ()) or (indicator.source,)
    records = queries.source_records()
    parts = []
    for key in keys:
        info = records.get(key) or {}
        parts.append(", ".join(p for p in (publisher_name(_text(info.get("publisher")), lang),
                                           source_wording(_text(info.get("table_name")), lang))
                               if p) or key)
    return "; ".join(parts)


def enough_data(group: GroupValue | None) -> bool:
    """Whether an average rests on enough municipalities and residents to be shown."""
    if group is None or group.value is None:
        return False
    if group.n_municipalities < MIN_MUNICIPALITIES:
        return False
    return group.population_share is None or group.population_share >= MIN_POPULATION_SHARE


def reference_message(group: GroupValue | None, indicator: Indicator, lang: str,
                      short: bool = False) -> Text:
    """An average with the number of municipalities it rests on ("81,6 år (94 kommuner)"), or
    "too few municipalities with data" below the coverage threshold: a Message rendered where
    it is shown (the unit in `lang`)."""
    if group is None or group.value is None:
        return t("no_data", lang)
    n = count_text(int(group.n_municipalities))
    if not enough_data(group):
        if short:
            return message(STRINGS, "ref.too_few.short", n=n)
        share = ("?" if group.population_share is None
                 else Number(100 * group.population_share, 0, "%"))
        return message(STRINGS, "ref.too_few", n=n, share=share, min_n=MIN_MUNICIPALITIES,
                       min_share=Number(100 * MIN_POPULATION_SHARE, 0, "%"))
    return message(STRINGS, "ref.value",
                   value=Number(group.value, indicator.decimals, indicator.unit(lang)), n=n)


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value)


@per_build
def hospital_points(lang: str) -> tuple[Point, ...]:
    return tuple(
        Point(lat=float(row.lat), lon=float(row.lon), title=site_name(str(row.name), lang),
              subtitle=f"{row.town} · " + t(f"map.hospital.confidence.{row.coord_confidence}",
                                            lang))
        for row in value_queries.acute_hospitals().itertuples())


@per_build
def place_labels() -> tuple[PlaceLabel, ...]:
    """Names on the map: the most populous municipalities from the national view on, every
    Copenhagen-area municipality once zoomed in that far."""
    munis = queries.municipalities()
    by_size = munis.sort_values("population", ascending=False)
    towns = [int(code) for code in by_size["kommune_kode"].head(N_TOWN_LABELS)]
    names = dict(zip(munis["kommune_kode"].astype(int), munis["name"]))
    labels = [PlaceLabel(code, str(names[code]), 0) for code in towns]
    labels += [PlaceLabel(code, str(names[code]), 1) for code in kbh_codes()
               if code not in towns]
    return tuple(labels)


@per_build_recent(256)
def build_view(state: MapState, context: Choices) -> MapView:
    """Everything the map page shows for `state` (already validated by parse_state; `context`
    is `choices(state.lang)`). Kept for the most recent states: a new visitor usually lands on
    the default view, and a switch back costs nothing."""
    lang = state.lang
    cat = queries.catalogue()
    indicator = cat.indicators[state.indicator]
    frame = value_queries.values(state.indicator, state.period)
    ref = value_queries.reference(state.indicator, state.period)
    unit = indicator.unit(lang)

    highlight = None
    filter_parts = []
    averages: list[tuple[str, str]] = []
    mask = frame["kommune_kode"] == frame["kommune_kode"]
    if state.region is not None:
        mask &= frame["region_code"] == state.region
        filter_parts.append(context.regions[state.region])
        averages.append((t("map.region_avg", lang, region=context.regions[state.region]),
                         reference_message(ref.region.get(state.region), indicator, lang)))
    if state.gruppe is not None:
        mask &= frame["kommunegruppe_code"] == state.gruppe
        filter_parts.append(context.groups[state.gruppe])
        averages.append((t("map.group_avg", lang, group=context.groups[state.gruppe]),
                         reference_message(ref.gruppe.get(state.gruppe), indicator, lang)))
    filter_text = None
    highlighted: tuple[tuple[str, Text], ...] = ()
    if filter_parts:
        highlight = tuple(int(c) for c in frame.loc[mask, "kommune_kode"])
        filter_text = t("map.filter.active", lang, what=" ∩ ".join(md(p) for p in filter_parts),
                        n=len(highlight))
        chosen = frame.loc[mask].sort_values("value", ascending=False, na_position="last")
        highlighted = tuple((str(row.name), Number(row.value, indicator.decimals, unit))
                            for row in chosen.itertuples())

    points = hospital_points(lang) if indicator.markers == "acute_hospitals" else ()
    rows = frame.to_dict("records")
    source = source_text(indicator, lang, state.period)
    method_text = (t(f"national.{ref.method}", lang, n=ref.national.n_municipalities)
                   if ref.method in ("population_weighted_mean", "sum", "median") else "—")
    n_no_data = int(frame["value"].isna().sum())
    national_value = (Number(ref.national.value, indicator.decimals, unit)
                      if enough_data(ref.national)
                      else reference_message(ref.national, indicator, lang))
    notes: list[Text] = [message(STRINGS, "map.national_line",
                                 value=Escaped(national_value, md), method=method_text)]
    if n_no_data:
        notes.append(t("map.no_data_line", lang, n=n_no_data))
    if state.tiles is None and state.view != "kbh":
        notes.append(t("map.inset_note", lang))
    if points:
        notes.append(t("map.hospitals_line", lang, n=len(points)))
    notes.append(t("map.boundaries", lang))
    if indicator.origin == "computed" and indicator.caveats(lang):
        # the atlas's own computations (e.g. hospital distance) state their method up front
        notes.append(f"**{t('caveats', lang)}:** {md(indicator.caveats(lang))}")

    choropleth = build_choropleth(
        indicator, state.period, rows, lang, method=state.breaks, k=state.classes,
        national_text=reference_message(ref.national, indicator, lang, short=True),
        source_line=t("map.source_line", lang, source=md(source), period=state.period,
                      unit=md(indicator.unit(lang))),
        notes=notes, highlight=highlight, selected=state.kommune, view=state.view,
        points=points, render_id=render_id(state),
        credit=plain(t("map.boundaries", lang)),
        tooltip_footer=t("tooltip.period_source", lang, period=state.period,
                         source=short_source(indicator, lang, state.period)),
        labels=place_labels())

    selected = None
    if state.kommune is not None:
        row = next(r for r in rows if int(r["kommune_kode"]) == state.kommune)
        has_value = not is_missing(row["value"])
        gruppe = ref.gruppe.get(int(row["kommunegruppe_code"]))
        region = ref.region.get(int(row["region_code"]))
        group_label = group_name(row["kommunegruppe_code"], row["kommunegruppe_name"], lang)
        selected = Selected(
            code=state.kommune,
            name=str(row["name"]),
            context_line=f"{row['region_name']} · {group_label}",
            indicator_label=indicator.label(lang),
            number_text=Number(row["value"], indicator.decimals),
            unit_text=unit if has_value else "",
            rank_text=rank_text(row["rank"], row["n_ranked"], indicator.direction, lang),
            reference_lines=(
                (t("map.national.own", lang),
                 reference_message(ref.national, indicator, lang)),
                (t("map.group_avg", lang, group=group_label),
                 reference_message(gruppe, indicator, lang)),
                (t("map.region_avg", lang, region=row["region_name"]),
                 reference_message(region, indicator, lang)),
                (t("period", lang), state.period),
                (t("source", lang), short_source(indicator, lang, state.period)),
            ),
            travel_note=(_text(row[f"island_note_{'en' if lang == 'en' else 'da'}"]) or None)
            if indicator.island_note else None,
        )

    return MapView(
        state=state,
        indicator=indicator,
        choropleth=choropleth,
        title=md(indicator.label(lang)),
        subtitle=" · ".join([f"{t('period', lang)} {state.period}", md(indicator.unit(lang)),
                             t(f"direction.{indicator.direction}", lang)]),
        filter_text=filter_text,
        selected=selected,
        options=dict(context.municipalities),
        permalink=state.to_params(context),
        definition=md(indicator.description(lang)),
        caveats=md(indicator.caveats(lang)),
        missing_note=t("map.indicator.missing", lang, n=len(cat.missing),
                       names=", ".join(md(ind.label(lang)) for ind in cat.missing))
        if cat.missing else None,
        highlighted=highlighted,
        highlight_averages=tuple(averages),
    )


__all__ = ["Choices", "MapState", "MapView", "Selected", "SCHEMA", "PARAMS", "REQUIRED",
           "choices", "parse_state", "widget_values", "render_id", "map_geometry",
           "build_view", "indicator_options", "source_text", "short_source",
           "reference_message",
           "enough_data", "find_municipality", "search_result", "place_labels",
           "MIN_MUNICIPALITIES", "MIN_POPULATION_SHARE", "TEXTS", "text"]
