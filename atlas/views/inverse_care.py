"""The inverse-care page's view: need against access, with honest statistics.

    ?need=self_rated_good_health_share&need_period=2025&access=hospital_distance_km
     &access_period=2026&weighting=population&colour=region&kommune=825&lang=en

Query results (atlas.query) + registry + language -> what the page shows: which pair and why,
the scatter (axes oriented so that more need points right and worse access points up), the
statistics and the one-sentence reading (atlas.stats.pairs: scipy + statsmodels), the 3 x 3
bivariate map with its legend grid, the hot spots, the CSV export, and the commission's chart
(chronic cases per GP capacity by share aged 65+) or what it needs to be shown.

Orientation: an indicator whose registry direction is `higher_better` (life expectancy, good
self-rated health) is turned around, so its axis is reversed and its tertiles count from the
high end; `neutral` need indicators count higher as more need (they are measures of need); a
`neutral` access indicator has no "worse" side, so its axis follows the values and the page
says so. The statistics are always computed on the values as published.

Pure: no Streamlit. The page draws the charts before it asks for the statistics, because
scipy and statsmodels take seconds to import the first time (`atlas.stats.pairs.warm_up`).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, fields, replace
from typing import Any, Mapping, Sequence

from atlas.db import per_build
from atlas.exports import number_text
from atlas.i18n import format_number, format_value, group_name, is_missing, pick, t
from atlas.query import core as queries
from atlas.query import pairs as pair_queries
from atlas.registry import PAIR_ACCESS_ROLES, PAIR_NEED_ROLES, Indicator, pair_preferences, registry
from atlas.stats import pairs as statistics
from atlas.views.choropleth import Choropleth, Tooltip, build_bivariate_choropleth
from atlas.views.classify import classify
from atlas.views.map_page import source_text
from atlas.views.palettes import BIVARIATE_SOURCE
from atlas.views.text import md
from atlas.views.urlstate import LANG, Invalid, Param, Schema, choice, constant, integer

WEIGHTINGS = ("none", "population")
COLOURINGS = ("gruppe", "region")
SURVEY_SOURCE = "sundhedsprofil"
WORST = (2, 2)                     # (need tertile, access tertile): high need x poorest access
COMMISSION_VALUE = "chronic_per_gp_capacity"
COMMISSION_SPLIT = "age_65plus_share"
# What the commission's figure is computed from (chronic_per_gp_capacity is derived in the build)
COMMISSION_INPUTS = {COMMISSION_VALUE: ("chronic_prevalence_per_100k", "citizens_per_gp"),
                     COMMISSION_SPLIT: (COMMISSION_SPLIT,)}
MAP_PAGE = "pages/map.py"

# (Danish, English); looked up with `text(key, lang, **fields)`.
STRINGS: dict[str, tuple[str, str]] = {
    "page": ("Omvendt omsorg", "Inverse care"),
    "title": ("Omvendt omsorg: behov mod adgang", "Inverse care: need against access"),
    "intro": (
        "Julian Tudor Harts omvendte omsorgsprincip: har de kommuner, der har mest brug for "
        "sundhedsvæsenet, ringest adgang til det? Hver prik er en kommune.",
        "Julian Tudor Hart's inverse care law: do the municipalities that need health care "
        "most have the poorest access to it? Each dot is a municipality."),
    "need": ("Behov", "Need"),
    "access": ("Adgang", "Access"),
    "need.help": ("Indikatorer med rollen behov eller udfald.",
                  "Indicators with the role need or outcome."),
    "access.help": ("Indikatorer med rollen tilbud (adgang til sundhedsvæsenet).",
                    "Indicators with the role supply (access to health care)."),
    "need_period": ("Periode for behov", "Period of need"),
    "access_period": ("Periode for adgang", "Period of access"),
    "weighting": ("Regressionslinje", "Regression line"),
    "weighting.none": ("Uvægtet", "Unweighted"),
    "weighting.population": ("Befolkningsvægtet", "Population-weighted"),
    "weighting.help": (
        "Uvægtet: hver kommune tæller lige meget. Befolkningsvægtet: hver kommune tæller med "
        "sit folketal. Korrelationerne er altid uvægtede.",
        "Unweighted: every municipality counts the same. Population-weighted: each counts "
        "with its population. The correlations are always unweighted."),
    "colour": ("Farve efter", "Colour by"),
    "colour.gruppe": ("Kommunegruppe", "Municipality group"),
    "colour.region": ("Region", "Region"),
    "kommune": ("Vælg kommune", "Choose a municipality"),
    "kommune.placeholder": ("Søg, eller klik på en prik …", "Search, or click a dot …"),
    "no_pair": (
        "Databasen har ikke både en behovs- og en adgangsindikator med data, så siden kan ikke "
        "vise noget par.",
        "The database does not hold both a need and an access indicator with data, so the page "
        "has no pair to show."),
    # which pair, and why
    "why.default": (
        "Viser **{need} × {access}**: det første par i atlassets foretrukne rækkefølge "
        "(registret), som databasen har data for. Parret er valgt på forhånd, ikke efter hvor "
        "stærk sammenhængen er.",
        "Showing **{need} × {access}**: the first pair in the atlas's order of preference (the "
        "registry) that the database holds data for. The pair is chosen in advance, not by how "
        "strongly it correlates."),
    "why.default_skipped": (
        " Foretrukne par uden data endnu: {pairs}.",
        " Preferred pairs without data yet: {pairs}."),
    "why.fallback": (
        "Viser **{need} × {access}**: ingen af registrets foretrukne par har data, så siden "
        "viser den første behovs- og adgangsindikator med data.",
        "Showing **{need} × {access}**: none of the registry's preferred pairs has data, so the "
        "page shows the first need and access indicators with data."),
    "why.chosen": ("Viser **{need} × {access}**, som valgt.",
                   "Showing **{need} × {access}**, as chosen."),
    "periods.same": ("Periode: {period} for begge.", "Period: {period} for both."),
    "periods.differ": (
        "Perioderne er forskellige: {need} er fra {need_period}, {access} fra {access_period}. "
        "Kommunernes værdier kan have ændret sig i mellemtiden.",
        "The periods differ: {need} is from {need_period}, {access} from {access_period}. "
        "Municipalities' values may have changed in between."),
    # axes and quadrants
    "axis.need": ("højere behov →", "more need →"),
    "axis.need.reversed": ("aksen er vendt: lavere værdi = højere behov →",
                           "axis reversed: lower value = more need →"),
    "axis.access": ("ringere adgang ↑", "worse access ↑"),
    "axis.access.reversed": ("aksen er vendt: lavere værdi = ringere adgang ↑",
                             "axis reversed: lower value = worse access ↑"),
    "axis.access.neutral": ("ingen retning i registret: højere værdi ↑",
                            "no direction in the registry: higher value ↑"),
    "axis.title": ("{label} ({unit}, {period})", "{label} ({unit}, {period})"),
    "quadrant.hi_poor": ("Højt behov · ringe adgang", "High need · poor access"),
    "quadrant.hi_good": ("Højt behov · god adgang", "High need · good access"),
    "quadrant.lo_poor": ("Lavt behov · ringe adgang", "Low need · poor access"),
    "quadrant.lo_good": ("Lavt behov · god adgang", "Low need · good access"),
    "quadrant.hi_high": ("Højt behov · høj værdi", "High need · high value"),
    "quadrant.hi_low": ("Højt behov · lav værdi", "High need · low value"),
    "quadrant.lo_high": ("Lavt behov · høj værdi", "Low need · high value"),
    "quadrant.lo_low": ("Lavt behov · lav værdi", "Low need · low value"),
    "quadrant.count": ("{label} ({n})", "{label} ({n})"),
    "scatter.note": (
        "Stiplede linjer: medianen af hver akse ({need_median}; {access_median}); en kommune "
        "på medianen tæller til den lave side. Prikkens størrelse: folketal. Linjen: {line}.",
        "Dashed lines: the median of each axis ({need_median}; {access_median}); a "
        "municipality on the median counts to the low side. Dot size: population. The line: "
        "{line}."),
    "scatter.line.none": ("mindste kvadraters metode, uvægtet (OLS)",
                          "least squares, unweighted (OLS)"),
    "scatter.line.population": ("mindste kvadraters metode, befolkningsvægtet (WLS)",
                                "least squares, population-weighted (WLS)"),
    "scatter.selection_hint": (
        "Klik på en prik for at vælge kommunen; den vises så også på kortet.",
        "Click a dot to choose that municipality; it is then shown on the map too."),
    "tooltip.population": ("Folketal", "Population"),
    "tooltip.group": ("Gruppe", "Group"),
    "tooltip.quadrant": ("Kvadrant", "Quadrant"),
    # statistics
    "stats.title": ("Statistik", "Statistics"),
    "stats.measure": ("Mål", "Measure"),
    "stats.value": ("Værdi", "Value"),
    "stats.ci": ("95 %-KI", "95 % CI"),
    "stats.slope_note": ("Hældninger i {unit}; KI = konfidensinterval.",
                         "Slopes in {unit}; CI = confidence interval."),
    "stats.r2": ("R²", "R²"),
    "stats.pearson": ("Pearsons r", "Pearson's r"),
    "stats.spearman": ("Spearmans ρ (rang)", "Spearman's ρ (ranks)"),
    "stats.ols": ("Hældning, uvægtet (OLS)", "Slope, unweighted (OLS)"),
    "stats.wls": ("Hældning, befolkningsvægtet (WLS)", "Slope, population-weighted (WLS)"),
    "stats.drawn": (" · linjen i figuren", " · the line in the chart"),
    "stats.range": ("{low}\u00a0til\u00a0{high}", "{low}\u00a0to\u00a0{high}"),
    "stats.slope_unit": ("{access} pr. {need}", "{access} per {need}"),
    "stats.n": ("n = {n} kommuner med begge værdier.",
                "n = {n} municipalities with both values."),
    "stats.excluded": ("Udeladt for manglende data ({n}): {names}.",
                       "Left out for missing data ({n}): {names}."),
    "stats.excluded.none": ("Ingen kommuner er udeladt.", "No municipality is left out."),
    "stats.excluded.item": ("{name} (ingen data for {what})", "{name} (no data for {what})"),
    "stats.excluded.population": ("folketal", "population"),
    "stats.method": (
        "Korrelationer med scipy (Pearsons r med Fisher-z-interval; Spearmans ρ med "
        "Fisher-z-interval og Bonett-Wright-varians), linjer med statsmodels (OLS og WLS med "
        "folketal {population_period} som vægt). Styrke efter Cohens tommelfingerregel: "
        "|r| under 0,3 svag, under 0,5 moderat, ellers stærk. Tallene er beregnet på "
        "værdierne som offentliggjort, også hvor en akse er vendt.",
        "Correlations with scipy (Pearson's r with a Fisher-z interval; Spearman's ρ with a "
        "Fisher-z interval and the Bonett-Wright variance), lines with statsmodels (OLS, and "
        "WLS weighted by population {population_period}). Strength by Cohen's rule of thumb: "
        "|r| below 0.3 weak, below 0.5 moderate, else strong. The figures are computed on the "
        "values as published, also where an axis is reversed."),
    "stats.ecological": (
        "Sammenhængen gælder kommuner, ikke enkeltpersoner, og den siger ikke, hvad der er "
        "årsag og virkning: begge mål kan følge en tredje faktor, fx alder eller afstand til "
        "de store byer.",
        "The relation holds for municipalities, not individuals, and it does not say what is "
        "cause and effect: both measures may follow a third factor, such as age or distance "
        "from the large cities."),
    "stats.survey": (
        "{label} kommer fra Den Nationale Sundhedsprofil, en spørgeskemaundersøgelse: i små "
        "kommuner bygger tallet på få svar og har stor stikprøveusikkerhed, så den enkelte "
        "kommunes placering er usikker.",
        "{label} comes from the National Health Profile, a survey: in small municipalities "
        "the figure rests on few answers and has a wide sampling error, so a single "
        "municipality's position is uncertain."),
    # the reading
    "reading.relation": (
        "På tværs af {n} kommuner går højere værdier for {need} typisk sammen med {direction} "
        "værdier for {access}: en {strength} sammenhæng (Pearsons r = {r}, 95 %-KI {low} til "
        "{high}; Spearmans ρ = {rho}).",
        "Across {n} municipalities, higher values of {need} tend to go with {direction} values "
        "of {access}: a {strength} relation (Pearson's r = {r}, 95 % CI {low} to {high}; "
        "Spearman's ρ = {rho})."),
    "reading.higher": ("højere", "higher"),
    "reading.lower": ("lavere", "lower"),
    "reading.weak": ("svag", "weak"),
    "reading.moderate": ("moderat", "moderate"),
    "reading.strong": ("stærk", "strong"),
    "reading.inverse": (" Mere behov følges altså med ringere adgang.",
                        " So more need goes with worse access."),
    "reading.proportionate": (" Mere behov følges altså med bedre adgang.",
                              " So more need goes with better access."),
    "reading.none": (
        "Ingen klar sammenhæng mellem {need} og {access} på tværs af {n} kommuner: "
        "95 %-konfidensintervallet for Pearsons r ({low} til {high}) omfatter 0.",
        "No clear relation between {need} and {access} across {n} municipalities: the 95 % "
        "confidence interval of Pearson's r ({low} to {high}) includes 0."),
    "reading.ranks": (
        "Ingen klar sammenhæng mellem {need} og {access} på tværs af {n} kommuner: Pearsons "
        "r = {r} (95 %-KI {low} til {high}), men intervallet for rangkorrelationen, Spearmans "
        "ρ, ({slow} til {shigh}) omfatter 0, så mønstret kan bæres af få kommuner.",
        "No clear relation between {need} and {access} across {n} municipalities: Pearson's "
        "r = {r} (95 % CI {low} to {high}), but the interval of the rank correlation, "
        "Spearman's ρ, ({slow} to {shigh}) includes 0, so the pattern may rest on a few "
        "municipalities."),
    "reading.opposite": (
        "Ingen klar sammenhæng mellem {need} og {access}: Pearsons r og Spearmans ρ peger i "
        "hver sin retning.",
        "No clear relation between {need} and {access}: Pearson's r and Spearman's ρ point in "
        "opposite directions."),
    "reading.too_few": (
        "For få kommuner med begge værdier (n = {n}) til at sige noget om en sammenhæng.",
        "Too few municipalities with both values (n = {n}) to say anything about a relation."),
    "reading.constant": (
        "En af indikatorerne har samme værdi i alle {n} kommuner, så der er ingen sammenhæng "
        "at beregne.",
        "One of the indicators has the same value in all {n} municipalities, so there is no "
        "relation to compute."),
    # bivariate map and hot spots
    "map.title": ("Behov og adgang på kortet", "Need and access on the map"),
    "map.first_title": ("Behov: {label}", "Need: {label}"),
    "map.second_title": ("Adgang: {label}", "Access: {label}"),
    "map.second_title.neutral": ("{label} (højere værdi opad)", "{label} (higher value up)"),
    "map.cell": ("{need} behov · {access} adgang", "{need} need · {access} access"),
    "map.cell.neutral": ("{need} behov · {access} værdi", "{need} need · {access} value"),
    "map.need.0": ("lavt", "low"), "map.need.1": ("mellem", "middle"),
    "map.need.2": ("højt", "high"),
    "map.access.0": ("god", "good"), "map.access.1": ("mellem", "middle"),
    "map.access.2": ("ringest", "poorest"),
    "map.value.0": ("lav", "low"), "map.value.1": ("mellem", "middle"),
    "map.value.2": ("høj", "high"),
    "map.legend_note": (
        "Tertiler: hver akse deler kommunerne med begge værdier i tre omtrent lige store "
        "grupper (ens værdier i samme gruppe). Orange kant: højt behov × ringest adgang.",
        "Tertiles: each axis splits the municipalities with both values into three groups of "
        "about the same size (equal values in the same group). Orange outline: high need × "
        "poorest access."),
    "map.legend_note.neutral": (
        "Tertiler: hver akse deler kommunerne med begge værdier i tre omtrent lige store "
        "grupper. Orange kant: højt behov × højeste værdi af {access} (registret giver den "
        "ingen retning).",
        "Tertiles: each axis splits the municipalities with both values into three groups of "
        "about the same size. Orange outline: high need × highest value of {access} (the "
        "registry gives it no direction)."),
    "map.source_line": ("Kilder: {need_source} ({need_period}); {access_source} "
                        "({access_period}).",
                        "Sources: {need_source} ({need_period}); {access_source} "
                        "({access_period})."),
    "map.no_data_line": ("{n} kommuner mangler en af værdierne og vises skraveret.",
                         "{n} municipalities lack one of the values and are hatched."),
    "map.tooltip.cell": ("Felt: {cell}", "Cell: {cell}"),
    "map.boundaries": ("Kommunegrænser: DAGI (SDFI), forenklet.",
                       "Municipal boundaries: DAGI (SDFI), simplified."),
    "map.palette": ("Farver: {source}.", "Colours: {source}."),
    "hot.title": ("Brændpunkter: højt behov og ringest adgang",
                  "Hot spots: high need and poorest access"),
    "hot.title.neutral": ("Højt behov og højeste værdi", "High need and highest value"),
    "hot.intro": (
        "De {n} kommuner i øverste tertil for behov og ringeste tertil for adgang, rangeret "
        "efter summen af deres placeringer på de to akser (højest først).",
        "The {n} municipalities in the top tertile of need and the poorest tertile of access, "
        "ranked by the sum of their positions on the two axes (highest first)."),
    "hot.none": ("Ingen kommuner ligger i det felt.", "No municipality lies in that cell."),
    "hot.link": ("{rank}. {name}", "{rank}. {name}"),
    "hot.values": ("{need} · {access}", "{need} · {access}"),
    "download": ("Hent data (CSV)", "Download data (CSV)"),
    "download.help": (
        "Alle 98 kommuner med begge værdier, perioder, enheder, kilder, tertiler og "
        "brændpunkt-placering. Tomt felt = ingen data.",
        "All 98 municipalities with both values, periods, units, sources, tertiles and "
        "hot-spot rank. Empty field = no data."),
    # the selected municipality
    "selected.cell": ("Felt på kortet: {cell}", "Cell on the map: {cell}"),
    "selected.missing": ("{name} mangler data for {what} og er ikke med i figuren.",
                         "{name} lacks data for {what} and is not in the chart."),
    "selected.map_link": ("Vis {name} på kortet", "Show {name} on the map"),
    # the commission's chart
    "commission.title": ("Sundhedsstrukturkommissionens figur: kroniske sygdomme pr. "
                         "lægekapacitet",
                         "The Health Structure Commission's chart: chronic diseases per GP "
                         "capacity"),
    "commission.intro": (
        "Efter Sundhedsstrukturkommissionen (2024): kroniske sygdomstilfælde pr. "
        "fuldtidslægekapacitet i hver kommune, delt efter om kommunens andel på 65 år og "
        "derover er over medianen for kommunerne ({median}).",
        "After the Health Structure Commission (2024): chronic disease cases per full-time GP "
        "capacity in each municipality, split by whether its share aged 65 and over is above "
        "the municipalities' median ({median})."),
    "commission.above": ("Andel 65+ over medianen", "Share 65+ above the median"),
    "commission.below": ("Andel 65+ på eller under medianen", "Share 65+ at or below the median"),
    "commission.summary": (
        "Median {above_median} i kommuner med flest ældre mod {below_median} i de øvrige "
        "(n = {n_above} og {n_below}).",
        "Median {above_median} in the municipalities with the most older residents against "
        "{below_median} in the others (n = {n_above} and {n_below})."),
    "commission.periods": ("Perioder: {value} {value_period}; {split} {split_period}.",
                           "Periods: {value} {value_period}; {split} {split_period}."),
    "commission.missing": (
        "Figuren kræver {names}, som databasen ikke har endnu. De hentes online fra de "
        "officielle kilder (eller fra din egen fil på siden Egne data); derefter genopbygges "
        "databasen:",
        "The chart needs {names}, which the database does not hold yet. They are fetched "
        "online from the official sources (or from your own file on the page Your own data); "
        "then the database is rebuilt:"),
    "commission.axis": ("Kroniske tilfælde pr. lægekapacitet ({period})",
                        "Chronic cases per GP capacity ({period})"),
    "commission.median_mark": ("Gruppens median", "Group median"),
}


def text(key: str, lang: str, /, **values: Any) -> str:
    return pick(STRINGS, key, lang, **values)


def _lower_first(label: str) -> str:
    """"Middellevetid" -> "middellevetid" in running text; acronyms ("KOL …") stay."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


# --- what the URL may name ----------------------------------------------------------------------
@dataclass(frozen=True)
class Choices:
    indicators: Mapping[str, Indicator]          # loaded indicators (catalogue order)
    needs: tuple[str, ...]                       # loaded, role need or outcome
    accesses: tuple[str, ...]                    # loaded, role supply
    periods: Mapping[str, tuple[str, ...]]
    latest: Mapping[str, str]
    registered: frozenset[str]
    labels: Mapping[str, str]
    municipalities: Mapping[int, str]
    preferred: tuple[tuple[str, str], ...]       # registry pairs with data, in preference order
    skipped: tuple[tuple[str, str], ...]         # registry pairs without data

    @property
    def ready(self) -> bool:
        return bool(self.needs and self.accesses)

    def default_pair(self) -> tuple[str, str]:
        """The first preferred pair with data, else the first need and access with data.
        Never chosen by how strongly a pair correlates."""
        if self.preferred:
            return self.preferred[0]
        return self.needs[0], self.accesses[0]

    def default_access(self, need: str) -> str:
        """The preferred partner of `need`, else the default pair's access."""
        for pair_need, pair_access in self.preferred:
            if pair_need == need:
                return pair_access
        return self.default_pair()[1]


@per_build
def choices(lang: str = "da") -> Choices:
    """What the page's URL may name, per build and language (read-only, like every cached
    result)."""
    cat = queries.catalogue()
    munis = queries.municipalities()
    labels = {ident: ind.label(lang) for ident, ind in registry().items()}
    labels.update({ident: ind.label(lang) for ident, ind in cat.indicators.items()})
    needs = tuple(i for i, ind in cat.indicators.items() if ind.role in PAIR_NEED_ROLES)
    accesses = tuple(i for i, ind in cat.indicators.items() if ind.role in PAIR_ACCESS_ROLES)
    preferred = tuple(p for p in pair_preferences()
                      if p[0] in cat.indicators and p[1] in cat.indicators)
    return Choices(
        indicators=cat.indicators, needs=needs, accesses=accesses, periods=cat.periods,
        latest=cat.latest, registered=frozenset(registry()) | frozenset(cat.indicators),
        labels=labels,
        municipalities=dict(zip(munis["kommune_kode"].astype(int), munis["name"])),
        preferred=preferred,
        skipped=tuple(p for p in pair_preferences() if p not in preferred),
    )


# --- the URL-state schema -----------------------------------------------------------------------
def _indicator_parser(role: str):
    def parse(raw: str, context: Choices, values: dict) -> str:
        wanted = raw.strip()
        allowed = context.needs if role == "need" else context.accesses
        if wanted in allowed:
            return wanted
        if wanted in context.registered and wanted not in context.indicators:
            raise Invalid("notice.no_data_indicator", shown=context.labels.get(wanted, wanted))
        raise Invalid()
    return parse


def _describe_indicator(value: str, context: Choices, lang: str) -> str:
    return md(context.labels.get(value, value))


PARAMS = (
    LANG,
    Param("need", _indicator_parser("need"), lambda c, v: c.default_pair()[0],
          describe=_describe_indicator, always=True, widget="ic_need"),
    Param("need_period", choice(lambda c, v: c.periods[v["need"]], lower=False),
          lambda c, v: c.latest[v["need"]], always=True, widget="ic_need_period"),
    Param("access", _indicator_parser("access"), lambda c, v: c.default_access(v["need"]),
          describe=_describe_indicator, always=True, widget="ic_access"),
    Param("access_period", choice(lambda c, v: c.periods[v["access"]], lower=False),
          lambda c, v: c.latest[v["access"]], always=True, widget="ic_access_period"),
    Param("weighting", choice(lambda c, v: WEIGHTINGS), constant("none"),
          describe=lambda value, c, lang: text(f"weighting.{value}", lang).lower(),
          widget="ic_weighting"),
    Param("colour", choice(lambda c, v: COLOURINGS), constant("gruppe"),
          describe=lambda value, c, lang: text(f"colour.{value}", lang).lower(),
          widget="ic_colour"),
    Param("kommune", integer(lambda c, v: c.municipalities), constant(None),
          describe=lambda value, c, lang: "—", widget="ic_kommune"),
)
SCHEMA = Schema(PARAMS)
REQUIRED = ("need", "need_period", "access", "access_period", "weighting", "colour")


@dataclass(frozen=True)
class InverseCareState:
    need: str
    need_period: str
    access: str
    access_period: str
    weighting: str = "none"
    colour: str = "gruppe"
    kommune: int | None = None
    lang: str = "da"

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_params(self, context: Choices) -> dict[str, str]:
        return SCHEMA.to_params(self.values(), context)

    def with_(self, **changes: Any) -> "InverseCareState":
        return replace(self, **changes)


def parse_state(raw: Mapping[str, Any], context: Choices
                ) -> tuple[InverseCareState, list[str]]:
    """(state, notices) from raw query parameters; every invalid value -> default + notice."""
    values, notices = SCHEMA.parse(raw, context)
    return InverseCareState(**values), notices


def widget_values(state: InverseCareState) -> dict[str, Any]:
    return SCHEMA.widget_values(state.values())


def render_id(state: InverseCareState) -> str:
    """Names what the charts show; the map echoes it in `data-atlas` once drawn."""
    return "|".join(str(part) for part in (
        "ic", state.need, state.need_period, state.access, state.access_period,
        state.weighting, state.colour, state.kommune or "", state.lang))


# --- orientation --------------------------------------------------------------------------------
def need_sign(indicator: Indicator) -> int:
    """+1 when a higher value means more need, -1 when it means less (higher_better)."""
    return -1 if indicator.direction == "higher_better" else 1


def access_sign(indicator: Indicator) -> int:
    """+1 when a higher value means worse access (or no direction), -1 for higher_better."""
    return -1 if indicator.direction == "higher_better" else 1


def access_oriented(indicator: Indicator) -> bool:
    """False for an access indicator without a direction: no side of it is "worse"."""
    return indicator.direction != "neutral"


# --- the view model -----------------------------------------------------------------------------
@dataclass(frozen=True)
class PairRow:
    """One municipality of the pair (values None = no data)."""

    code: int
    name: str
    region: str
    group: str
    region_code: int
    group_code: int
    population: float | None
    need: float | None
    access: float | None
    need_text: str
    access_text: str
    need_class: int = -1          # oriented tertile 0..2 (2 = most need), -1 = not classed
    access_class: int = -1        # oriented tertile 0..2 (2 = worst access)
    hot_rank: int | None = None   # rank in the worst cell, 1 = highest

    @property
    def complete(self) -> bool:
        return self.need is not None and self.access is not None


@dataclass(frozen=True)
class HotSpot:
    rank: int
    code: int
    name: str
    need_text: str
    access_text: str
    link_params: dict[str, str]   # query parameters of the map page showing it


@dataclass(frozen=True)
class SelectedInfo:
    code: int
    name: str
    context_line: str
    lines: tuple[tuple[str, str], ...]   # (label, value)
    cell_text: str | None
    missing_text: str | None
    link_params: dict[str, str]
    link_label: str


@dataclass(frozen=True)
class InverseCareView:
    state: InverseCareState
    need: Indicator
    access: Indicator
    title: str
    why: str                       # Markdown: which pair and why
    period_line: str
    rows: tuple[PairRow, ...]      # all 98, by code
    choropleth: Choropleth
    hot_spots: tuple[HotSpot, ...]
    hot_title: str
    hot_intro: str
    selected: SelectedInfo | None
    permalink: dict[str, str]
    need_options: dict[str, str]
    access_options: dict[str, str]
    survey_notes: tuple[str, ...]
    population_period: str
    need_source: str
    access_source: str

    @property
    def complete_rows(self) -> tuple[PairRow, ...]:
        return tuple(row for row in self.rows if row.complete)

    @property
    def access_oriented(self) -> bool:
        return access_oriented(self.access)


def _value(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def _tertiles(values: Sequence[float]) -> tuple[int, ...]:
    """Tertile class (0..2) per value, by the map's quantile rule (ties share a class)."""
    if not values:
        return ()
    return classify(list(values), "quantiles", 3).classes


def _range_text(values: Sequence[float], indicator: Indicator, lang: str) -> str:
    if not values:
        return "—"
    low, high = min(values), max(values)
    return (f"{format_number(low, indicator.decimals, lang)} – "
            f"{format_number(high, indicator.decimals, lang)}")


def _cell_label(first: int, second: int, lang: str, oriented: bool) -> str:
    if oriented:
        return text("map.cell", lang, need=text(f"map.need.{first}", lang),
                    access=text(f"map.access.{second}", lang)).capitalize()
    return text("map.cell.neutral", lang, need=text(f"map.need.{first}", lang),
                access=text(f"map.value.{second}", lang)).capitalize()


def _pair_why(state: InverseCareState, context: Choices, lang: str) -> str:
    need, access = md(context.labels[state.need]), md(context.labels[state.access])
    if (state.need, state.access) != context.default_pair():
        return text("why.chosen", lang, need=need, access=access)
    if not context.preferred:
        return text("why.fallback", lang, need=need, access=access)
    why = text("why.default", lang, need=need, access=access)
    before = [p for p in pair_preferences() if p in context.skipped
              and pair_preferences().index(p) < pair_preferences().index(context.preferred[0])]
    if before:
        why += text("why.default_skipped", lang, pairs=", ".join(
            f"{md(context.labels.get(n, n))} × {md(context.labels.get(a, a))}"
            for n, a in before))
    return why


def _period_line(state: InverseCareState, need: Indicator, access: Indicator, lang: str) -> str:
    if state.need_period == state.access_period:
        return text("periods.same", lang, period=state.need_period)
    return text("periods.differ", lang, need=md(need.label(lang)), need_period=state.need_period,
                access=md(access.label(lang)), access_period=state.access_period)


def _options(ids: Sequence[str], context: Choices) -> dict[str, str]:
    return {ident: context.labels[ident] for ident in ids}


def map_link_params(code: int, need: str, lang: str) -> dict[str, str]:
    """The map page showing the municipality `code` with the need indicator."""
    return {"indicator": need, "kommune": str(code), "lang": lang}


def build_view(state: InverseCareState, context: Choices) -> InverseCareView:
    """Everything the page shows for `state` except the statistics (`statistics_view`)."""
    lang = state.lang
    need, access = context.indicators[state.need], context.indicators[state.access]
    frame = pair_queries.pair_values(state.need, state.need_period, state.access,
                                     state.access_period)
    base = []
    population_period = ""
    for rec in frame.to_dict("records"):
        need_value, access_value = _value(rec["first_value"]), _value(rec["second_value"])
        population_period = population_period or str(rec.get("population_period") or "")
        base.append(PairRow(
            code=int(rec["kommune_kode"]), name=str(rec["name"]), region=str(rec["region_name"]),
            group=group_name(rec["kommunegruppe_code"], str(rec["kommunegruppe_name"]), lang),
            region_code=int(rec["region_code"]),
            group_code=int(rec["kommunegruppe_code"]), population=_value(rec["population"]),
            need=need_value, access=access_value,
            need_text=format_value(need_value, need, lang),
            access_text=format_value(access_value, access, lang)))

    # oriented tertiles over the municipalities with both values
    complete = [row for row in base if row.complete]
    s_need, s_access = need_sign(need), access_sign(access)
    need_classes = _tertiles([s_need * row.need for row in complete])
    access_classes = _tertiles([s_access * row.access for row in complete])
    classed = {row.code: (nc, ac) for row, nc, ac in zip(complete, need_classes, access_classes)}

    # hot spots: the worst cell, ranked by the sum of oriented percentile ranks
    worst = [row for row in complete if classed[row.code] == WORST]
    need_rank = _percentile_ranks([s_need * row.need for row in complete])
    access_rank = _percentile_ranks([s_access * row.access for row in complete])
    score = {row.code: need_rank[i] + access_rank[i] for i, row in enumerate(complete)}
    ordered = sorted(worst, key=lambda row: (-score[row.code], row.name))
    hot_rank = {row.code: i + 1 for i, row in enumerate(ordered)}

    rows = tuple(replace(row, need_class=classed.get(row.code, (-1, -1))[0],
                         access_class=classed.get(row.code, (-1, -1))[1],
                         hot_rank=hot_rank.get(row.code)) for row in base)
    by_code = {row.code: row for row in rows}
    hot_spots = tuple(
        HotSpot(rank=hot_rank[row.code], code=row.code, name=row.name,
                need_text=row.need_text, access_text=row.access_text,
                link_params=map_link_params(row.code, state.need, lang))
        for row in ordered)

    oriented = access_oriented(access)
    need_source = source_text(need, lang, state.need_period)
    access_source = source_text(access, lang, state.access_period)
    choropleth = _bivariate(state, need, access, rows, lang, oriented, need_source,
                            access_source)

    survey_notes = tuple(text("stats.survey", lang, label=md(ind.label(lang)))
                         for ind in dict.fromkeys((need, access)) if ind.source == SURVEY_SOURCE)

    selected = None
    if state.kommune is not None and state.kommune in by_code:
        selected = _selected(by_code[state.kommune], state, need, access, lang, oriented)

    return InverseCareView(
        state=state, need=need, access=access,
        title=text("title", lang),
        why=_pair_why(state, context, lang),
        period_line=_period_line(state, need, access, lang),
        rows=rows, choropleth=choropleth, hot_spots=hot_spots,
        hot_title=text("hot.title" if oriented else "hot.title.neutral", lang),
        hot_intro=text("hot.intro", lang, n=len(hot_spots)) if hot_spots
        else text("hot.none", lang),
        selected=selected,
        permalink=state.to_params(context),
        need_options=_options(context.needs, context),
        access_options=_options(context.accesses, context),
        survey_notes=survey_notes,
        population_period=population_period,
        need_source=need_source, access_source=access_source,
    )


def _percentile_ranks(values: Sequence[float]) -> list[float]:
    """Average-rank percentiles (0..1] of `values` (ties share their mean rank)."""
    import pandas as pd

    return list(pd.Series(list(values), dtype=float).rank(pct=True, method="average"))


def _bivariate(state: InverseCareState, need: Indicator, access: Indicator,
               rows: Sequence[PairRow], lang: str, oriented: bool, need_source: str,
               access_source: str) -> Choropleth:
    need_members = {k: [r.need for r in rows if r.need_class == k] for k in range(3)}
    access_members = {k: [r.access for r in rows if r.access_class == k] for k in range(3)}
    map_rows = []
    for row in rows:
        cell = (_cell_label(row.need_class, row.access_class, lang, oriented)
                if row.need_class >= 0 else t("no_data", lang))
        map_rows.append({
            "kommune_kode": row.code, "name": row.name, "value": row.need,
            "first_class": row.need_class, "second_class": row.access_class,
            "tooltip": Tooltip(
                name=row.name, indicator_label=need.label(lang), value_text=row.need_text,
                rank_text=f"{access.label(lang)}: {row.access_text}",
                national_text=text("map.tooltip.cell", lang, cell=cell)),
        })
    n_missing = sum(1 for row in rows if not row.complete)
    notes = [text("map.no_data_line", lang, n=n_missing)] if n_missing else []
    notes.append(text("map.palette", lang, source=BIVARIATE_SOURCE))
    notes.append(text("map.boundaries", lang))
    second_title = (text("map.second_title", lang, label=access.label(lang)) if oriented
                    else text("map.second_title.neutral", lang, label=access.label(lang)))
    return build_bivariate_choropleth(
        map_rows, lang, title=text("map.title", lang),
        unit=f"{need.unit(lang)} × {access.unit(lang)}",
        period=f"{state.need_period} × {state.access_period}",
        first_title=text("map.first_title", lang, label=need.label(lang)),
        second_title=second_title,
        first_ticks=[_range_text(need_members[k], need, lang) for k in range(3)],
        second_ticks=[_range_text(access_members[k], access, lang) for k in range(3)],
        cell_label=lambda first, second: _cell_label(first, second, lang, oriented),
        outlined_cells=(WORST,),
        source_line=text("map.source_line", lang, need_source=md(need_source),
                         need_period=state.need_period, access_source=md(access_source),
                         access_period=state.access_period),
        notes=notes,
        legend_note=text("map.legend_note", lang) if oriented
        else text("map.legend_note.neutral", lang, access=access.label(lang)),
        selected=state.kommune, render_id=render_id(state))


def _selected(row: PairRow, state: InverseCareState, need: Indicator, access: Indicator,
              lang: str, oriented: bool) -> SelectedInfo:
    missing = [ind.label(lang) for ind, value in ((need, row.need), (access, row.access))
               if value is None]
    return SelectedInfo(
        code=row.code, name=row.name, context_line=f"{row.region} · {row.group}",
        lines=((need.label(lang), row.need_text), (access.label(lang), row.access_text)),
        cell_text=text("selected.cell", lang,
                       cell=_cell_label(row.need_class, row.access_class, lang, oriented))
        if row.need_class >= 0 else None,
        missing_text=text("selected.missing", lang, name=md(row.name),
                          what=" / ".join(md(m) for m in missing)) if missing else None,
        link_params=map_link_params(row.code, state.need, lang),
        link_label=text("selected.map_link", lang, name=md(row.name)),
    )


# --- statistics, the reading and the scatter ----------------------------------------------------
@dataclass(frozen=True)
class StatisticsView:
    result: statistics.PairStatistics
    reading: str                          # the one sentence (Markdown-safe)
    table: str                            # Markdown table
    table_note: str                       # the slopes' unit
    n_line: str
    excluded_line: str
    notes: tuple[str, ...]                # method, ecological fallacy, survey notes
    line: tuple[tuple[float, float], tuple[float, float]] | None   # drawn line, raw values


def _r(value: float, lang: str) -> str:
    return format_number(value, 2, lang)


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
              "r": _r(p.estimate, lang), "low": _r(p.interval.low, lang),
              "high": _r(p.interval.high, lang)}
    if p.interval.spans_zero:
        return text("reading.none", lang, **common)
    if s.interval.spans_zero:
        return text("reading.ranks", lang, slow=_r(s.interval.low, lang),
                    shigh=_r(s.interval.high, lang), **common)
    if not result.clear_relation:
        return text("reading.opposite", lang, need=need_label, access=access_label)
    sentence = text("reading.relation", lang,
                    direction=text("reading.higher" if p.estimate > 0 else "reading.lower",
                                   lang),
                    strength=text(f"reading.{strength(p.estimate)}", lang),
                    rho=_r(s.estimate, lang), **common)
    if access_oriented(access):
        oriented = p.estimate * need_sign(need) * access_sign(access)
        sentence += text("reading.inverse" if oriented > 0 else "reading.proportionate", lang)
    return sentence


def statistics_view(view: InverseCareView) -> StatisticsView:
    """The statistics of the pair (imports scipy and statsmodels on first use)."""
    lang = view.state.lang
    rows = view.rows
    result = statistics.pair_statistics(
        [row.need for row in rows], [row.access for row in rows],
        weights=[row.population for row in rows], labels=[row.name for row in rows])
    need, access = view.need, view.access

    def missing_what(excluded: statistics.Excluded) -> str:
        parts = {"x": need.label(lang), "y": access.label(lang),
                 "weight": text("stats.excluded.population", lang)}
        return " / ".join(parts[m] for m in excluded.missing)

    excluded = sorted(result.excluded, key=lambda e: e.label)
    excluded_line = (text("stats.excluded", lang, n=len(excluded), names=", ".join(
        text("stats.excluded.item", lang, name=md(e.label), what=md(missing_what(e)))
        for e in excluded)) if excluded else text("stats.excluded.none", lang))

    weighted = view.state.weighting == "population"
    table = _stats_table(result, need, access, lang, weighted)
    fit = result.wls if weighted else result.ols
    line = None
    if fit is not None:
        xs = [row.need for row in view.complete_rows]
        line = ((min(xs), fit.at(min(xs))), (max(xs), fit.at(max(xs))))
    notes = [text("stats.method", lang, population_period=view.population_period),
             text("stats.ecological", lang), *view.survey_notes]
    return StatisticsView(
        result=result, reading=reading(result, need, access, lang), table=table,
        table_note=text("stats.slope_note", lang, unit=md(text(
            "stats.slope_unit", lang, access=access.unit(lang), need=need.unit(lang)))),
        n_line=text("stats.n", lang, n=result.n), excluded_line=excluded_line,
        notes=tuple(notes), line=line)


def _stats_table(result: statistics.PairStatistics, need: Indicator, access: Indicator,
                 lang: str, weighted: bool) -> str:
    header = (f"| {text('stats.measure', lang)} | {text('stats.value', lang)} | "
              f"{text('stats.ci', lang)} | {text('stats.r2', lang)} |\n|---|---:|---:|---:|")
    if result.pearson is None:
        return header + "\n| — | — | — | — |"

    def span(low: float, high: float, fmt) -> str:
        return text("stats.range", lang, low=fmt(low, lang), high=fmt(high, lang))

    lines = [header]
    for key, corr in (("stats.pearson", result.pearson), ("stats.spearman", result.spearman)):
        lines.append(f"| {text(key, lang)} | {_r(corr.estimate, lang)} | "
                     f"{span(corr.interval.low, corr.interval.high, _r)} | |")
    for key, fit, drawn in (("stats.ols", result.ols, not weighted),
                            ("stats.wls", result.wls, weighted)):
        if fit is None:
            continue
        label = text(key, lang) + (text("stats.drawn", lang) if drawn else "")
        places = significant_decimals(fit.slope)

        def slope_text(value: float, lang: str, places: int = places) -> str:
            return format_number(value, places, lang)

        lines.append(f"| {label} | {slope_text(fit.slope, lang)} | "
                     f"{span(fit.slope_interval.low, fit.slope_interval.high, slope_text)} | "
                     f"{_r(fit.r_squared, lang)} |")
    return "\n".join(lines)


@dataclass(frozen=True)
class ScatterPoint:
    code: int
    name: str
    need: float
    access: float
    need_text: str
    access_text: str
    category: str
    population: float
    population_text: str
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
    note: str
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
                     population_text=format_number(row.population, 0, lang),
                     quadrant=text(f"quadrant.{keys[place]}", lang),
                     selected=row.code == state.kommune)
        for row, place in zip(complete, corners))
    need_orient = text("axis.need.reversed" if s_need < 0 else "axis.need", lang)
    access_orient = text("axis.access.neutral" if not oriented else
                         "axis.access.reversed" if s_access < 0 else "axis.access", lang)
    line_key = "scatter.line.population" if state.weighting == "population" \
        else "scatter.line.none"
    note = text("scatter.note", lang,
                need_median=md(format_value(x_median, need, lang)),
                access_median=md(format_value(y_median, access, lang)),
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


# --- the CSV ------------------------------------------------------------------------------------
CSV_COLUMNS = ("kommune_kode", "kommune", "region", "kommunegruppe", "population",
               "population_period", "need_indicator", "need_label", "need_period",
               "need_value", "need_unit", "need_source", "access_indicator", "access_label",
               "access_period", "access_value", "access_unit", "access_source",
               "need_tertile", "access_tertile", "hot_spot_rank",
               "need_value_full_precision", "access_value_full_precision")


def _rounded(value: float | None, indicator: Indicator) -> str:
    """A value in the indicator's own number format (its registry `format`), as every
    download writes it; the unrounded value has a column of its own."""
    return "" if value is None else number_text(value, indicator.decimals, "en")


def csv_text(view: InverseCareView) -> str:
    """The pair for all 98 municipalities, as shown: values in the indicator's number format
    and at full precision in the columns named so (empty = no data, never 0), periods, units,
    sources, the oriented tertiles (1 = least need / best access) and the hot-spot rank."""
    lang = view.state.lang
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in view.rows:
        writer.writerow([
            row.code, row.name, row.region, row.group,
            "" if row.population is None else int(row.population), view.population_period,
            view.need.id, view.need.label(lang), view.state.need_period,
            _rounded(row.need, view.need), view.need.unit(lang), view.need_source,
            view.access.id, view.access.label(lang), view.state.access_period,
            _rounded(row.access, view.access), view.access.unit(lang),
            view.access_source,
            "" if row.need_class < 0 else row.need_class + 1,
            "" if row.access_class < 0 else row.access_class + 1,
            "" if row.hot_rank is None else row.hot_rank,
            "" if row.need is None else repr(row.need),
            "" if row.access is None else repr(row.access),
        ])
    return out.getvalue()


def csv_filename(state: InverseCareState) -> str:
    return (f"omvendt-omsorg_{state.need}_{state.need_period}_{state.access}_"
            f"{state.access_period}.csv")


# --- the commission's chart ---------------------------------------------------------------------
@dataclass(frozen=True)
class CommissionPoint:
    name: str
    value: float
    value_text: str
    share_text: str
    group: str


@dataclass(frozen=True)
class CommissionView:
    title: str
    available: bool
    intro: str = ""
    points: tuple[CommissionPoint, ...] = ()
    groups: tuple[str, str] = ("", "")            # above, below
    group_medians: tuple[float, float] = (0.0, 0.0)
    summary: str = ""
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
                        value_text=format_value(rec["first_value"], value_ind, lang),
                        share_text=format_value(rec["second_value"], split_ind, lang),
                        group=above if rec["second_value"] > median_share else below)
        for rec in records)
    above_values = [p.value for p in points if p.group == above]
    below_values = [p.value for p in points if p.group == below]
    medians = (float(np.median(above_values)) if above_values else math.nan,
               float(np.median(below_values)) if below_values else math.nan)
    return CommissionView(
        title=title, available=True,
        intro=text("commission.intro", lang,
                   median=md(format_value(median_share, split_ind, lang))),
        points=points, groups=(above, below), group_medians=medians,
        summary=text("commission.summary", lang,
                     above_median=md(format_value(medians[0], value_ind, lang)),
                     below_median=md(format_value(medians[1], value_ind, lang)),
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


__all__ = ["STRINGS", "text", "Choices", "choices", "SCHEMA", "PARAMS", "REQUIRED",
           "InverseCareState", "parse_state", "widget_values", "render_id", "InverseCareView",
           "build_view", "StatisticsView", "statistics_view", "reading", "strength",
           "ScatterModel", "scatter_model", "csv_text", "csv_filename", "CommissionView",
           "commission_view", "need_sign", "access_sign", "access_oriented"]
