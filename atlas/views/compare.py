"""The comparison page's view: 2-4 municipalities side by side for every indicator.

    ?kommuner=360,376,390        ?kommuner=Lolland,Guldborgsund&lang=en

Each row marks the better value by the indicator's direction (★; none for an indicator without
a direction) and gives each municipality's difference from the first one in the indicator's
unit. Municipalities the URL names that cannot be read give a notice with suggestions; fewer
than two give the chooser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

import pandas as pd

from atlas.exports import Column, ExportTable
from atlas.i18n import Moment, Number, area, message, pick, render, role_label
from atlas.registry import ROLES, Indicator
from atlas.stats import profile as stats
from atlas.views import municipal
from atlas.views.text import md
from atlas.views.urlstate import LANG, Invalid, Param, Schema, capped_notices, constant, list_items

MIN_MUNICIPALITIES, MAX_MUNICIPALITIES = 2, 4
BEST = "★"

TEXTS = area("compare")   # ids `compare.*` (docs/i18n.md)


def text(key: str, lang: str, **fields_: Any) -> str:
    return pick(TEXTS, key, lang, **fields_)


# --- the URL-state schema -----------------------------------------------------------------------
def _parse_kommuner(raw: str, context: municipal.Context, values: dict) -> tuple[int, ...]:
    codes = [municipal.resolve(part, context.municipalities).code
             for part in list_items(raw, ",", MAX_MUNICIPALITIES)[0]]
    if any(code is None for code in codes):
        raise Invalid()
    return tuple(dict.fromkeys(codes))[:MAX_MUNICIPALITIES]


SCHEMA = Schema((
    LANG,
    Param("kommuner", _parse_kommuner, constant(()), widget="compare_kommuner",
          to_text=lambda codes: ",".join(str(code) for code in codes)),
))


@dataclass(frozen=True)
class CompareState:
    kommuner: tuple[int, ...] = ()
    lang: str = "da"

    def values(self) -> dict[str, Any]:
        return {"kommuner": self.kommuner, "lang": self.lang}


def parse_state(raw: Mapping[str, Any], context: municipal.Context
                ) -> tuple[CompareState, list[str]]:
    """(state, notices): every part of `?kommuner=` that is not a municipality gives a notice
    with suggestions; duplicates are dropped; only the first four parts are read (the rest is
    one notice), and at most three unknown names are shown, then how many more."""
    values, notices = SCHEMA.parse({k: v for k, v in raw.items() if k != "kommuner"}, context)
    lang = values["lang"]
    parts, more = list_items(raw.get("kommuner"), ",", MAX_MUNICIPALITIES)
    codes: list[int] = []
    unknown: list[str] = []
    for part in parts:
        found = municipal.resolve(part, context.municipalities)
        if found.code is None:
            notice = found.notice(lang)
            if found.suggestions:
                notice = text("suggest", lang, notice=notice,
                              names=", ".join(md(name) for _, name in found.suggestions))
            unknown.append(notice)
        elif found.code not in codes:
            codes.append(found.code)
    notices += capped_notices(unknown, lang)
    if more:
        notices.append(text("too_many", lang, n=MAX_MUNICIPALITIES))
    return CompareState(tuple(codes), lang), notices


def permalink(state: CompareState, context: municipal.Context) -> dict[str, str]:
    return SCHEMA.to_params(state.values(), context)


# --- the view model -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CompareRow:
    indicator: Indicator
    period: str
    values: tuple[float | None, ...]        # in the order of the municipalities
    best: frozenset[int]                    # codes holding the best value
    differences: tuple[float | None, ...]   # each after the first, minus the first


@dataclass(frozen=True)
class CompareView:
    state: CompareState
    names: tuple[str, ...]
    sections: tuple[tuple[str, pd.DataFrame], ...]
    rows: tuple[CompareRow, ...]
    legend: str
    permalink: dict[str, str]
    built_at: Moment
    export_columns: tuple[Column, ...] = field(default=(), repr=False)

    def export(self, view_url: str) -> ExportTable:
        lang = self.state.lang
        codes = self.state.kommuner
        rows = tuple(
            (role_label(r.indicator.role, lang), r.indicator.label(lang), r.indicator.unit(lang),
             r.period, *r.values,
             ", ".join(name for code, name in zip(codes, self.names) if code in r.best),
             *r.differences)
            for r in self.rows)
        return ExportTable(
            name="ulighedsatlas-sammenligning-" + "-".join(str(c) for c in codes), lang=lang,
            columns=self.export_columns, rows=rows,
            row_decimals=tuple(r.indicator.decimals for r in self.rows),
            provenance=tuple(p for r in self.rows
                             for p in municipal.provenance(r.indicator, r.period, lang)),
            built_at=render(self.built_at, lang), view_url=view_url)


def shown(value: float | None, decimals: int) -> float | None:
    """`value` as the page shows it (half-up to the indicator's decimals), so that a difference
    equals the difference of the figures a reader sees."""
    if value is None:
        return None
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals),
                                                      rounding=ROUND_HALF_UP))


def is_percentage(indicator: Indicator) -> bool:
    """A share in per cent ("% af voksne"): its differences are percentage points."""
    return indicator.unit("en").lstrip().startswith("%")


def signed(value: float | None, indicator: Indicator, lang: str) -> Number:
    """A difference in the indicator's unit, with its sign: "+1,2 år", "-0,4 år", "0,0 år";
    for a percentage in percentage points ("+1,2 procentpoint"), not in "% af voksne"."""
    unit = message(TEXTS, "points") if is_percentage(indicator) else indicator.unit(lang)
    return Number(value, indicator.decimals, unit, signed=True)


def build_view(state: CompareState, context: municipal.Context) -> CompareView:
    """The side-by-side table for `state.kommuner` (at least two valid codes)."""
    lang = state.lang
    codes = state.kommuner
    names = tuple(context.municipalities[code] for code in codes)
    wide = municipal.latest_wide(tuple(context.indicators))
    col_indicator, col_unit, col_period = (text(k, lang) for k in ("col.indicator", "col.unit",
                                                                   "col.period"))
    diff_labels = [text("col.difference", lang, name=name, first=names[0]) for name in names[1:]]
    rows: list[CompareRow] = []
    cells: list[dict[str, Any]] = []        # numbers as Numbers: rendered by the page
    for ident, indicator in context.indicators.items():
        values = tuple(wide[ident].get(code) for code in codes)
        best = stats.best_codes(dict(zip(codes, values)), indicator.direction)
        places = indicator.decimals
        differences = tuple(
            None if v is None or values[0] is None
            else round(shown(v, places) - shown(values[0], places), places)
            for v in values[1:])
        rows.append(CompareRow(indicator, context.latest[ident], values, best, differences))
        row = {col_indicator: indicator.label(lang), col_unit: indicator.unit(lang),
               col_period: context.latest[ident]}
        for code, name, value in zip(codes, names, values):
            # the mark stands after the value where a unit would
            row[name] = Number(value, places, BEST if code in best else "")
        for label, difference in zip(diff_labels, differences):
            row[label] = signed(difference, indicator, lang)
        cells.append(row)
    sections = tuple(
        (role_label(role, lang), pd.DataFrame([c for c, r in zip(cells, rows)
                                               if r.indicator.role == role]))
        for role in ROLES if any(r.indicator.role == role for r in rows))
    export_columns = (
        Column(text("col.role", lang)), Column(col_indicator), Column(col_unit),
        Column(col_period), *[Column(name, "number", None) for name in names],
        Column(text("col.best", lang)), *[Column(label, "number", None) for label in diff_labels],
    )
    return CompareView(
        state=state, names=names, sections=sections, rows=tuple(rows),
        legend=text("legend", lang, best=BEST, first=md(names[0])),
        permalink=permalink(state, context), built_at=municipal.build_moment(),
        export_columns=export_columns)
