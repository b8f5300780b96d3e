"""Global Moran's I in plain words, for the map's definition and the About page (issue 20).

    lines(indicator_id, period, lang)   -> Markdown lines: what I says, how to read it, the weights
    weights_text(lang)                  -> how neighbours are defined (k = 5 nearest centroids)

The statistic itself is computed once per build (atlas/build/pipeline.py, table
`indicator_moran`) with atlas/stats/spatial.py; this module only words it.
"""

from __future__ import annotations

from atlas.i18n import area, format_number, pick
from atlas.query import spatial as spatial_queries
from atlas.stats.spatial import K_NEIGHBOURS, MORAN_REFERENCE, PERMUTATIONS, MoranResult

indicator_moran = spatial_queries.indicator_moran

ALPHA = 0.05

TEXTS = area("autocorrelation")   # ids `autocorrelation.*` (docs/i18n.md)


def text(key: str, lang: str, **fields) -> str:
    return pick(TEXTS, key, lang, **fields)


def p_text(p_value: float, lang: str) -> str:
    """A permutation p with three decimals (it is never below 1 / (permutations + 1))."""
    return format_number(p_value, 3, lang)


def verdict(result: MoranResult) -> str:
    """"alike" (positive, p < 0.05), "unlike" (negative, p < 0.05) or "none"."""
    if result.p_value < ALPHA:
        return "alike" if result.i > result.expected else "unlike"
    return "none"


def summary(result: MoranResult | None, lang: str) -> str:
    """One sentence in plain words (Markdown)."""
    if result is None:
        return text("missing", lang)
    return text(verdict(result), lang, i=format_number(result.i, 2, lang),
                p=p_text(result.p_value, lang),
                permutations=format_number(result.permutations, 0, lang),
                n=format_number(result.n, 0, lang))


def how_text(lang: str, permutations: int = PERMUTATIONS) -> str:
    return text("how", lang, permutations=format_number(permutations, 0, lang))


def weights_text(lang: str) -> str:
    return text("weights", lang, k=K_NEIGHBOURS)


def lines(indicator_id: str, period: str, lang: str) -> tuple[str, ...]:
    """The Markdown lines for an indicator in a period: the summary, how to read it, the
    neighbours used, and the method's references."""
    result = spatial_queries.indicator_moran(indicator_id, period)
    if result is None:
        return (summary(None, lang),)
    return (
        summary(result, lang),
        how_text(lang, result.permutations),
        weights_text(lang),
        text("reference", lang, reference=MORAN_REFERENCE),
    )
