"""The inverse-care page's opening view: every registered need x access pair at once (the
registry's `[[pair]]` entries, in its order), each with Spearman's rho, its naive and spatially
adjusted 95 % interval, n and effective n, the bivariate Moran's I and the verdict that follows
the adjusted interval; the pairs without data by name with what they lack; and a reading that
counts the verdicts across the pairs. It never names or sorts by the strongest pair.

Each pair is shown in the latest period of each indicator, as its detail view opens. Computed
once per build and language (`overview`); the page, the presenter story and the exported talk
all read it, so they give the same numbers. Its numbers are Numbers (atlas.i18n), rendered
where they are shown: the table and the forest plot's tooltips are `Joined` parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from atlas.db import per_build
from atlas.i18n import Joined, Message, Number, message
from atlas.registry import pair_preferences
from atlas.stats import spatial as spatial_stats
from atlas.views.inverse_care import spatial
from atlas.views.inverse_care.state import Choices, choices
from atlas.views.inverse_care.wording import STRINGS, r_number, text
from atlas.views.text import md

MEANINGS = ("meaning.rho", "meaning.naive", "meaning.adjusted", "meaning.n", "meaning.n_eff",
            "meaning.moran")


@dataclass(frozen=True)
class OverviewRow:
    """One registered pair with data (in the latest periods)."""

    need: str
    access: str
    label: str                      # "Need × Access" (plain text, from the registry)
    periods: str
    link_params: dict[str, str]     # the pair's detail view
    numbers: spatial.PairSpatial
    verdict: str                    # spatial.VERDICTS
    verdict_text: str
    rho: Number
    naive: Message                  # "low – high"
    adjusted: Message
    n_text: str
    n_eff: Number
    moran: Message


@dataclass(frozen=True)
class ForestBar:
    pair: str                       # y category (the pair's label)
    kind: str                       # legend label: naive or adjusted
    rho: float
    low: float
    high: float
    tooltip: Joined


@dataclass(frozen=True)
class ForestModel:
    bars: tuple[ForestBar, ...]
    pairs: tuple[str, ...]          # y order: the registry's
    kinds: tuple[str, str]          # (naive, adjusted) legend labels
    x_title: str
    kind_title: str
    lang: str = "da"


@dataclass(frozen=True)
class OverviewView:
    title: str
    intro: str
    reading: str
    no_pick: str
    rows: tuple[OverviewRow, ...]
    missing: tuple[str, ...]        # Markdown lines: a pair without data and what it lacks
    missing_title: str
    counts: Mapping[str, int]       # verdict -> number of pairs
    table: Joined                   # Markdown lines
    forest: ForestModel
    weights: str
    method: str
    references: str
    how_title: str
    how: str
    meanings: tuple[str, ...]
    detail_title: str

    def row(self, need: str, access: str) -> OverviewRow | None:
        return next((r for r in self.rows if (r.need, r.access) == (need, access)), None)


def _interval(interval) -> Message:
    return message(STRINGS, "stats.range", low=r_number(interval.low),
                   high=r_number(interval.high))


def p_number(p: float) -> Number:
    return Number(p, 3)


def _label(need: str, access: str, context: Choices, lang: str) -> str:
    return text("overview.pair", lang, need=context.labels.get(need, need),
                access=context.labels.get(access, access))


def _row(need: str, access: str, numbers: spatial.PairSpatial, context: Choices,
         lang: str) -> OverviewRow:
    corr, moran = numbers.correlation, numbers.moran
    return OverviewRow(
        need=need, access=access, label=_label(need, access, context, lang),
        periods=text("overview.periods", lang, need_period=numbers.need_period,
                     access_period=numbers.access_period),
        link_params={"need": need, "need_period": numbers.need_period, "access": access,
                     "access_period": numbers.access_period, "lang": lang},
        numbers=numbers, verdict=numbers.verdict,
        verdict_text=text(f"verdict.{numbers.verdict}", lang),
        rho=r_number(corr.rho), naive=_interval(corr.naive), adjusted=_interval(corr.adjusted),
        n_text=str(corr.n), n_eff=Number(corr.n_effective, 1),
        moran=message(STRINGS, "overview.moran", i=r_number(moran.i),
                      p=p_number(moran.p_value)))


def _missing_what(need: str, access: str, context: Choices, lang: str) -> str:
    absent = [ident for ident in (need, access) if ident not in context.indicators]
    return " / ".join(md(context.labels.get(ident, ident)) for ident in absent)


def _table(rows: tuple[OverviewRow, ...], lang: str) -> Joined:
    keys = ("pair", "rho", "naive", "adjusted", "n", "n_eff", "moran", "verdict")
    header = "| " + " | ".join(text(f"overview.col.{k}", lang) for k in keys) + " |"
    lines: list[Any] = [header, "|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        lines.append(Joined((f"| {md(row.label)} ({row.periods})", row.rho, row.naive,
                             row.adjusted, row.n_text, row.n_eff, row.moran,
                             f"{row.verdict_text} |"), " | "))
    return Joined(tuple(lines), "\n")


def _forest(rows: tuple[OverviewRow, ...], lang: str) -> ForestModel:
    naive, adjusted = text("overview.chart.naive", lang), text("overview.chart.adjusted", lang)
    bars = []
    for row in rows:
        corr = row.numbers.correlation
        for kind, interval, n in ((naive, corr.naive, row.n_text),
                                  (adjusted, corr.adjusted, row.n_eff)):
            bars.append(ForestBar(
                pair=row.label, kind=kind, rho=corr.rho, low=interval.low, high=interval.high,
                tooltip=Joined(("ρ = ", row.rho, "; ", _interval(interval), "; n = ", n, "; ",
                                row.verdict_text))))
    return ForestModel(bars=tuple(bars), pairs=tuple(row.label for row in rows),
                       kinds=(naive, adjusted), x_title=text("overview.chart.x", lang),
                       kind_title=text("overview.chart.kind", lang), lang=lang)


def counts_text(counts: Mapping[str, int], n: int, missing: int, lang: str) -> str:
    if not n:
        return text("overview.reading.nothing", lang)
    reading = text("overview.reading", lang, n=n, inverse=counts[spatial.INVERSE],
                   none=counts[spatial.NONE], opposite=counts[spatial.OPPOSITE])
    if counts[spatial.UNDIRECTED]:
        reading += text("overview.reading.undirected", lang,
                        undirected=counts[spatial.UNDIRECTED])
    if missing:
        reading += text("overview.reading.missing", lang, missing=missing)
    return reading


@per_build
def overview(lang: str = "da") -> OverviewView:
    """Every registered pair, in the registry's order (see the module docstring)."""
    context = choices(lang)
    rows, missing = [], []
    for need, access in pair_preferences():
        label = md(_label(need, access, context, lang))
        if (need, access) not in context.preferred:
            missing.append(text("overview.missing.item", lang, pair=label,
                                what=_missing_what(need, access, context, lang)))
            continue
        numbers = spatial.pair_spatial(need, context.latest[need], access,
                                       context.latest[access])
        if numbers.correlation is None:
            missing.append(text("overview.missing.problem", lang, pair=label))
            continue
        rows.append(_row(need, access, numbers, context, lang))
    rows_t = tuple(rows)
    counts = {verdict: sum(1 for row in rows_t if row.verdict == verdict)
              for verdict in spatial.VERDICTS}
    return OverviewView(
        title=text("overview.title", lang),
        intro=text("overview.intro", lang, n=len(pair_preferences())),
        reading=counts_text(counts, len(rows_t), len(missing), lang),
        no_pick=text("overview.no_pick", lang),
        rows=rows_t, missing=tuple(missing),
        missing_title=text("overview.missing.title", lang),
        counts=counts, table=_table(rows_t, lang), forest=_forest(rows_t, lang),
        weights=text("spatial.weights", lang), method=text("spatial.method", lang),
        references=text("spatial.references", lang, references=md(" · ".join(
            (spatial_stats.DUTILLEUL_REFERENCE, spatial_stats.MORAN_REFERENCE,
             spatial_stats.FDR_REFERENCE)))),
        how_title=text("how.title", lang), how=text("how.forest", lang),
        meanings=tuple(text(key, lang) for key in MEANINGS),
        detail_title=text("overview.detail", lang),
    )


def position_message(need: str, access: str, need_period: str, access_period: str,
                     lang: str) -> Message:
    """Where a pair sits among all registered pairs: the overview's counts and its own verdict
    (the detail view, the presenter story and the exported talk say the same)."""
    view = overview(lang)
    row = view.row(need, access)
    n = len(view.rows)
    if row is None:
        return message(STRINGS, "stats.position.unregistered", n=n)
    numbers = spatial.pair_spatial(need, need_period, access, access_period)
    corr = numbers.correlation
    if corr is None:
        return message(STRINGS, "stats.position.unregistered", n=n)
    return message(STRINGS, "stats.position", n=n, inverse=view.counts[spatial.INVERSE],
                   none=view.counts[spatial.NONE], opposite=view.counts[spatial.OPPOSITE],
                   verdict=text(f"verdict.{numbers.verdict}", lang), rho=r_number(corr.rho),
                   low=r_number(corr.adjusted.low), high=r_number(corr.adjusted.high))

