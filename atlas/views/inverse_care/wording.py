"""The inverse-care view's words: the bilingual string table (`text`), the one-sentence
reading of a pair's statistics and Cohen's strength words. Never causal, and a relation is
claimed only when both correlations' intervals exclude zero on the same side."""

from __future__ import annotations

import math
from typing import Any

from atlas.i18n import format_number, pick
from atlas.registry import Indicator
from atlas.stats import pairs as statistics
from atlas.views.inverse_care.orientation import access_oriented, access_sign, need_sign
from atlas.views.text import md

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

def r_text(value: float, lang: str) -> str:
    """A correlation (or R²) with two decimals."""
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
