"""Funnel plots for register rates (issue 20, item 6): the view model the chart renderer draws
(atlas/charts/funnel.py), and Fingertips-style marks for the profile and the table.

The registry says which indicators qualify (`funnel = "binomial" | "poisson"`, with
`funnel_denominator` and `funnel_per`); survey estimates (`funnel = "survey"`) say that no
interval is available here. Limits: atlas/stats/funnel.py (exact, around the national value).
The denominator is the municipality's population from the registry's denominator indicator
(its latest period); no count is derived from a published rate.

The view models hold their numbers as Numbers and Messages (atlas.i18n): the chart renderer and
the pages render them in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from atlas.db import per_build
from atlas.i18n import Joined, Message, Number, area, message, pick
from atlas.query import core as queries
from atlas.query import values as value_queries
from atlas.registry import Indicator
from atlas.stats import funnel as funnel_stats
from atlas.views.text import md

CURVE_POINTS = 160

TEXTS = area("funnel")   # ids `funnel.*` (docs/i18n.md)


def text(key: str, lang: str, **fields) -> str:
    return pick(TEXTS, key, lang, **fields)


def eligible(indicator: Indicator) -> bool:
    return indicator.funnel in funnel_stats.KINDS and indicator.funnel_per > 0


def is_survey(indicator: Indicator) -> bool:
    return indicator.funnel == "survey"


def status_text(status: str, beyond_998: bool, lang: str) -> str:
    """"signifikant højere end Danmark" (Fingertips-style)."""
    words = text(f"status.{status}", lang)
    return words + (text("status.beyond_998", lang) if beyond_998 and status != "similar"
                    else "")


@dataclass(frozen=True)
class FunnelData:
    """Language-free: each municipality's value, denominator and position (None: no data)."""

    indicator_id: str
    period: str
    kind: str
    per: float
    national: float
    denominator_period: str
    denominator_source: str
    codes: tuple[int, ...]
    names: tuple[str, ...]
    values: tuple[float, ...]
    denominators: tuple[float, ...]
    positions: tuple[funnel_stats.Position | None, ...]
    dispersion: funnel_stats.Dispersion

    def position(self, code: int) -> funnel_stats.Position | None:
        try:
            return self.positions[self.codes.index(code)]
        except ValueError:
            return None


@per_build
def funnel_data(indicator_id: str, period: str) -> FunnelData | None:
    """The funnel's data for an eligible indicator in a period (cached per build); None when
    the indicator does not qualify or the national value or denominators are missing."""
    catalogue = queries.catalogue()
    indicator = catalogue.indicators.get(indicator_id)
    if indicator is None or not eligible(indicator):
        return None
    denominator_id = indicator.funnel_denominator
    denominator_period = catalogue.latest.get(denominator_id)
    national = value_queries.reference(indicator_id, period).national.value
    if denominator_period is None or national is None:
        return None
    rates = value_queries.values(indicator_id, period)
    population = value_queries.values(denominator_id, denominator_period).set_index(
        "kommune_kode")["value"]
    values = rates["value"].to_numpy(dtype=float)
    denominators = population.reindex(rates["kommune_kode"]).to_numpy(dtype=float)
    try:
        spread = funnel_stats.dispersion(indicator.funnel, values, denominators,
                                         float(national), indicator.funnel_per)
        positions = funnel_stats.classify_all(indicator.funnel, values, denominators,
                                              float(national), indicator.funnel_per,
                                              tau2=spread.tau2)
    except ValueError:
        return None
    sources = value_queries.period_sources(denominator_id, denominator_period)
    records = queries.source_records()
    source = ", ".join(filter(None, (str(records.get(key, {}).get("table_name") or key)
                                     for key in sources)))
    return FunnelData(
        indicator_id=indicator_id, period=period, kind=indicator.funnel,
        per=indicator.funnel_per, national=float(national),
        denominator_period=denominator_period, denominator_source=source,
        codes=tuple(int(code) for code in rates["kommune_kode"]),
        names=tuple(str(name) for name in rates["name"]),
        values=tuple(float(v) for v in values),
        denominators=tuple(float(n) for n in denominators),
        positions=tuple(positions),
        dispersion=spread,
    )


@dataclass(frozen=True)
class FunnelPoint:
    code: int
    name: str                # plain text (the renderer escapes)
    value: float
    denominator: float
    value_shown: Number      # the value with the indicator's decimals and unit
    denominator_shown: Number
    status: str              # "higher" | "lower" | "similar"
    status_text: str
    selected: bool


@dataclass(frozen=True)
class FunnelView:
    indicator_id: str
    title: str               # Markdown-safe
    x_title: str
    y_title: str
    national: float
    national_text: Message
    points: tuple[FunnelPoint, ...]
    curve: tuple[dict, ...]  # denominator, lower_95, upper_95, lower_998, upper_998
    status_labels: dict[str, str]
    limit_labels: dict[str, str]
    name_title: str
    value_title: str
    denominator_title: str
    status_title: str
    notes: tuple[Message | Joined | str, ...]   # Markdown lines: counts, method, denominator,
    #                                             how to read
    selected_text: str | None   # the selected municipality's status, if any
    render_id: str
    lang: str


def build_funnel(indicator: Indicator, period: str, lang: str,
                 selected: int | None = None) -> FunnelView | None:
    data = funnel_data(indicator.id, period)
    if data is None:
        return None
    points = []
    counts = {"higher": 0, "lower": 0, "similar": 0}
    for code, name, value, n, position in zip(data.codes, data.names, data.values,
                                              data.denominators, data.positions):
        if position is None:
            continue
        counts[position.status] += 1
        points.append(FunnelPoint(
            code=code, name=name, value=value, denominator=n,
            value_shown=Number(value, indicator.decimals, indicator.unit(lang)),
            denominator_shown=Number(n),
            status=position.status,
            status_text=status_text(position.status, position.beyond_998, lang),
            selected=code == selected))
    usable = np.array([p.denominator for p in points])
    low, high = float(usable.min()) * 0.8, float(usable.max()) * 1.25
    grid = np.unique(np.round(np.geomspace(low, high, CURVE_POINTS)))
    limits = funnel_stats.control_limits(data.kind, data.national, data.per, grid,
                                         tau2=data.dispersion.tau2)
    by_level = {item.level: item for item in limits}
    curve = tuple({"denominator": float(n),
                   "lower_95": float(by_level[0.95].lower[i]),
                   "upper_95": float(by_level[0.95].upper[i]),
                   "lower_998": float(by_level[0.998].lower[i]),
                   "upper_998": float(by_level[0.998].upper[i])}
                  for i, n in enumerate(grid))
    selected_point = next((p for p in points if p.selected), None)
    notes = (
        message(TEXTS, "counts", **{key: Number(value) for key, value in counts.items()}),
        method_text(data),
        text("denominator", lang, period=md(data.denominator_period),
             source=md(data.denominator_source), rate_period=md(period),
             decimals=indicator.decimals),
        text("how.overdispersed" if data.dispersion.overdispersed else "how", lang),
    )
    national_text = Number(data.national, indicator.decimals, indicator.unit(lang))
    return FunnelView(
        indicator_id=indicator.id,
        title=text("title", lang, label=md(indicator.label(lang))),
        x_title=text("x", lang, period=data.denominator_period),
        y_title=f"{indicator.unit(lang)} ({period})",
        national=data.national,
        national_text=message(TEXTS, "national", value=national_text),
        points=tuple(points),
        curve=curve,
        status_labels={key: text(f"status.{key}", lang) for key in counts},
        limit_labels={"95": text("limit.95", lang), "998": text("limit.998", lang)},
        name_title=text("col.name", lang),
        value_title=indicator.label(lang),
        denominator_title=text("col.residents", lang),
        status_title=text("col.status", lang),
        notes=notes,
        selected_text=(f"**{md(selected_point.name)}:** {selected_point.status_text}"
                       if selected_point else None),
        render_id=f"funnel-{indicator.id}-{period}-{selected or 0}-{lang}",
        lang=lang,
    )


def method_text(data: FunnelData) -> Joined:
    """How the limits were drawn, with the overdispersion test's result and references."""
    spread = data.dispersion
    per = Number(data.per)
    if not spread.overdispersed:
        method: list[Message | str] = [
            message(TEXTS, "method.binomial") if data.kind == "binomial"
            else message(TEXTS, "method.poisson", per=per)]
        if spread.municipalities:
            method.append(message(TEXTS, "dispersion.none", phi=Number(spread.phi, 2),
                                  df=Number(spread.municipalities - 1)))
        return Joined((*method, md(funnel_stats.REFERENCE)), " ")
    what = (message(TEXTS, "what.binomial") if data.kind == "binomial"
            else message(TEXTS, "what.poisson", per=per))
    return Joined((
        message(TEXTS, "method.overdispersed", what=what,
                phi=Number(spread.phi, 0 if spread.phi >= 10 else 1),
                df=Number(spread.municipalities - 1),
                outside=Number(spread.sampling_outside),
                n=Number(spread.municipalities),
                tau=Number(spread.tau2 ** 0.5, 3)),
        md(funnel_stats.REFERENCE), md(funnel_stats.DISPERSION_REFERENCE)), " ")


def position_text(indicator: Indicator, period: str, code: int, lang: str) -> str | None:
    """The Fingertips-style mark for one municipality: "signifikant højere end Danmark" (or
    lower / not different); the survey note for survey estimates; None where neither applies
    or there is no value."""
    if is_survey(indicator):
        return text("survey", lang)
    if not eligible(indicator):
        return None
    data = funnel_data(indicator.id, period)
    position = data.position(code) if data is not None else None
    if position is None:
        return None
    return status_text(position.status, position.beyond_998, lang)


@dataclass(frozen=True)
class ProfileFunnels:
    """The profile's funnel section: a mark per register rate, a chart per rate, and which
    survey indicators have no interval."""

    title: str
    intro: str
    marks: tuple[Joined, ...]         # Markdown: "**Label** (2024): signifikant højere …"
    charts: tuple[FunnelView, ...]
    tabs: tuple[str, ...]             # tab labels, one per chart (plain text)
    survey_note: str | None


def profile_funnels(code: int, lang: str) -> ProfileFunnels:
    catalogue = queries.catalogue()
    marks, charts, tabs, surveys = [], [], [], []
    for ident, indicator in catalogue.indicators.items():
        period = catalogue.latest[ident]
        if is_survey(indicator):
            surveys.append(md(indicator.label(lang)))
            continue
        model = build_funnel(indicator, period, lang, selected=code) if eligible(
            indicator) else None
        if model is None:
            continue
        mark = position_text(indicator, period, code, lang)
        marks.append(Joined((f"**{md(indicator.label(lang))}** ({md(period)}): ",
                             mark if mark is not None else Number(None))))
        charts.append(model)
        tabs.append(indicator.label(lang))
    return ProfileFunnels(
        title=text("profile.title", lang), intro=text("profile.intro", lang),
        marks=tuple(marks), charts=tuple(charts), tabs=tuple(tabs),
        survey_note=text("profile.surveys", lang, names=", ".join(surveys)) if surveys
        else None)


def map_funnel(indicator: Indicator, period: str, lang: str,
               selected: int | None = None) -> FunnelView | None:
    """The map page's funnel chart for a funnel-eligible indicator (None otherwise)."""
    return build_funnel(indicator, period, lang, selected) if eligible(indicator) else None


def map_note(indicator: Indicator, lang: str) -> str | None:
    """What the map page says where it draws no funnel: the survey note, or nothing."""
    return text("survey", lang) if is_survey(indicator) else None
