"""Global Moran's I in plain words, for the map's definition and the About page (issue 20).

    lines(indicator_id, period, lang)   -> Markdown lines: what I says, how to read it, the weights
    weights_text(lang)                  -> how neighbours are defined (k = 5 nearest centroids)

The statistic itself is computed once per build (atlas/build/pipeline.py, table
`indicator_moran`) with atlas/stats/spatial.py; this module only words it.
"""

from __future__ import annotations

from atlas.i18n import format_number, pick
from atlas.query import spatial as spatial_queries
from atlas.stats.spatial import K_NEIGHBOURS, MORAN_REFERENCE, PERMUTATIONS, MoranResult

indicator_moran = spatial_queries.indicator_moran

ALPHA = 0.05

TEXTS: dict[str, tuple[str, str]] = {
    "heading": ("Geografisk mønster", "Geographic pattern"),
    "alike": (
        "**Nabokommuner ligner hinanden.** Moran's I = {i} (p = {p}, {permutations} "
        "tilfældige ombytninger, {n} kommuner): kommuner med høje værdier ligger oftere tæt "
        "på andre med høje værdier, og lave nær lave, end hvis tallene var strøet tilfældigt "
        "ud over landet.",
        "**Neighbouring municipalities are alike.** Moran's I = {i} (p = {p}, {permutations} "
        "random reshuffles, {n} municipalities): municipalities with high values lie near "
        "others with high values, and low near low, more often than if the figures were "
        "scattered at random across the country.",
    ),
    "unlike": (
        "**Nabokommuner er mere forskellige end tilfældigt.** Moran's I = {i} (p = {p}, "
        "{permutations} tilfældige ombytninger, {n} kommuner): høje værdier ligger oftere ved "
        "siden af lave.",
        "**Neighbouring municipalities differ more than chance would have it.** Moran's I = "
        "{i} (p = {p}, {permutations} random reshuffles, {n} municipalities): high values lie "
        "next to low ones more often than at random.",
    ),
    "none": (
        "**Intet klart geografisk mønster.** Moran's I = {i} (p = {p}, {permutations} "
        "tilfældige ombytninger, {n} kommuner): nabokommuner ligner ikke hinanden mere, end "
        "tilfældigheder kan forklare.",
        "**No clear geographic pattern.** Moran's I = {i} (p = {p}, {permutations} random "
        "reshuffles, {n} municipalities): neighbouring municipalities are no more alike than "
        "chance can explain.",
    ),
    "missing": (
        "Moran's I er ikke beregnet for denne periode (for få kommuner med data).",
        "Moran's I is not computed for this period (too few municipalities with data).",
    ),
    "how": (
        "*Hvordan læser jeg det?* Moran's I ligger som regel mellem −1 og 1. 0 betyder, at "
        "værdierne ligger tilfældigt på kortet; jo højere over 0, jo mere klumper ens værdier "
        "sig sammen. p er andelen af {permutations} tilfældige ombytninger af tallene mellem "
        "kommunerne, der gav en lige så tydelig klumpning: en lille p (under 0,05) betyder, "
        "at mønsteret næppe er tilfældigt. Det siger intet om hvorfor.",
        "*How do I read this?* Moran's I usually lies between −1 and 1. 0 means the values "
        "lie at random on the map; the further above 0, the more similar values cluster. p is "
        "the share of {permutations} random reshuffles of the figures between municipalities "
        "that gave as clear a clustering: a small p (below 0.05) means the pattern is hardly "
        "chance. It says nothing about why.",
    ),
    "weights": (
        "Naboer: hver kommunes {k} nærmeste kommuner, målt mellem kommunernes midtpunkter "
        "(centroider af de fulde grænser i ETRS89 / UTM 32N, EPSG:25832), med lige vægt "
        "(rækkestandardiseret: hver nabo tæller 1/{k}). Fælles grænse bruges ikke, fordi "
        "økommuner som Læsø, Samsø, Fanø, Ærø og Bornholm så ikke ville have nogen naboer.",
        "Neighbours: each municipality's {k} nearest municipalities, measured between their "
        "centre points (centroids of the full boundaries in ETRS89 / UTM 32N, EPSG:25832), "
        "weighted equally (row-standardised: each neighbour counts 1/{k}). A shared border is "
        "not used, because island municipalities such as Læsø, Samsø, Fanø, Ærø and Bornholm "
        "would then have no neighbours.",
    ),
    "reference": ("Metode: {reference}", "Method: {reference}"),
    "about.title": ("Geografisk mønster (Moran's I)", "Geographic pattern (Moran's I)"),
    "about.text": (
        "For hver indikator viser kortets «Definition · Forbehold» og kortene nedenfor Moran's "
        "I: om nabokommuner ligner hinanden mere end tilfældigt. Det er også grunden til, at "
        "sammenhænge mellem to indikatorer på siden om den omvendte omsorgslov ikke kan regnes "
        "som 98 uafhængige observationer.",
        "For every indicator, the map's “Definition · Caveats” and the cards below give "
        "Moran's I: whether neighbouring municipalities are more alike than chance. It is also "
        "why relations between two indicators on the inverse-care page cannot be counted as "
        "98 independent observations.",
    ),
}


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
