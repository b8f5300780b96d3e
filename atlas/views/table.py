"""The journalist's table: all 98 municipalities x chosen indicators, filtered and sorted, with
rank columns, and downloads of exactly the rows and columns shown.

    ?ind=life_expectancy,gini&region=1085&gruppe=5&pop_min=20000&pop_max=60000
     &range=life_expectancy:79:81.5&sort=life_expectancy&order=desc&ranks=0&top=10&lang=en

`top=N` keeps the first N rows of the sorted view (a "top 10"), on screen and in the downloads.

Values stay numbers in `frame` (so the table sorts as numbers, and the downloads get numbers);
`numbers` says how each number column is shown: a `NumberColumn` holding each distinct value's
`Number` with the column's decimals (made once per build), rendered in the page's language,
with "ingen data" / "no data" for a missing value, where the table is drawn
(atlas.ui.table_controls.cell_texts). Units and periods are in the column headers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any, Iterable, Mapping

import pandas as pd

from atlas.db import per_build_recent
from atlas.exports import Column, ExportTable
from atlas.i18n import (
    STRINGS,
    Message,
    Moment,
    Number,
    NumberColumn,
    area,
    group_name,
    is_missing,
    message,
    name_sort,
    pick,
    render,
)
from atlas.query import core as queries
from atlas.query import profile as profile_queries
from atlas.views import funnel as funnel_views
from atlas.views import municipal
from atlas.views.text import md
from atlas.views.urlstate import LANG, Invalid, Param, Schema, choice, constant, integer

TEXTS = area("table")   # ids `table.*` (docs/i18n.md)
ORDERS = ("asc", "desc")
FIXED_SORTS = ("name", "code", "region", "gruppe", "population")
RANK_PREFIX = "rank:"
FUNNEL_PREFIX = "funnel:"   # the column of an indicator's marks against Denmark


def text(key: str, lang: str, **fields_: Any) -> str:
    return pick(TEXTS, key, lang, **fields_)


def default_indicators(context: municipal.Context) -> tuple[str, ...]:
    """The core indicators and the need and supply indicators that hold data."""
    return tuple(ident for ident, ind in context.indicators.items()
                 if ind.core or ind.role in ("need", "supply"))


# --- the URL-state schema -----------------------------------------------------------------------
def _parse_indicators(raw: str, context: municipal.Context, values: dict) -> tuple[str, ...]:
    wanted = [part.strip() for part in raw.split(",") if part.strip()]
    if not wanted or any(ident not in context.indicators for ident in wanted):
        raise Invalid()
    return tuple(dict.fromkeys(wanted))


def _number(text_: str) -> float | None:
    text_ = text_.strip()
    if not text_:
        return None
    number = float(text_)
    if not math.isfinite(number):
        raise ValueError(text_)
    return number


def _parse_ranges(raw: str, context: municipal.Context, values: dict
                  ) -> tuple[tuple[str, float | None, float | None], ...]:
    """"life_expectancy:79:81.5,gini::30" -> ((id, low, high), …); an open side is None."""
    out = []
    for part in raw.split(","):
        if not part.strip():
            continue
        pieces = part.split(":")
        if len(pieces) != 3 or pieces[0].strip() not in values["ind"]:
            raise Invalid()
        try:
            low, high = _number(pieces[1]), _number(pieces[2])
        except ValueError:
            raise Invalid() from None
        if low is not None and high is not None and low > high:
            raise Invalid()
        out.append((pieces[0].strip(), low, high))
    return tuple(out)


def _range_text(ranges: tuple) -> str:
    def side(value: float | None) -> str:
        return "" if value is None else f"{value:.10g}"

    return ",".join(f"{ident}:{side(low)}:{side(high)}" for ident, low, high in ranges)


def _sorts(context: municipal.Context, values: dict) -> list[str]:
    ids = values["ind"]
    return [*FIXED_SORTS, *ids, *(RANK_PREFIX + ident for ident in ids)]


def _positive(context: Any, values: dict) -> range:
    return range(0, 10_000_000)


SCHEMA = Schema((
    LANG,
    Param("ind", _parse_indicators, lambda c, v: default_indicators(c), widget="table_ind",
          to_text=",".join,
          describe=lambda value, c, lang: ", ".join(md(c.indicators[i].label(lang))
                                                    for i in value)),
    Param("region", integer(lambda c, v: c.regions), constant(None), widget="table_region",
          describe=lambda value, c, lang: text("all_regions", lang)),
    Param("gruppe", integer(lambda c, v: c.groups), constant(None), widget="table_gruppe",
          describe=lambda value, c, lang: text("all_groups", lang)),
    Param("pop_min", integer(_positive), constant(None), describe=lambda v, c, lang: "—"),
    Param("pop_max", integer(_positive), constant(None), describe=lambda v, c, lang: "—"),
    Param("range", _parse_ranges, constant(()), to_text=_range_text,
          describe=lambda v, c, lang: "—"),
    Param("sort", choice(_sorts, lower=False), constant("name"), widget="table_sort"),
    Param("order", choice(lambda c, v: ORDERS), constant("asc"), widget="table_order",
          describe=lambda value, c, lang: text(f"order.{value}", lang)),
    Param("ranks", choice(lambda c, v: ("1", "0")), constant("1"),
          describe=lambda value, c, lang: value),
    Param("top", integer(lambda c, v: range(1, len(c.municipalities) + 1)), constant(None),
          widget="table_top", describe=lambda value, c, lang: text("top.all", lang)),
))


@dataclass(frozen=True)
class TableState:
    ind: tuple[str, ...]
    region: int | None = None
    gruppe: int | None = None
    pop_min: int | None = None
    pop_max: int | None = None
    range: tuple[tuple[str, float | None, float | None], ...] = ()
    sort: str = "name"
    order: str = "asc"
    ranks: str = "1"
    top: int | None = None
    lang: str = "da"

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def parse_state(raw: Mapping[str, Any], context: municipal.Context
                ) -> tuple[TableState, list[str]]:
    values, notices = SCHEMA.parse(raw, context)
    return TableState(**values), notices


def permalink(state: TableState, context: municipal.Context) -> dict[str, str]:
    return SCHEMA.to_params(state.values(), context)


def range_param(ranges: Mapping[str, tuple[float | None, float | None]]) -> str:
    """The `range` parameter for {indicator: (low, high)} (None = open side)."""
    return _range_text(tuple((ident, low, high) for ident, (low, high) in ranges.items()
                             if low is not None or high is not None))


# --- the view model -----------------------------------------------------------------------------
@dataclass(frozen=True)
class RangeControl:
    """A value filter's slider: the data's range, its stops (as Numbers, written in the page's
    language where the slider is drawn) and the current choice (two of the stops)."""

    indicator_id: str
    label: str
    low: float
    high: float
    step: float
    current: tuple[float, float]
    stops: NumberColumn = field(repr=False, compare=False)


@dataclass(frozen=True)
class TableView:
    state: TableState
    frame: pd.DataFrame                  # rows and columns as shown (numbers; NaN = no data)
    numbers: dict[str, NumberColumn]     # number column -> how its numbers are shown
    numeric: frozenset[str]              # the keys of the number columns (aligned right)
    labels: dict[str, str]               # column key -> header
    helps: dict[str, str]                # column key -> header tooltip (plain text)
    sort_options: dict[str, str]         # sort key -> label
    population_range: tuple[int, int]
    population_current: tuple[int, int]
    population_steps: tuple[int, ...]    # the slider's stops: the ends, every 1,000, the URL's
    ranges: tuple[RangeControl, ...]
    shown_line: str
    notes: str
    permalink: dict[str, str]
    built_at: Moment
    indicator_options: dict[str, str]    # indicator id -> label
    columns: tuple[Column, ...] = field(default=(), repr=False)
    provenance_keys: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    notices: tuple[Message, ...] = ()    # URL values the view changed (population clamped)
    population_numbers: NumberColumn | None = field(default=None, repr=False)   # the stops

    def export(self, view_url: str) -> ExportTable:
        """Exactly the rows and columns shown, in the order shown, with provenance."""
        lang = self.state.lang
        context = municipal.context()
        rows = tuple(tuple(None if is_missing(v) else v for v in record)
                     for record in self.frame.itertuples(index=False))
        return ExportTable(
            name="ulighedsatlas-tabel", lang=lang, columns=self.columns, rows=rows,
            provenance=tuple(p for ident, period in self.provenance_keys
                             for p in municipal.provenance(context.indicators[ident], period,
                                                           lang)),
            built_at=render(self.built_at, lang), view_url=view_url)


MAX_VALUE_STOPS = 200


def _step(decimals: int, low: float, high: float) -> float:
    """A value slider's step: 1, 2 or 5 times a power of ten, no finer than the indicator's
    decimals, with at most MAX_VALUE_STOPS stops between `low` and `high` (every stop's text
    goes to the browser: a select slider, so its numbers are written in the page's language)."""
    width = max(high - low, 1e-9)
    exponent = max(-decimals, math.floor(math.log10(width / MAX_VALUE_STOPS)))
    while True:
        for factor in (1, 2, 5):
            step = factor * 10.0 ** exponent
            if width / step <= MAX_VALUE_STOPS:
                return round(step, 12)
        exponent += 1


def value_stops(low: float, high: float, step: float, *chosen: float | None
                ) -> tuple[float, ...]:
    """A value slider's stops: `low`, `high` (multiples of `step`), every step between them and
    the values a link chose within them (so "?range=gini:25.37:" is a stop too)."""
    count = round((high - low) / step)
    stops = {round(low + i * step, 9) for i in range(count + 1)} | {round(high, 9)}
    stops.update(round(v, 9) for v in chosen if v is not None and low <= v <= high)
    return tuple(sorted(stops))


POPULATION_STEP = 1000


def population_steps(low: int, high: int, *chosen: int | None) -> tuple[int, ...]:
    """The population slider's stops: both ends, every thousand between them and the values
    a link chose (so "?pop_min=20500" is a stop too). A select slider with these stops can
    write its numbers with the page's thousands separator (Babel), which Streamlit's number
    slider cannot (its formats follow the browser's locale, not the page's language)."""
    first = -(-low // POPULATION_STEP) * POPULATION_STEP
    stops = {low, high, *range(first, high, POPULATION_STEP)}
    stops.update(v for v in chosen if v is not None and low <= v <= high)
    return tuple(sorted(stops))


@dataclass(frozen=True)
class _Columns:
    """Every municipality's row of the chosen columns, their headers and numbers as shown:
    the same for every visitor who chose these indicators (kept per build)."""

    frame: pd.DataFrame                  # all municipalities, unfiltered, in the build's order
    labels: dict[str, str]
    helps: dict[str, str]
    columns: tuple[Column, ...]
    numbers: dict[str, NumberColumn]     # number column -> its values' Numbers
    stops: NumberColumn                  # the population slider's stops


@per_build_recent(16)
def _columns(key: tuple[tuple[str, ...], str, str], context: municipal.Context) -> _Columns:
    """The table's columns for (indicators, ranks, language); `context` follows from the
    language and the build."""
    indicator_ids, ranks_shown, lang = key
    munis = queries.municipalities()
    wide = municipal.latest_wide(indicator_ids)
    ranks = _ranks(indicator_ids)
    population_period = str(munis["population_period"].iloc[0])

    frame = pd.DataFrame({
        "code": munis["kommune_kode"].astype(int).astype(str).str.zfill(3),
        "name": munis["name"],
        "region": munis["region_name"],
        "gruppe": [group_name(code, name, lang) for code, name in
                   zip(munis["kommunegruppe_code"], munis["kommunegruppe_name"])],
        "population": munis["population"].astype(float),
    })
    codes = munis["kommune_kode"].astype(int)
    labels = {"code": text("col.code", lang), "name": text("col.name", lang),
              "region": text("col.region", lang), "gruppe": text("col.gruppe", lang),
              "population": text("col.population", lang, period=population_period)}
    helps: dict[str, str] = {}
    columns = [Column(labels["code"]), Column(labels["name"]), Column(labels["region"]),
               Column(labels["gruppe"]), Column(labels["population"], "number", 0)]
    places: dict[str, int] = {"population": 0}
    for ident in indicator_ids:
        indicator = context.indicators[ident]
        period = context.latest[ident]
        frame[ident] = [wide[ident].get(int(code)) for code in codes]
        frame[ident] = frame[ident].astype(float)
        labels[ident] = text("col.value", lang, label=indicator.label(lang),
                             unit=indicator.unit(lang), period=period)
        helps[ident] = " ".join(indicator.description(lang).split())
        columns.append(Column(labels[ident], "number", indicator.decimals))
        places[ident] = indicator.decimals
        _add_funnel_marks(frame, labels, helps, columns, indicator, period, codes, lang)
        if ranks_shown == "1":
            key = RANK_PREFIX + ident
            frame[key] = [ranks[ident].get(int(code)) for code in codes]
            frame[key] = frame[key].astype(float)
            labels[key] = text("col.rank", lang, label=indicator.label(lang))
            n_ranked = int(frame[ident].notna().sum())
            helps[key] = text("rank.help", lang, n=n_ranked, note=text(
                "rank.highest" if indicator.direction == "neutral" else "rank.best", lang))
            columns.append(Column(labels[key], "number", 0))
            places[key] = 0
    # each distinct number once, as the Number every run shows (rendered where the table is
    # drawn, each distinct one once per language: NumberColumn)
    numbers = {key: NumberColumn({value: Number(value, decimals)
                                  for value in frame[key].dropna().unique()},
                                 Number(None, decimals))
               for key, decimals in places.items()}
    population = frame["population"]
    stops = _stops(population_steps(int(population.min()), int(population.max())))
    return _Columns(frame, labels, helps, tuple(columns), numbers, stops)


def build_view(state: TableState, context: municipal.Context) -> TableView:
    lang = state.lang
    munis = queries.municipalities()
    base = _columns((state.ind, state.ranks, lang), context)
    frame, labels, helps = base.frame, base.labels, base.helps

    population_range = (int(frame["population"].min()), int(frame["population"].max()))
    state, clamped = clamp_population(state, population_range)
    mask = pd.Series(True, index=frame.index)
    if state.region is not None:
        mask &= munis["region_code"].astype(int) == state.region
    if state.gruppe is not None:
        mask &= munis["kommunegruppe_code"].astype(int) == state.gruppe
    if state.pop_min is not None:
        mask &= frame["population"] >= state.pop_min
    if state.pop_max is not None:
        mask &= frame["population"] <= state.pop_max
    chosen = {ident: (low, high) for ident, low, high in state.range}
    for ident, (low, high) in chosen.items():
        if low is not None:
            mask &= frame[ident] >= low
        if high is not None:
            mask &= frame[ident] <= high
    # by name first, so rows that tie in the chosen column stay in alphabetical order
    shown = frame[mask].sort_values("name", key=name_sort(lang), kind="stable")
    if state.sort in ("name", "region", "gruppe"):   # names: the language's alphabet
        shown = shown.sort_values(state.sort, ascending=state.order == "asc",
                                  key=name_sort(lang), kind="stable")
    else:
        shown = shown.sort_values(state.sort, ascending=state.order == "asc",
                                  na_position="last", kind="stable")
    n_filtered = len(shown)
    if state.top is not None:
        shown = shown.head(state.top)
    shown = shown.reset_index(drop=True)

    controls = []
    for ident in state.ind:
        indicator = context.indicators[ident]
        data = frame[ident].dropna()
        if data.empty:
            continue
        step = _step(indicator.decimals, float(data.min()), float(data.max()))
        low = round(math.floor(float(data.min()) / step) * step, 9)
        high = round(math.ceil(float(data.max()) / step) * step, 9)
        current_low, current_high = chosen.get(ident, (None, None))
        current = (low if current_low is None else min(max(current_low, low), high),
                   high if current_high is None else max(min(current_high, high), low))
        places = max(indicator.decimals, _places(step))
        stops = _range_stops((low, high, step, places))
        if not all(value in stops.numbers for value in current):   # a link's own bounds
            stops = _range_stops.uncached((low, high, step, places, *current))
        controls.append(RangeControl(ident, labels[ident], low, high, step, current, stops))

    steps = population_steps(*population_range, state.pop_min, state.pop_max)
    sort_options = {key: labels[key] if key in labels else key
                    for key in _sorts(context, {"ind": state.ind}) if key in labels}
    provenance_keys = [(ident, context.latest[ident]) for ident in state.ind]
    if "population" in context.indicators:
        provenance_keys.insert(0, ("population", context.latest["population"]))
    return TableView(
        state=state, frame=shown, numbers=base.numbers, numeric=frozenset(base.numbers),
        labels=dict(labels), helps=dict(helps),
        sort_options=sort_options, population_range=population_range,
        population_current=(min(max(state.pop_min, population_range[0]), population_range[1])
                            if state.pop_min is not None else population_range[0],
                            max(min(state.pop_max, population_range[1]), population_range[0])
                            if state.pop_max is not None else population_range[1]),
        population_steps=steps,
        ranges=tuple(controls),
        shown_line=text("shown.top", lang, n=len(shown), total=n_filtered)
        if state.top is not None and len(shown) < n_filtered
        else text("shown", lang, n=len(shown), total=len(frame)),
        notes=text("notes", lang), permalink=permalink(state, context),
        built_at=municipal.build_moment(),
        indicator_options={ident: ind.label(lang) for ident, ind in context.indicators.items()},
        columns=base.columns, provenance_keys=tuple(dict.fromkeys(provenance_keys)),
        notices=tuple(clamped),
        population_numbers=base.stops if len(steps) == len(base.stops.numbers)
        else _stops(steps))


@per_build_recent(64)
def _range_stops(key: tuple[float, ...]) -> NumberColumn:
    """A value slider's stops as Numbers, for (low, high, step, decimals, *chosen values):
    the same for every visitor of the build who did not choose bounds of their own."""
    low, high, step, places, *chosen = key

    def decimals(stop: float) -> int:   # a link's own bound keeps its decimals (79.03)
        if stop not in chosen:
            return int(places)
        digits = repr(round(stop, 6)).partition(".")[2].rstrip("0")
        return max(int(places), len(digits))

    return NumberColumn({stop: Number(stop, decimals(stop))
                         for stop in value_stops(low, high, step, *chosen)},
                        Number(None, int(places)))


def _places(step: float) -> int:
    """The decimals a step needs (0.5 -> 1, 0.02 -> 2, 1000 -> 0)."""
    return max(0, -math.floor(math.log10(step) + 1e-9))


def _stops(steps: Iterable[int]) -> NumberColumn:
    """The population slider's stops as Numbers (whole citizens)."""
    return NumberColumn({step: Number(step) for step in steps}, Number(None))


def clamp_population(state: TableState, population_range: tuple[int, int]
                     ) -> tuple[TableState, list[Message]]:
    """`pop_min`/`pop_max` moved into the slider's range (the smallest and largest population),
    each move with a notice; a bound at or beyond the range's edge filters nothing and is
    dropped (as the slider drops it). A reversed pair (a hand-edited link) is swapped, with a
    notice, rather than filtering every municipality away without a word."""
    low, high = population_range
    changes: dict[str, int | None] = {}
    notices = []
    if state.pop_min is not None and state.pop_max is not None and state.pop_min > state.pop_max:
        notices.append(message(STRINGS, "notice.swapped", low=Number(state.pop_max),
                               high=Number(state.pop_min)))
        state = replace(state, pop_min=state.pop_max, pop_max=state.pop_min)
    for param, open_edge in (("pop_min", low), ("pop_max", high)):
        value = getattr(state, param)
        if value is None or low <= value <= high:
            continue
        used = min(max(value, low), high)
        changes[param] = None if used == open_edge else used
        notices.append(message(STRINGS, "notice.clamped", param=param, value=Number(value),
                               low=Number(low), high=Number(high), used=Number(used)))
    return replace(state, **changes), notices


def _add_funnel_marks(frame: pd.DataFrame, labels: dict[str, str], helps: dict[str, str],
                      columns: list[Column], indicator, period: str, codes: pd.Series,
                      lang: str) -> None:
    """A register rate with a funnel plot gets a column beside it with each municipality's
    Fingertips-style mark ("signifikant højere end Danmark", 95 % limits); a survey estimate
    says in its header help that no interval is available (issue 20)."""
    if funnel_views.is_survey(indicator):
        helps[indicator.id] = f"{helps[indicator.id]} {funnel_views.text('survey', lang)}"
        return
    if not funnel_views.eligible(indicator):
        return
    key = FUNNEL_PREFIX + indicator.id
    frame[key] = [funnel_views.position_text(indicator, period, int(code), lang)
                  for code in codes]
    labels[key] = text("col.funnel", lang, label=indicator.label(lang))
    helps[key] = funnel_views.text("how", lang).replace("*", "")   # its emphasis: plain text
    columns.append(Column(labels[key]))


def _ranks(indicator_ids: tuple[str, ...]) -> dict[str, dict[int, float | None]]:
    """indicator -> {code: national rank (1 = best) or None}, from the build's ranks."""
    frame = profile_queries.latest_values(indicator_ids)
    out: dict[str, dict[int, float | None]] = {ident: {} for ident in indicator_ids}
    for ident, code, rank in zip(frame["indicator_id"], frame["kommune_kode"], frame["rank"]):
        out[ident][int(code)] = None if is_missing(rank) else float(rank)
    return out
