"""The inverse-care page's figures as models for atlas.charts.scatter: the scatter of the pair
(quadrants, medians, the drawn regression line) and the Health Structure Commission's chart
(chronic cases per GP capacity by share aged 65+) or what it needs to be shown.

Their numbers (the points' values, the medians in the note, the summary) are Numbers and
Messages (atlas.i18n), rendered by the charts and the page."""

from __future__ import annotations

import math
from dataclasses import dataclass

from atlas.i18n import Escaped, Number, Text, is_missing, message, t
from atlas.query import pairs as pair_queries
from atlas.registry import registry
from atlas.views.inverse_care.model import InverseCareView, PairRow, StatisticsView, shown
from atlas.views.inverse_care.orientation import access_oriented, access_sign, need_sign
from atlas.views.inverse_care.state import Choices, render_id
from atlas.views.inverse_care.wording import STRINGS, text
from atlas.views.map_page import source_text
from atlas.views.text import md

COMMISSION_VALUE = "chronic_per_gp_capacity"
COMMISSION_SPLIT = "age_65plus_share"
# What the commission's figure is computed from (chronic_per_gp_capacity is derived in the build)
COMMISSION_INPUTS = {COMMISSION_VALUE: ("chronic_prevalence_per_100k", "citizens_per_gp"),
                     COMMISSION_SPLIT: (COMMISSION_SPLIT,)}


@dataclass(frozen=True)
class ScatterPoint:
    code: int
    name: str
    need: float
    access: float
    need_text: Number
    access_text: Number
    category: str
    population: float
    population_text: Number
    quadrant: str
    selected: bool


@dataclass(frozen=True)
class ScatterModel:
    points: tuple[ScatterPoint, ...]
    x_title: tuple[str, str]              # label (unit, period); orientation
    y_title: tuple[str, str]
    x_reversed: bool
    y_reversed: bool
    x_median: float
    y_median: float
    quadrants: dict[str, str]             # corner ("top_right", …) -> label with count
    category_title: str
    categories: tuple[str, ...]           # legend order
    need_title: str                       # tooltip field titles
    access_title: str
    population_title: str
    quadrant_title: str
    name_title: str
    line: tuple[tuple[float, float], tuple[float, float]] | None
    selected: int | None
    note: Text                            # Markdown: the medians and the drawn line
    render_id: str
    lang: str = "da"


def scatter_model(view: InverseCareView, stats: StatisticsView | None = None) -> ScatterModel:
    """The scatter of the complete pairs; `stats` adds the regression line."""
    lang, state = view.state.lang, view.state
    need, access = view.need, view.access
    complete = view.complete_rows
    import numpy as np

    x_median = float(np.median([row.need for row in complete])) if complete else 0.0
    y_median = float(np.median([row.access for row in complete])) if complete else 0.0
    s_need, s_access = need_sign(need), access_sign(access)
    oriented = access_oriented(access)

    def corner(row: PairRow) -> str:
        high_need = s_need * (row.need - x_median) > 0
        poor_access = s_access * (row.access - y_median) > 0
        return f"{'top' if poor_access else 'bottom'}_{'right' if high_need else 'left'}"

    keys = ({"top_right": "hi_poor", "bottom_right": "hi_good", "top_left": "lo_poor",
             "bottom_left": "lo_good"} if oriented else
            {"top_right": "hi_high", "bottom_right": "hi_low", "top_left": "lo_high",
             "bottom_left": "lo_low"})
    corners = [corner(row) for row in complete]
    quadrants = {place: text("quadrant.count", lang, label=text(f"quadrant.{key}", lang),
                             n=corners.count(place)) for place, key in keys.items()}
    by_colour = "region" if state.colour == "region" else "group"
    code_of = "region_code" if by_colour == "region" else "group_code"
    categories = tuple(dict.fromkeys(
        getattr(row, by_colour) for row in sorted(view.rows, key=lambda r: getattr(r, code_of))))
    points = tuple(
        ScatterPoint(code=row.code, name=row.name, need=row.need, access=row.access,
                     need_text=row.need_text, access_text=row.access_text,
                     category=getattr(row, by_colour),
                     population=row.population or 0.0,
                     population_text=Number(row.population, 0),
                     quadrant=text(f"quadrant.{keys[place]}", lang),
                     selected=row.code == state.kommune)
        for row, place in zip(complete, corners))
    need_orient = text("axis.need.reversed" if s_need < 0 else "axis.need", lang)
    access_orient = text("axis.access.neutral" if not oriented else
                         "axis.access.reversed" if s_access < 0 else "axis.access", lang)
    line_key = "scatter.line.population" if state.weighting == "population" \
        else "scatter.line.none"
    note = message(STRINGS, "scatter.note",
                   need_median=Escaped(shown(x_median, need, lang), md),
                   access_median=Escaped(shown(y_median, access, lang), md),
                   line=text(line_key, lang))
    return ScatterModel(
        points=points,
        x_title=(text("axis.title", lang, label=need.label(lang), unit=need.unit(lang),
                      period=state.need_period), need_orient),
        y_title=(text("axis.title", lang, label=access.label(lang), unit=access.unit(lang),
                      period=state.access_period), access_orient),
        x_reversed=s_need < 0, y_reversed=s_access < 0,
        x_median=x_median, y_median=y_median, quadrants=quadrants,
        category_title=text(f"colour.{state.colour}", lang), categories=categories,
        need_title=f"{need.label(lang)} ({state.need_period})",
        access_title=f"{access.label(lang)} ({state.access_period})",
        population_title=f"{text('tooltip.population', lang)} ({view.population_period})",
        quadrant_title=text("tooltip.quadrant", lang),
        name_title=t("municipality", lang),
        line=stats.line if stats is not None else None,
        selected=state.kommune,
        note=note,
        render_id=render_id(state),
        lang=lang,
    )


# --- the commission's chart ---------------------------------------------------------------------
@dataclass(frozen=True)
class CommissionPoint:
    name: str
    value: float
    value_text: Number
    share_text: Number
    group: str


@dataclass(frozen=True)
class CommissionView:
    title: str
    available: bool
    intro: Text = ""                              # Markdown
    points: tuple[CommissionPoint, ...] = ()
    groups: tuple[str, str] = ("", "")            # above, below
    group_medians: tuple[float, float] = (0.0, 0.0)
    summary: Text = ""                            # Markdown
    periods: str = ""
    axis_title: str = ""
    median_title: str = ""
    value_title: str = ""
    share_title: str = ""
    source: str = ""
    missing_text: str = ""
    commands: str = ""
    lang: str = "da"


def commission_view(context: Choices, lang: str) -> CommissionView:
    """The commission's chart when its indicators are loaded, else what it needs."""
    title = text("commission.title", lang)
    missing = [ident for ident in COMMISSION_INPUTS if ident not in context.indicators]
    if missing:
        needed = [ident for outer in missing for ident in COMMISSION_INPUTS[outer]
                  if ident not in context.indicators]
        reg = registry()
        names = ", ".join(md(reg[i].label(lang)) if i in reg else i for i in needed)
        hints = list(dict.fromkeys(reg[i].fetch_hint for i in needed
                                   if i in reg and reg[i].fetch_hint))
        commands = "\n".join([*(f"atlas fetch --out data/sources {hint}" for hint in hints),
                              "atlas build --sources data/sources"])
        return CommissionView(title=title, available=False,
                              missing_text=text("commission.missing", lang, names=names),
                              commands=commands)
    value_ind = context.indicators[COMMISSION_VALUE]
    split_ind = context.indicators[COMMISSION_SPLIT]
    value_period, split_period = context.latest[COMMISSION_VALUE], context.latest[COMMISSION_SPLIT]
    frame = pair_queries.pair_values(COMMISSION_VALUE, value_period, COMMISSION_SPLIT,
                                     split_period)
    import numpy as np

    records = [rec for rec in frame.to_dict("records")
               if not is_missing(rec["first_value"]) and not is_missing(rec["second_value"])]
    if not records:
        return CommissionView(title=title, available=False,
                              missing_text=text("commission.missing", lang,
                                                names=md(value_ind.label(lang))))
    median_share = float(np.median([rec["second_value"] for rec in records]))
    above, below = text("commission.above", lang), text("commission.below", lang)
    points = tuple(
        CommissionPoint(name=str(rec["name"]), value=float(rec["first_value"]),
                        value_text=shown(rec["first_value"], value_ind, lang),
                        share_text=shown(rec["second_value"], split_ind, lang),
                        group=above if rec["second_value"] > median_share else below)
        for rec in records)
    above_values = [p.value for p in points if p.group == above]
    below_values = [p.value for p in points if p.group == below]
    medians = (float(np.median(above_values)) if above_values else math.nan,
               float(np.median(below_values)) if below_values else math.nan)
    return CommissionView(
        title=title, available=True,
        intro=message(STRINGS, "commission.intro",
                      median=Escaped(shown(median_share, split_ind, lang), md)),
        points=points, groups=(above, below), group_medians=medians,
        summary=message(STRINGS, "commission.summary",
                        above_median=Escaped(shown(medians[0], value_ind, lang), md),
                        below_median=Escaped(shown(medians[1], value_ind, lang), md),
                        n_above=len(above_values), n_below=len(below_values)),
        periods=text("commission.periods", lang, value=md(value_ind.label(lang)),
                     value_period=value_period, split=md(split_ind.label(lang)),
                     split_period=split_period),
        axis_title=text("commission.axis", lang, period=value_period),
        median_title=text("commission.median_mark", lang),
        value_title=value_ind.label(lang), share_title=split_ind.label(lang),
        source="; ".join(dict.fromkeys((
            source_text(value_ind, lang, value_period),
            *(source_text(context.indicators[i], lang, value_period)
              for i in COMMISSION_INPUTS[COMMISSION_VALUE] if i in context.indicators),
            source_text(split_ind, lang, split_period)))),
        lang=lang,
    )
