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
    # the overview of every registered pair (spatial statistics: atlas.stats.spatial)
    "overview.title": ("Omvendt omsorg: alle par af behov og adgang",
                       "Inverse care: every pair of need and access"),
    "overview.intro": (
        "Atlassets register fastlægger på forhånd {n} par af et behov og en adgang til "
        "sundhedsvæsenet. Her står de alle, i registrets rækkefølge; vælg et par for at se det "
        "kommune for kommune.",
        "The atlas's registry fixes {n} pairs of a need and an access to health care in "
        "advance. Here they all are, in the registry's order; choose a pair to see it "
        "municipality by municipality."),
    "overview.reading": (
        "Af {n} par med data viser {inverse} en klar sammenhæng i omvendt-omsorg-retningen "
        "(mere behov, ringere adgang), når der er taget højde for, at nabokommuner ligner "
        "hinanden; {none} viser ingen klar sammenhæng, og {opposite} en klar sammenhæng i den "
        "modsatte retning.",
        "Of {n} pairs with data, {inverse} show a clear relation in the inverse-care direction "
        "(more need, worse access) once neighbouring municipalities being alike is allowed "
        "for; {none} show no clear relation, and {opposite} a clear relation in the opposite "
        "direction."),
    "overview.reading.undirected": (
        " {undirected} har en adgang uden retning i registret og tælles ikke med i nogen "
        "retning.",
        " {undirected} have an access without a direction in the registry and count in "
        "neither direction."),
    "overview.reading.missing": (" {missing} registrerede par mangler data.",
                                 " {missing} registered pairs lack data."),
    "overview.reading.nothing": ("Ingen af registrets par har data i denne database.",
                                 "None of the registry's pairs has data in this database."),
    "overview.no_pick": (
        "Oversigten udvælger ikke det stærkeste par: parrene står i registrets rækkefølge, som "
        "er fastlagt, før tallene blev set.",
        "The overview does not pick the strongest pair: the pairs stand in the registry's "
        "order, fixed before the numbers were seen."),
    "overview.pair": ("{need} × {access}", "{need} × {access}"),
    "overview.periods": ("{need_period} · {access_period}", "{need_period} · {access_period}"),
    "overview.col.pair": ("Par (behov × adgang)", "Pair (need × access)"),
    "overview.col.rho": ("ρ", "ρ"),
    "overview.col.naive": ("Naivt 95 %-KI", "Naive 95 % CI"),
    "overview.col.adjusted": ("Rumligt justeret 95 %-KI", "Spatially adjusted 95 % CI"),
    "overview.col.n": ("n", "n"),
    "overview.col.n_eff": ("Effektivt n", "Effective n"),
    "overview.col.moran": ("Bivariat Morans I (p)", "Bivariate Moran's I (p)"),
    "overview.col.verdict": ("Dom (justeret)", "Verdict (adjusted)"),
    "overview.moran": ("{i} (p = {p})", "{i} (p = {p})"),
    "overview.missing.title": ("Registrerede par uden data", "Registered pairs without data"),
    "overview.missing.item": ("{pair}: ingen data for {what}", "{pair}: no data for {what}"),
    "overview.missing.problem": ("{pair}: for få kommuner med begge værdier",
                                 "{pair}: too few municipalities with both values"),
    "overview.detail": ("Se parrene kommune for kommune", "See the pairs municipality by "
                        "municipality"),
    "overview.link": ("{pair} ({periods})", "{pair} ({periods})"),
    "overview.back": ("Alle par", "All pairs"),
    "overview.notice": (
        "Linkets indikator «{value}» kan ikke vises (ukendt, uden data eller ikke et behov/en "
        "adgang); her er i stedet alle par.",
        "The link's indicator «{value}» cannot be shown (unknown, without data, or not a "
        "need/access); here are all pairs instead."),
    "overview.chart.x": ("Spearmans ρ, orienteret: over 0 = mere behov med ringere adgang",
                         "Spearman's ρ, oriented: above 0 = more need with worse access"),
    "overview.chart.naive": ("Naivt interval (n)", "Naive interval (n)"),
    "overview.chart.adjusted": ("Rumligt justeret interval (effektivt n)",
                                "Spatially adjusted interval (effective n)"),
    "overview.chart.kind": ("Interval", "Interval"),
    "overview.chart.verdict": ("Dom", "Verdict"),
    "verdict.inverse": ("klar sammenhæng: mere behov, ringere adgang",
                        "clear relation: more need, worse access"),
    "verdict.opposite": ("klar sammenhæng: mere behov, bedre adgang",
                         "clear relation: more need, better access"),
    "verdict.none": ("ingen klar sammenhæng", "no clear relation"),
    "verdict.undirected": ("klar sammenhæng (adgangen har ingen retning)",
                           "clear relation (the access has no direction)"),
    # the spatial method, stated
    "spatial.weights": (
        "Naboer: hver kommunes k = 5 nærmeste kommuner målt mellem kommunernes midtpunkter "
        "(centroider i EPSG:25832, meter), rækkestandardiseret (hver nabo vægter 1/5). Fælles "
        "grænse (kontiguitet) passer dårligt til Danmark: økommuner som Læsø, Samsø, Fanø, Ærø "
        "og Bornholm har ingen naboer over land. Vægtene bygges én gang pr. database (libpysal).",
        "Neighbours: each municipality's k = 5 nearest municipalities by the distance between "
        "their centroids (EPSG:25832, metres), row-standardised (each neighbour weighs 1/5). "
        "Shared borders (contiguity) fit Denmark badly: island municipalities such as Læsø, "
        "Samsø, Fanø, Ærø and Bornholm have no neighbours over land. The weights are built "
        "once per database (libpysal)."),
    "spatial.method": (
        "Intervallerne er Spearmans ρ med Fisher-z og Bonett-Wright-varians; det justerede "
        "bruger Dutilleuls modificerede t-test (effektiv stikprøvestørrelse) i stedet for n. "
        "Dommen følger det justerede interval. Morans I og klyngerne med PySAL esda (999 "
        "permutationer, fast frø); klyngerne med falsk-opdagelsesrate (Benjamini-Hochberg) 5 %.",
        "The intervals are Spearman's ρ with Fisher z and the Bonett-Wright variance; the "
        "adjusted one uses Dutilleul's modified t-test (effective sample size) instead of n. "
        "The verdict follows the adjusted interval. Moran's I and the clusters with PySAL esda "
        "(999 permutations, fixed seed); the clusters with a false discovery rate "
        "(Benjamini-Hochberg) of 5 %."),
    "spatial.references": ("Referencer: {references}", "References: {references}"),
    "how.title": ("Hvordan læser jeg det?", "How do I read this?"),
    "how.forest": (
        "Hver række er et par. Prikken er ρ; den tynde grå streg er det naive interval, den "
        "tykke blå det rumligt justerede. Krydser den blå streg den lodrette linje ved 0, er "
        "der ingen klar sammenhæng. Til højre for 0: mere behov følges med ringere adgang "
        "(omvendt omsorg); til venstre: med bedre adgang.",
        "Each row is a pair. The dot is ρ; the thin grey bar is the naive interval, the thick "
        "blue one the spatially adjusted interval. If the blue bar crosses the vertical line "
        "at 0, there is no clear relation. Right of 0: more need goes with worse access "
        "(inverse care); left of 0: with better access."),
    "meaning.rho": (
        "Spearmans ρ: følger kommunernes rækkefølge efter behov rækkefølgen efter adgang? "
        "+1 = helt, 0 = slet ikke, −1 = modsat.",
        "Spearman's ρ: does the municipalities' order by need follow their order by access? "
        "+1 = fully, 0 = not at all, −1 = the reverse."),
    "meaning.naive": (
        "Naivt 95 %-interval: usikkerheden, hvis kommunerne var uafhængige vidner; for smalt, "
        "når nabokommuner ligner hinanden.",
        "Naive 95 % interval: the uncertainty if the municipalities were independent "
        "witnesses; too narrow when neighbouring municipalities are alike."),
    "meaning.adjusted": (
        "Rumligt justeret 95 %-interval: usikkerheden, når der tages højde for, at "
        "nabokommuner ligner hinanden. Dommen følger det.",
        "Spatially adjusted 95 % interval: the uncertainty once neighbouring municipalities "
        "being alike is allowed for. The verdict follows it."),
    "meaning.n": ("n: antal kommuner med begge værdier.",
                  "n: the number of municipalities with both values."),
    "meaning.n_eff": (
        "Effektivt n: hvor mange uafhængige kommuner data svarer til, når naboer ligner "
        "hinanden (højst n).",
        "Effective n: how many independent municipalities the data are worth when neighbours "
        "are alike (at most n)."),
    "meaning.moran": (
        "Bivariat Morans I: ligner en kommunes behov dens naboers adgang? Over 0 = højt "
        "behov ligger ved naboer med ringe adgang; p fra 999 permutationer.",
        "Bivariate Moran's I: is a municipality's need like its neighbours' access? Above 0 = "
        "high need lies beside neighbours with poor access; p from 999 permutations."),
    "meaning.cluster": (
        "Klynge (lokal bivariat Moran): en kommune, hvis behov og naboers adgang hænger "
        "usædvanligt tæt sammen; kun klynger, der holder efter korrektion for 98 test på én "
        "gang, er farvet.",
        "Cluster (local bivariate Moran): a municipality whose need and its neighbours' access "
        "go together unusually closely; only clusters that hold after correcting for 98 tests "
        "at once are coloured."),
    "meaning.q": (
        "q-værdi: p-værdien korrigeret for, at alle kommuner testes på én gang "
        "(Benjamini-Hochberg); q ≤ 0,05 = signifikant klynge.",
        "q-value: the p-value corrected for testing every municipality at once "
        "(Benjamini-Hochberg); q ≤ 0.05 = significant cluster."),
    # the pair's spatial statistics (detail view)
    "stats.spatial": ("Spearmans ρ, orienteret · rumligt justeret KI",
                      "Spearman's ρ, oriented · spatially adjusted CI"),
    "stats.spatial_line": (
        "Rumligt justeret: effektivt n = {n_eff} af {n} (naivt 95 %-KI for den orienterede ρ "
        "{nlow} til {nhigh}); bivariat Morans I = {moran} (p = {p}). Orienteret: over 0 = "
        "mere behov med ringere adgang.",
        "Spatially adjusted: effective n = {n_eff} of {n} (naive 95 % CI of the oriented ρ "
        "{nlow} to {nhigh}); bivariate Moran's I = {moran} (p = {p}). Oriented: above 0 = "
        "more need with worse access."),
    "stats.position": (
        "Blandt alle {n} registrerede par med data: {inverse} med klar sammenhæng i "
        "omvendt-omsorg-retningen, {none} uden, {opposite} i den modsatte retning. Dette par: "
        "{verdict} (ρ = {rho}, rumligt justeret 95 %-KI {low} til {high}).",
        "Among all {n} registered pairs with data: {inverse} with a clear relation in the "
        "inverse-care direction, {none} without, {opposite} in the opposite direction. This "
        "pair: {verdict} (ρ = {rho}, spatially adjusted 95 % CI {low} to {high})."),
    "stats.position.unregistered": (
        "Parret er ikke et af registrets par; oversigten over dem viser {n} par med data.",
        "The pair is not one of the registry's pairs; their overview shows {n} pairs with "
        "data."),
    "reading.spatial.clear": (
        "På tværs af {n} kommuner går mere behov (målt ved {need}) typisk sammen med "
        "{direction} adgang (målt ved {access}): en {strength} sammenhæng, også når der "
        "tages højde for, at nabokommuner ligner hinanden (Spearmans ρ = {rho}, rumligt "
        "justeret 95 %-KI {low} til {high}, effektivt n = {n_eff}).",
        "Across {n} municipalities, more need (measured by {need}) tends to go with "
        "{direction} access (measured by {access}): a {strength} relation, also once "
        "neighbouring municipalities being alike is allowed for (Spearman's ρ = {rho}, "
        "spatially adjusted 95 % CI {low} to {high}, effective n = {n_eff})."),
    "reading.spatial.clear_undirected": (
        "På tværs af {n} kommuner går mere behov (målt ved {need}) typisk sammen med "
        "{direction} værdier af {access}: en {strength} sammenhæng, også når der tages højde "
        "for, at nabokommuner ligner hinanden (Spearmans ρ = {rho}, rumligt justeret 95 %-KI "
        "{low} til {high}, effektivt n = {n_eff}).",
        "Across {n} municipalities, more need (measured by {need}) tends to go with "
        "{direction} values of {access}: a {strength} relation, also once neighbouring "
        "municipalities being alike is allowed for (Spearman's ρ = {rho}, spatially adjusted "
        "95 % CI {low} to {high}, effective n = {n_eff})."),
    "reading.spatial.worse": ("ringere", "worse"),
    "reading.spatial.better": ("bedre", "better"),
    "reading.spatial.none": (
        "Ingen klar sammenhæng mellem behov (målt ved {need}) og adgang (målt ved {access}), "
        "når der tages højde for, at nabokommuner ligner hinanden: Spearmans ρ = {rho}, og det "
        "rumligt justerede 95 %-KI ({low} til {high}, effektivt n = {n_eff} af {n}) "
        "omfatter 0.",
        "No clear relation between need (measured by {need}) and access (measured by "
        "{access}) once neighbouring municipalities being alike is allowed for: Spearman's "
        "ρ = {rho}, and the spatially adjusted 95 % CI ({low} to {high}, effective n = {n_eff} "
        "of {n}) includes 0."),
    "reading.spatial.naive_clear": (
        " Det naive interval ({nlow} til {nhigh}) udelukker 0, men det regner kommunerne som "
        "uafhængige.",
        " The naive interval ({nlow} to {nhigh}) excludes 0, but it counts the municipalities "
        "as independent."),
    # tested hot spots: the local bivariate Moran cluster map
    "lisa.title": ("Testede brændpunkter: klynger af behov og adgang",
                   "Tested hot spots: clusters of need and access"),
    "lisa.high-high": ("Højt behov, naboer med ringe adgang",
                       "High need, neighbours with poor access"),
    "lisa.low-low": ("Lavt behov, naboer med god adgang", "Low need, neighbours with good access"),
    "lisa.high-low": ("Højt behov, naboer med god adgang (afviger)",
                      "High need, neighbours with good access (outlier)"),
    "lisa.low-high": ("Lavt behov, naboer med ringe adgang (afviger)",
                      "Low need, neighbours with poor access (outlier)"),
    "lisa.high-high.neutral": ("Højt behov, naboer med høj værdi",
                               "High need, neighbours with a high value"),
    "lisa.low-low.neutral": ("Lavt behov, naboer med lav værdi",
                             "Low need, neighbours with a low value"),
    "lisa.high-low.neutral": ("Højt behov, naboer med lav værdi (afviger)",
                              "High need, neighbours with a low value (outlier)"),
    "lisa.low-high.neutral": ("Lavt behov, naboer med høj værdi (afviger)",
                              "Low need, neighbours with a high value (outlier)"),
    "lisa.none": ("Ingen signifikant klynge", "No significant cluster"),
    "lisa.unit": ("Klynge (q ≤ 0,05)", "Cluster (q ≤ 0.05)"),
    "lisa.legend_note": (
        "Lokal bivariat Moran: kommunens behov mod naboernes adgang; 999 permutationer, "
        "Benjamini-Hochberg",
        "Local bivariate Moran: the municipality's need against its neighbours' access; 999 "
        "permutations, Benjamini-Hochberg"),
    "lisa.method": ("Test", "Test"),
    "lisa.tooltip": ("{cluster} (p = {p}, q = {q})", "{cluster} (p = {p}, q = {q})"),
    "lisa.tooltip.none": ("Ikke testet: mangler en værdi", "Not tested: a value is missing"),
    "lisa.summary": (
        "{significant} af {n} kommuner ligger i en signifikant klynge (q ≤ 0,05).",
        "{significant} of {n} municipalities lie in a significant cluster (q ≤ 0.05)."),
    "lisa.palette": ("Farver: Okabe & Ito, farveblindvenlige.",
                     "Colours: Okabe & Ito, colour-blind safe."),
    "mapkind": ("Kort", "Map"),
    "mapkind.tertiles": ("Beskrivende: tertiler", "Descriptive: tertiles"),
    "mapkind.clusters": ("Testede klynger (LISA)", "Tested clusters (LISA)"),
    "map.descriptive": (
        "Beskrivende: tertilerne er ikke testet. Det testede mål er klyngekortet (vælg "
        "«Testede klynger» over kortet).",
        "Descriptive: the tertiles are not tested. The tested measure is the cluster map "
        "(choose «Tested clusters» above the map)."),
    "hot.cluster": ("i signifikant klynge", "in a significant cluster"),
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
