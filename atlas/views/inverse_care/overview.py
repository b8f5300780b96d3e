"""The inverse-care page's opening view: every registered need x access pair at once (the
registry's `[[pair]]` entries, in its order), each with Spearman's rho, its naive and spatially
adjusted 95 % interval, n and effective n, the bivariate Moran's I and the verdict that follows
the adjusted interval; the pairs without data by name with what they lack; and a reading that
counts the verdicts across the pairs. It never names or sorts by the strongest pair.

Each pair is shown in the latest period of each indicator, as its detail view opens. Computed
once per build and language (`overview`); the page, the presenter story and the exported talk
all read it, so they give the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from atlas.db import per_build
from atlas.i18n import format_number
from atlas.registry import pair_preferences
from atlas.stats import spatial as spatial_stats
from atlas.views.inverse_care import spatial
from atlas.views.inverse_care.state import Choices, choices
from atlas.views.inverse_care.wording import r_text, text
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
    rho_text: str
    naive_text: str
    adjusted_text: str
    n_text: str
    n_eff_text: str
    moran_text: str


@dataclass(frozen=True)
class ForestBar:
    pair: str                       # y category (the pair's label)
    kind: str                       # legend label: naive or adjusted
    rho: float
    low: float
    high: float
    tooltip: str


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
    table: str                      # Markdown
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


def _interval(interval, lang: str) -> str:
    return text("stats.range", lang, low=r_text(interval.low, lang),
                high=r_text(interval.high, lang))


def p_text(p: float, lang: str) -> str:
    return format_number(p, 3, lang)


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
        rho_text=r_text(corr.rho, lang), naive_text=_interval(corr.naive, lang),
        adjusted_text=_interval(corr.adjusted, lang), n_text=str(corr.n),
        n_eff_text=format_number(corr.n_effective, 1, lang),
        moran_text=text("overview.moran", lang, i=r_text(moran.i, lang),
                        p=p_text(moran.p_value, lang)))


def _missing_what(need: str, access: str, context: Choices, lang: str) -> str:
    absent = [ident for ident in (need, access) if ident not in context.indicators]
    return " / ".join(md(context.labels.get(ident, ident)) for ident in absent)


def _table(rows: tuple[OverviewRow, ...], lang: str) -> str:
    keys = ("pair", "rho", "naive", "adjusted", "n", "n_eff", "moran", "verdict")
    header = "| " + " | ".join(text(f"overview.col.{k}", lang) for k in keys) + " |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        lines.append(f"| {md(row.label)} ({row.periods}) | {row.rho_text} | {row.naive_text} "
                     f"| {row.adjusted_text} | {row.n_text} | {row.n_eff_text} "
                     f"| {row.moran_text} | {row.verdict_text} |")
    return "\n".join(lines)


def _forest(rows: tuple[OverviewRow, ...], lang: str) -> ForestModel:
    naive, adjusted = text("overview.chart.naive", lang), text("overview.chart.adjusted", lang)
    bars = []
    for row in rows:
        corr = row.numbers.correlation
        for kind, interval, n in ((naive, corr.naive, row.n_text),
                                  (adjusted, corr.adjusted, row.n_eff_text)):
            bars.append(ForestBar(
                pair=row.label, kind=kind, rho=corr.rho, low=interval.low, high=interval.high,
                tooltip=f"ρ = {row.rho_text}; {_interval(interval, lang)}; n = {n}; "
                        f"{row.verdict_text}"))
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


def position(need: str, access: str, need_period: str, access_period: str,
             lang: str) -> str:
    """Where a pair sits among all registered pairs: the overview's counts and its own verdict
    (the detail view, the presenter story and the exported talk say the same)."""
    view = overview(lang)
    row = view.row(need, access)
    n = len(view.rows)
    if row is None:
        return text("stats.position.unregistered", lang, n=n)
    numbers = spatial.pair_spatial(need, need_period, access, access_period)
    corr = numbers.correlation
    if corr is None:
        return text("stats.position.unregistered", lang, n=n)
    return text("stats.position", lang, n=n, inverse=view.counts[spatial.INVERSE],
                none=view.counts[spatial.NONE], opposite=view.counts[spatial.OPPOSITE],
                verdict=text(f"verdict.{numbers.verdict}", lang), rho=r_text(corr.rho, lang),
                low=r_text(corr.adjusted.low, lang), high=r_text(corr.adjusted.high, lang))

