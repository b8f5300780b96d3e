"""The inverse-care view's words: the bilingual string table (`text`), the one-sentence
reading of a pair's statistics and Cohen's strength words. Never causal, and a relation is
claimed only when both correlations' intervals exclude zero on the same side."""

from __future__ import annotations

import math
from typing import Any

from atlas.i18n import Number, area, format_number, pick
from atlas.registry import Indicator
from atlas.stats import pairs as statistics
from atlas.views.inverse_care.orientation import access_oriented, access_sign, need_sign
from atlas.views.text import md

# (Danish, English); looked up with `text(key, lang, **fields)`.
STRINGS = area("inverse_care")   # ids `inverse_care.*` (docs/i18n.md)


def text(key: str, lang: str, /, **values: Any) -> str:
    return pick(STRINGS, key, lang, **values)


def _lower_first(label: str) -> str:
    """"Middellevetid" -> "middellevetid" in running text; acronyms ("KOL …") stay."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label

def r_text(value: float, lang: str) -> str:
    """A correlation (or R²) with two decimals."""
    return format_number(value, 2, lang)


def r_number(value: float) -> Number:
    """A correlation (or R²) with two decimals, rendered where it is shown."""
    return Number(value, 2)


def significant_decimals(value: float, digits: int = 3) -> int:
    """Decimals that show `value` with `digits` significant digits (0-6)."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(0, min(6, digits - 1 - math.floor(math.log10(abs(value)))))


def strength(r: float) -> str:
    """Cohen's rule of thumb: weak below 0.3, moderate below 0.5, else strong."""
    size = abs(r)
    return "weak" if size < 0.3 else "moderate" if size < 0.5 else "strong"


def reading(result: statistics.PairStatistics, need: Indicator, access: Indicator,
            lang: str) -> str:
    """The one-sentence reading: claims a relation only when both correlations' intervals
    exclude zero on the same side; never causal."""
    need_label, access_label = (md(_lower_first(need.label(lang))),
                                md(_lower_first(access.label(lang))))
    if result.problem == "too_few":
        return text("reading.too_few", lang, n=result.n)
    if result.problem == "constant" or result.pearson is None or result.spearman is None:
        return text("reading.constant", lang, n=result.n)
    p, s = result.pearson, result.spearman
    common = {"need": need_label, "access": access_label, "n": result.n,
              "r": r_text(p.estimate, lang), "low": r_text(p.interval.low, lang),
              "high": r_text(p.interval.high, lang)}
    if p.interval.spans_zero:
        return text("reading.none", lang, **common)
    if s.interval.spans_zero:
        return text("reading.ranks", lang, slow=r_text(s.interval.low, lang),
                    shigh=r_text(s.interval.high, lang), **common)
    if not result.clear_relation:
        return text("reading.opposite", lang, need=need_label, access=access_label)
    sentence = text("reading.relation", lang,
                    direction=text("reading.higher" if p.estimate > 0 else "reading.lower",
                                   lang),
                    strength=text(f"reading.{strength(p.estimate)}", lang),
                    rho=r_text(s.estimate, lang), **common)
    if access_oriented(access):
        oriented = p.estimate * need_sign(need) * access_sign(access)
        sentence += text("reading.inverse" if oriented > 0 else "reading.proportionate", lang)
    return sentence


def spatial_reading(correlation: Any, need: Indicator, access: Indicator, lang: str) -> str:
    """The one-sentence reading whose verdict follows the spatially adjusted interval of the
    oriented Spearman's rho (`atlas.stats.spatial.AdjustedCorrelation`); never causal."""
    need_label, access_label = (md(_lower_first(need.label(lang))),
                                md(_lower_first(access.label(lang))))
    adjusted, naive = correlation.adjusted, correlation.naive
    common = {"need": need_label, "access": access_label, "n": correlation.n,
              "rho": r_text(correlation.rho, lang), "low": r_text(adjusted.low, lang),
              "high": r_text(adjusted.high, lang),
              "n_eff": format_number(correlation.n_effective, 1, lang)}
    if adjusted.spans_zero:
        sentence = text("reading.spatial.none", lang, **common)
        if not naive.spans_zero:
            sentence += text("reading.spatial.naive_clear", lang,
                             nlow=r_text(naive.low, lang), nhigh=r_text(naive.high, lang))
        return sentence
    if not access_oriented(access):
        return text("reading.spatial.clear_undirected", lang,
                    direction=text("reading.higher" if correlation.rho > 0 else
                                   "reading.lower", lang),
                    strength=text(f"reading.{strength(correlation.rho)}", lang), **common)
    return text("reading.spatial.clear", lang,
                direction=text("reading.spatial.worse" if correlation.rho > 0 else
                               "reading.spatial.better", lang),
                strength=text(f"reading.{strength(correlation.rho)}", lang), **common)
