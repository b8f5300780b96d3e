"""The inverse-care view's words: the bilingual string table (`text`), the one-sentence
reading of a pair's statistics and Cohen's strength words. Never causal, and a relation is
claimed only when both correlations' intervals exclude zero on the same side.

The readings are Messages whose numbers are Numbers (`reading_message`,
`spatial_reading_message`), rendered where they are shown; `reading` and `spatial_reading` give
their text in a language."""

from __future__ import annotations

import math
from typing import Any

from atlas.i18n import Joined, Message, Number, area, format_number, message, pick, render
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


def reading_message(result: statistics.PairStatistics, need: Indicator, access: Indicator,
                    lang: str) -> Message | Joined:
    """The one-sentence reading: claims a relation only when both correlations' intervals
    exclude zero on the same side; never causal. `lang` for the indicators' labels."""
    need_label, access_label = (md(_lower_first(need.label(lang))),
                                md(_lower_first(access.label(lang))))
    if result.problem == "too_few":
        return message(STRINGS, "reading.too_few", n=result.n)
    if result.problem == "constant" or result.pearson is None or result.spearman is None:
        return message(STRINGS, "reading.constant", n=result.n)
    p, s = result.pearson, result.spearman
    common = {"need": need_label, "access": access_label, "n": result.n,
              "r": r_number(p.estimate), "low": r_number(p.interval.low),
              "high": r_number(p.interval.high)}
    if p.interval.spans_zero:
        return message(STRINGS, "reading.none", **common)
    if s.interval.spans_zero:
        return message(STRINGS, "reading.ranks", slow=r_number(s.interval.low),
                       shigh=r_number(s.interval.high), **common)
    if not result.clear_relation:
        return message(STRINGS, "reading.opposite", need=need_label, access=access_label)
    sentence = message(STRINGS, "reading.relation",
                       direction=text("reading.higher" if p.estimate > 0 else "reading.lower",
                                      lang),
                       strength=text(f"reading.{strength(p.estimate)}", lang),
                       rho=r_number(s.estimate), **common)
    if access_oriented(access):
        oriented = p.estimate * need_sign(need) * access_sign(access)
        return Joined((sentence, text("reading.inverse" if oriented > 0
                                      else "reading.proportionate", lang)))
    return sentence


def reading(result: statistics.PairStatistics, need: Indicator, access: Indicator,
            lang: str) -> str:
    """reading_message() as text in `lang`."""
    return render(reading_message(result, need, access, lang), lang)


def spatial_reading_message(correlation: Any, need: Indicator, access: Indicator,
                            lang: str) -> Message | Joined:
    """The one-sentence reading whose verdict follows the spatially adjusted interval of the
    oriented Spearman's rho (`atlas.stats.spatial.AdjustedCorrelation`); never causal."""
    need_label, access_label = (md(_lower_first(need.label(lang))),
                                md(_lower_first(access.label(lang))))
    adjusted, naive = correlation.adjusted, correlation.naive
    common = {"need": need_label, "access": access_label, "n": correlation.n,
              "rho": r_number(correlation.rho), "low": r_number(adjusted.low),
              "high": r_number(adjusted.high), "n_eff": Number(correlation.n_effective, 1)}
    if adjusted.spans_zero:
        sentence = message(STRINGS, "reading.spatial.none", **common)
        if not naive.spans_zero:
            return Joined((sentence, message(STRINGS, "reading.spatial.naive_clear",
                                             nlow=r_number(naive.low),
                                             nhigh=r_number(naive.high))))
        return sentence
    if not access_oriented(access):
        return message(STRINGS, "reading.spatial.clear_undirected",
                       direction=text("reading.higher" if correlation.rho > 0 else
                                      "reading.lower", lang),
                       strength=text(f"reading.{strength(correlation.rho)}", lang), **common)
    return message(STRINGS, "reading.spatial.clear",
                   direction=text("reading.spatial.worse" if correlation.rho > 0 else
                                  "reading.spatial.better", lang),
                   strength=text(f"reading.{strength(correlation.rho)}", lang), **common)


def spatial_reading(correlation: Any, need: Indicator, access: Indicator, lang: str) -> str:
    """spatial_reading_message() as text in `lang`."""
    return render(spatial_reading_message(correlation, need, access, lang), lang)
