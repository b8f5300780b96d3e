"""Global Moran's I in plain words, for the map's definition and the About page (issue 20).

    lines(indicator_id, period)   -> Markdown lines: what I says, how to read it, the weights
    weights()                     -> how neighbours are defined (k = 5 nearest centroids)

The lines are Messages with their numbers as Numbers, rendered by the page (atlas.i18n.render);
the About page's view holds summary_message(), how() and weights() the same way.

The statistic itself is computed once per build (atlas/build/pipeline.py, table
`indicator_moran`) with atlas/stats/spatial.py; this module only words it.
"""

from __future__ import annotations

from atlas.i18n import Message, Number, area, message, pick
from atlas.query import spatial as spatial_queries
from atlas.stats.spatial import K_NEIGHBOURS, MORAN_REFERENCE, PERMUTATIONS, MoranResult

indicator_moran = spatial_queries.indicator_moran

ALPHA = 0.05

TEXTS = area("autocorrelation")   # ids `autocorrelation.*` (docs/i18n.md)


def text(key: str, lang: str, **fields) -> str:
    return pick(TEXTS, key, lang, **fields)


def p_number(p_value: float) -> Number:
    """A permutation p with three decimals (it is never below 1 / (permutations + 1))."""
    return Number(p_value, 3)


def verdict(result: MoranResult) -> str:
    """"alike" (positive, p < 0.05), "unlike" (negative, p < 0.05) or "none"."""
    if result.p_value < ALPHA:
        return "alike" if result.i > result.expected else "unlike"
    return "none"


def summary_message(result: MoranResult | None) -> Message:
    """One sentence in plain words (Markdown)."""
    if result is None:
        return message(TEXTS, "missing")
    return message(TEXTS, verdict(result), i=Number(result.i, 2), p=p_number(result.p_value),
                   permutations=Number(result.permutations), n=Number(result.n))


def how(permutations: int = PERMUTATIONS) -> Message:
    return message(TEXTS, "how", permutations=Number(permutations))


def weights() -> Message:
    return message(TEXTS, "weights", k=K_NEIGHBOURS)


def lines(indicator_id: str, period: str) -> tuple[Message, ...]:
    """The Markdown lines for an indicator in a period: the summary, how to read it, the
    neighbours used, and the method's references."""
    result = spatial_queries.indicator_moran(indicator_id, period)
    if result is None:
        return (summary_message(None),)
    return (
        summary_message(result),
        how(result.permutations),
        weights(),
        message(TEXTS, "reference", reference=MORAN_REFERENCE),
    )
