"""The inverse-care view model of one pair: its 98 rows with oriented tertiles, the hot spots
(the worst cell of the 3 x 3 grid), the bivariate map, the selected municipality, and the
pair's statistics (`statistics_view`, scipy + statsmodels on first use)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Sequence

from atlas.i18n import Joined, Message, Number, Text, group_name, is_missing, message, t
from atlas.query import pairs as pair_queries
from atlas.registry import Indicator, pair_preferences
from atlas.stats import pairs as statistics
from atlas.stats import spatial as spatial_stats
from atlas.views.choropleth import Choropleth, Tooltip, build_bivariate_choropleth
from atlas.views.classify import classify
from atlas.views.inverse_care import overview, spatial
from atlas.views.inverse_care.orientation import access_oriented, access_sign, need_sign
from atlas.views.inverse_care.state import Choices, InverseCareState, render_id
from atlas.views.inverse_care.wording import (
    STRINGS,
    r_number,
    reading_message,
    significant_decimals,
    spatial_reading_message,
    text,
)
from atlas.views.map_page import source_text
from atlas.views.palettes import BIVARIATE_SOURCE
from atlas.views.text import md

SURVEY_SOURCE = "sundhedsprofil"
WORST = (2, 2)                     # (need tertile, access tertile): high need x poorest access


# --- the view model -----------------------------------------------------------------------------
@dataclass(frozen=True)
class PairRow:
    """One municipality of the pair (values None = no data; their texts Numbers, rendered
    where they are shown)."""

    code: int
    name: str
    region: str
    group: str
    region_code: int
    group_code: int
    population: float | None
    need: float | None
    access: float | None
    need_text: Number             # the value with the indicator's decimals and unit
    access_text: Number
    need_class: int = -1          # oriented tertile 0..2 (2 = most need), -1 = not classed
    access_class: int = -1        # oriented tertile 0..2 (2 = worst access)
    hot_rank: int | None = None   # rank in the worst cell, 1 = highest

    @property
    def complete(self) -> bool:
        return self.need is not None and self.access is not None


@dataclass(frozen=True)
class HotSpot:
    rank: int
    code: int
    name: str
    need_text: Number
    access_text: Number
    link_params: dict[str, str]   # query parameters of the map page showing it


@dataclass(frozen=True)
class SelectedInfo:
    code: int
    name: str
    context_line: str
    lines: tuple[tuple[str, Number], ...]   # (label, value)
    cell_text: str | None
    missing_text: str | None
    link_params: dict[str, str]
    link_label: str


@dataclass(frozen=True)
class InverseCareView:
    state: InverseCareState
    need: Indicator
    access: Indicator
    title: str
    why: str                       # Markdown: which pair and why
    period_line: str
    rows: tuple[PairRow, ...]      # all 98, by code
    choropleth: Choropleth
    hot_spots: tuple[HotSpot, ...]
    hot_title: str
    hot_intro: str
    selected: SelectedInfo | None
    permalink: dict[str, str]
    need_options: dict[str, str]
    access_options: dict[str, str]
    survey_notes: tuple[str, ...]
    population_period: str
    need_source: str
    access_source: str

    @property
    def complete_rows(self) -> tuple[PairRow, ...]:
        return tuple(row for row in self.rows if row.complete)

    @property
    def access_oriented(self) -> bool:
        return access_oriented(self.access)


def _value(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def _tertiles(values: Sequence[float]) -> tuple[int, ...]:
    """Tertile class (0..2) per value, by the map's quantile rule (ties share a class)."""
    if not values:
        return ()
    return classify(list(values), "quantiles", 3).classes


def shown(value: float | None, indicator: Indicator, lang: str) -> Number:
    """A value of `indicator` with its decimals and unit ("ingen data" when missing)."""
    return Number(value, indicator.decimals, indicator.unit(lang))


def _range_text(values: Sequence[float], indicator: Indicator) -> Text:
    """A tertile's values, "12,3 – 15,6"."""
    if not values:
        return "—"
    return Joined((Number(min(values), indicator.decimals),
                   Number(max(values), indicator.decimals)), " – ")


def _cell_label(first: int, second: int, lang: str, oriented: bool) -> str:
    if oriented:
        return text("map.cell", lang, need=text(f"map.need.{first}", lang),
                    access=text(f"map.access.{second}", lang)).capitalize()
    return text("map.cell.neutral", lang, need=text(f"map.need.{first}", lang),
                access=text(f"map.value.{second}", lang)).capitalize()


def _pair_why(state: InverseCareState, context: Choices, lang: str) -> str:
    need, access = md(context.labels[state.need]), md(context.labels[state.access])
    if (state.need, state.access) != context.default_pair():
        return text("why.chosen", lang, need=need, access=access)
    if not context.preferred:
        return text("why.fallback", lang, need=need, access=access)
    why = text("why.default", lang, need=need, access=access)
    before = [p for p in pair_preferences() if p in context.skipped
              and pair_preferences().index(p) < pair_preferences().index(context.preferred[0])]
    if before:
        why += text("why.default_skipped", lang, pairs=", ".join(
            f"{md(context.labels.get(n, n))} × {md(context.labels.get(a, a))}"
            for n, a in before))
    return why


def _period_line(state: InverseCareState, need: Indicator, access: Indicator, lang: str) -> str:
    if state.need_period == state.access_period:
        return text("periods.same", lang, period=state.need_period)
    return text("periods.differ", lang, need=md(need.label(lang)), need_period=state.need_period,
                access=md(access.label(lang)), access_period=state.access_period)


def _options(ids: Sequence[str], context: Choices) -> dict[str, str]:
    return {ident: context.labels[ident] for ident in ids}


def map_link_params(code: int, need: str, lang: str) -> dict[str, str]:
    """The map page showing the municipality `code` with the need indicator."""
    return {"indicator": need, "kommune": str(code), "lang": lang}


def build_view(state: InverseCareState, context: Choices) -> InverseCareView:
    """Everything the page shows for `state` except the statistics (`statistics_view`)."""
    lang = state.lang
    need, access = context.indicators[state.need], context.indicators[state.access]
    frame = pair_queries.pair_values(state.need, state.need_period, state.access,
                                     state.access_period)
    base = []
    population_period = ""
    for rec in frame.to_dict("records"):
        need_value, access_value = _value(rec["first_value"]), _value(rec["second_value"])
        population_period = population_period or str(rec.get("population_period") or "")
        base.append(PairRow(
            code=int(rec["kommune_kode"]), name=str(rec["name"]), region=str(rec["region_name"]),
            group=group_name(rec["kommunegruppe_code"], str(rec["kommunegruppe_name"]), lang),
            region_code=int(rec["region_code"]),
            group_code=int(rec["kommunegruppe_code"]), population=_value(rec["population"]),
            need=need_value, access=access_value,
            need_text=shown(need_value, need, lang),
            access_text=shown(access_value, access, lang)))

    # oriented tertiles over the municipalities with both values
    complete = [row for row in base if row.complete]
    s_need, s_access = need_sign(need), access_sign(access)
    need_classes = _tertiles([s_need * row.need for row in complete])
    access_classes = _tertiles([s_access * row.access for row in complete])
    classed = {row.code: (nc, ac) for row, nc, ac in zip(complete, need_classes, access_classes)}

    # hot spots: the worst cell, ranked by the sum of oriented percentile ranks
    worst = [row for row in complete if classed[row.code] == WORST]
    need_rank = _percentile_ranks([s_need * row.need for row in complete])
    access_rank = _percentile_ranks([s_access * row.access for row in complete])
    score = {row.code: need_rank[i] + access_rank[i] for i, row in enumerate(complete)}
    ordered = sorted(worst, key=lambda row: (-score[row.code], row.name))
    hot_rank = {row.code: i + 1 for i, row in enumerate(ordered)}

    rows = tuple(replace(row, need_class=classed.get(row.code, (-1, -1))[0],
                         access_class=classed.get(row.code, (-1, -1))[1],
                         hot_rank=hot_rank.get(row.code)) for row in base)
    by_code = {row.code: row for row in rows}
    hot_spots = tuple(
        HotSpot(rank=hot_rank[row.code], code=row.code, name=row.name,
                need_text=row.need_text, access_text=row.access_text,
                link_params=map_link_params(row.code, state.need, lang))
        for row in ordered)

    oriented = access_oriented(access)
    need_source = source_text(need, lang, state.need_period)
    access_source = source_text(access, lang, state.access_period)
    choropleth = _bivariate(state, need, access, rows, lang, oriented, need_source,
                            access_source)

    survey_notes = tuple(text("stats.survey", lang, label=md(ind.label(lang)))
                         for ind in dict.fromkeys((need, access)) if ind.source == SURVEY_SOURCE)

    selected = None
    if state.kommune is not None and state.kommune in by_code:
        selected = _selected(by_code[state.kommune], state, need, access, lang, oriented)

    return InverseCareView(
        state=state, need=need, access=access,
        title=text("title", lang),
        why=_pair_why(state, context, lang),
        period_line=_period_line(state, need, access, lang),
        rows=rows, choropleth=choropleth, hot_spots=hot_spots,
        hot_title=text("hot.title" if oriented else "hot.title.neutral", lang),
        hot_intro=text("hot.intro", lang, n=len(hot_spots)) if hot_spots
        else text("hot.none", lang),
        selected=selected,
        permalink=state.to_params(context),
        need_options=_options(context.needs, context),
        access_options=_options(context.accesses, context),
        survey_notes=survey_notes,
        population_period=population_period,
        need_source=need_source, access_source=access_source,
    )


def _percentile_ranks(values: Sequence[float]) -> list[float]:
    """Average-rank percentiles (0..1] of `values` (ties share their mean rank)."""
    import pandas as pd

    return list(pd.Series(list(values), dtype=float).rank(pct=True, method="average"))


def _bivariate(state: InverseCareState, need: Indicator, access: Indicator,
               rows: Sequence[PairRow], lang: str, oriented: bool, need_source: str,
               access_source: str) -> Choropleth:
    need_members = {k: [r.need for r in rows if r.need_class == k] for k in range(3)}
    access_members = {k: [r.access for r in rows if r.access_class == k] for k in range(3)}
    map_rows = []
    for row in rows:
        cell = (_cell_label(row.need_class, row.access_class, lang, oriented)
                if row.need_class >= 0 else t("no_data", lang))
        map_rows.append({
            "kommune_kode": row.code, "name": row.name, "value": row.need,
            "first_class": row.need_class, "second_class": row.access_class,
            "tooltip": Tooltip(
                name=row.name, indicator_label=need.label(lang), value_text=row.need_text,
                rank_text=Joined((f"{access.label(lang)}: ", row.access_text)),
                national_text=text("map.tooltip.cell", lang, cell=cell)),
        })
    n_missing = sum(1 for row in rows if not row.complete)
    notes = [text("map.descriptive", lang)]
    if n_missing:
        notes.append(text("map.no_data_line", lang, n=n_missing))
    notes.append(text("map.palette", lang, source=BIVARIATE_SOURCE))
    notes.append(text("map.boundaries", lang))
    second_title = (text("map.second_title", lang, label=access.label(lang)) if oriented
                    else text("map.second_title.neutral", lang, label=access.label(lang)))
    return build_bivariate_choropleth(
        map_rows, lang, title=text("map.title", lang),
        unit=f"{need.unit(lang)} × {access.unit(lang)}",
        period=f"{state.need_period} × {state.access_period}",
        first_title=text("map.first_title", lang, label=need.label(lang)),
        second_title=second_title,
        first_ticks=[_range_text(need_members[k], need) for k in range(3)],
        second_ticks=[_range_text(access_members[k], access) for k in range(3)],
        cell_label=lambda first, second: _cell_label(first, second, lang, oriented),
        outlined_cells=(WORST,),
        source_line=text("map.source_line", lang, need_source=md(need_source),
                         need_period=state.need_period, access_source=md(access_source),
                         access_period=state.access_period),
        notes=notes,
        legend_note=text("map.legend_note", lang) if oriented
        else text("map.legend_note.neutral", lang, access=access.label(lang)),
        selected=state.kommune, render_id=render_id(state))


def _selected(row: PairRow, state: InverseCareState, need: Indicator, access: Indicator,
              lang: str, oriented: bool) -> SelectedInfo:
    missing = [ind.label(lang) for ind, value in ((need, row.need), (access, row.access))
               if value is None]
    return SelectedInfo(
        code=row.code, name=row.name, context_line=f"{row.region} · {row.group}",
        lines=((need.label(lang), row.need_text), (access.label(lang), row.access_text)),
        cell_text=text("selected.cell", lang,
                       cell=_cell_label(row.need_class, row.access_class, lang, oriented))
        if row.need_class >= 0 else None,
        missing_text=text("selected.missing", lang, name=md(row.name),
                          what=" / ".join(md(m) for m in missing)) if missing else None,
        link_params=map_link_params(row.code, state.need, lang),
        link_label=text("selected.map_link", lang, name=md(row.name)),
    )


# --- the statistics ------------------------------------------------------------------------------
@dataclass(frozen=True)
class StatisticsTable:
    """The pair's statistics as a table: the `header` texts and the `rows`, each a measure's
    name, its value, its 95 % interval and (for a slope) R²; values as Numbers and Messages,
    rendered by the page (an HTML table that wraps to its column: atlas.ui.static_table)."""

    header: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]


@dataclass(frozen=True)
class StatisticsView:
    """The pair's statistics; numbers as Numbers in Messages (atlas.i18n), rendered by the
    page, the presenter and the exported talk."""

    result: statistics.PairStatistics
    reading: Message | Joined             # the one sentence (Markdown-safe)
    table: StatisticsTable
    table_note: str                       # the slopes' unit
    n_line: str
    excluded_line: str
    notes: tuple[str, ...]                # method, ecological fallacy, survey notes
    line: tuple[tuple[float, float], tuple[float, float]] | None   # drawn line, raw values
    adjusted: spatial.PairSpatial | None = None  # the oriented rho, naive and adjusted
    spatial_line: Message | str = ""      # effective n, naive interval, bivariate Moran
    position: Message | str = ""          # where the pair sits among all registered pairs


def statistics_view(view: InverseCareView) -> StatisticsView:
    """The statistics of the pair: as the build stored them for a registered pair in its
    latest periods, else computed here (imports scipy and statsmodels on first use)."""
    lang = view.state.lang
    rows = view.rows
    stored = pair_queries.stored_pair(view.state.need, view.state.need_period,
                                      view.state.access, view.state.access_period)
    result = stored.statistics if stored is not None else statistics.pair_statistics(
        [row.need for row in rows], [row.access for row in rows],
        weights=[row.population for row in rows], labels=[row.name for row in rows])
    need, access = view.need, view.access

    def missing_what(excluded: statistics.Excluded) -> str:
        parts = {"x": need.label(lang), "y": access.label(lang),
                 "weight": text("stats.excluded.population", lang)}
        return " / ".join(parts[m] for m in excluded.missing)

    excluded = sorted(result.excluded, key=lambda e: e.label)
    excluded_line = (text("stats.excluded", lang, n=len(excluded), names=", ".join(
        text("stats.excluded.item", lang, name=md(e.label), what=md(missing_what(e)))
        for e in excluded)) if excluded else text("stats.excluded.none", lang))

    weighted = view.state.weighting == "population"
    state = view.state
    numbers = spatial.pair_spatial(state.need, state.need_period, state.access,
                                   state.access_period)
    table = _stats_table(result, need, access, lang, weighted, numbers.correlation)
    fit = result.wls if weighted else result.ols
    line = None
    if fit is not None:
        xs = [row.need for row in view.complete_rows]
        line = ((min(xs), fit.at(min(xs))), (max(xs), fit.at(max(xs))))
    notes = [text("stats.method", lang, population_period=view.population_period),
             text("stats.ecological", lang), *view.survey_notes]
    corr, moran = numbers.correlation, numbers.moran
    spatial_line = "" if corr is None else message(
        STRINGS, "stats.spatial_line", n_eff=Number(corr.n_effective, 1), n=corr.n,
        nlow=r_number(corr.naive.low), nhigh=r_number(corr.naive.high),
        moran=r_number(moran.i), p=Number(moran.p_value, 3))
    return StatisticsView(
        result=result, table=table,
        reading=(spatial_reading_message(corr, need, access, lang) if corr is not None
                 else reading_message(result, need, access, lang)),
        adjusted=numbers, spatial_line=spatial_line,
        position=overview.position_message(state.need, state.access, state.need_period,
                                           state.access_period, lang),
        table_note=text("stats.slope_note", lang, unit=md(text(
            "stats.slope_unit", lang, access=access.unit(lang), need=need.unit(lang)))),
        n_line=text("stats.n", lang, n=result.n), excluded_line=excluded_line,
        notes=tuple(notes), line=line)


def _stats_table(result: statistics.PairStatistics, need: Indicator, access: Indicator,
                 lang: str, weighted: bool,
                 adjusted: spatial_stats.AdjustedCorrelation | None = None) -> StatisticsTable:
    header = (text("stats.measure", lang), text("stats.value", lang), text("stats.ci", lang),
              text("stats.r2", lang))
    if result.pearson is None:
        return StatisticsTable(header, (("—", "—", "—", "—"),))

    def span(low: float, high: float, places: int = 2) -> Message:
        return message(STRINGS, "stats.range", low=Number(low, places),
                       high=Number(high, places))

    rows: list[tuple[Text, ...]] = []
    for key, corr in (("stats.pearson", result.pearson), ("stats.spearman", result.spearman)):
        rows.append((text(key, lang), r_number(corr.estimate),
                     span(corr.interval.low, corr.interval.high), ""))
    if adjusted is not None:
        rows.append((text("stats.spatial", lang), r_number(adjusted.rho),
                     span(adjusted.adjusted.low, adjusted.adjusted.high), ""))
    for key, fit, drawn in (("stats.ols", result.ols, not weighted),
                            ("stats.wls", result.wls, weighted)):
        if fit is None:
            continue
        label = text(key, lang) + (text("stats.drawn", lang) if drawn else "")
        places = significant_decimals(fit.slope)
        rows.append((label, Number(fit.slope, places),
                     span(fit.slope_interval.low, fit.slope_interval.high, places),
                     r_number(fit.r_squared)))
    return StatisticsTable(header, tuple(rows))
