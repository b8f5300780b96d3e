"""The scenario page's words: its bilingual string table and the number formats its texts
share (Danish first, English too)."""

from __future__ import annotations

import functools
from typing import Any

from atlas.i18n import format_number, pick

TEXT: dict[str, tuple[str, str]] = {
    "page": ("Scenarier", "Scenarios"),
    "title": ("Scenarier: hvis en akutmodtagelse lukker eller en ny åbner",
              "Scenarios: if an acute hospital closes or a new one opens"),
    "intro": (
        "Start fra dagens {n} akutmodtagelser (døgnåbne). Luk en, opgradér en akutklinik til "
        "fuld akutfunktion eller tilføj et nyt akutsted, og se hvor langt borgerne i alle 98 "
        "kommuner får til nærmeste akutsted.",
        "Start from today's {n} acute receptions (open 24/7). Close one, upgrade an emergency "
        "clinic to a full acute function or add a new site, and see how far residents of all "
        "98 municipalities are from the nearest acute site."),
    "sidebar.scenario": ("Scenarie", "Scenario"),
    "off": ("Luk akutmodtagelser", "Close acute receptions"),
    "off.help": ("Dagens døgnåbne akutmodtagelser (hospitals.csv, akutmodtagelse).",
                 "Today's 24/7 acute receptions (hospitals.csv, akutmodtagelse)."),
    "on": ("Opgradér akutklinikker", "Upgrade emergency clinics"),
    "on.help": ("En akutklinik (begrænset åbningstid) regnes som fuld akutmodtagelse.",
                "An emergency clinic (limited hours) counts as a full acute reception."),
    "add.town": ("Nyt akutsted i en by", "New acute site in a town"),
    "add.town.placeholder": ("Vælg en by", "Choose a town"),
    "add.button": ("Tilføj akutsted", "Add acute site"),
    "add.click": ("… eller klik på kortet for at vælge et sted.",
                  "… or click the map to choose a place."),
    "add.clicked": ("Valgt sted: {lat}, {lon} (nær {town}).",
                    "Chosen place: {lat}, {lon} (near {town})."),
    "add.clicked.button": ("Tilføj det valgte sted", "Add the chosen place"),
    "add.clicked.name": ("Nyt akutsted ved {town}", "New acute site near {town}"),
    "add.list": ("Nye akutsteder", "New acute sites"),
    "add.list.help": ("Fjern et sted ved at fravælge det.", "Remove a site by deselecting it."),
    "add.full": ("Højst {n} nye akutsteder.", "At most {n} new acute sites."),
    "reset": ("Nulstil scenariet", "Reset the scenario"),
    "map.mode": ("Kort", "Map"),
    "map.change": ("Ændring i afstand", "Change in distance"),
    "map.clusters": ("Sundhedsklynger i scenariet", "Health clusters in the scenario"),
    "map.clusters-today": ("Sundhedsklynger i dag", "Health clusters today"),
    "no_change": ("Intet er ændret endnu: kortet viser dagens struktur. Vælg en ændring i "
                  "sidepanelet.",
                  "Nothing has changed yet: the map shows today's structure. Choose a change "
                  "in the sidebar."),
    "no_site": ("Alle akutsteder er lukket i dette scenarie, så der er intet nærmeste "
                "akutsted at måle til. Åbn mindst ét sted igen (eller nulstil scenariet).",
                "Every acute site is closed in this scenario, so there is no nearest site to "
                "measure to. Open at least one site again (or reset the scenario)."),
    "summary": ("{n_active} akutsteder i scenariet (i dag {n_today}): {closed} lukket, "
                "{upgraded} opgraderet, {added}.",
                "{n_active} acute sites in the scenario (today {n_today}): {closed} closed, "
                "{upgraded} upgraded, {added}."),
    # "nyt" (et akutsted) for one, "nye" for more: chosen by the language's plural rule
    "summary.added.one": ("{n} nyt", "{n} new"),
    "summary.added.other": ("{n} nye", "{n} new"),
    "metric.mean": ("Gennemsnitlig afstand, hele landet", "Mean distance, all of Denmark"),
    "metric.over": ("Andel over 30 km", "Share over 30 km"),
    "metric.out": ("Borgere der kommer over 30 km", "Residents pushed beyond 30 km"),
    "metric.in": ("Borgere der kommer inden for 30 km", "Residents brought within 30 km"),
    "metric.mean.help": ("Befolkningsvægtet gennemsnit af luftlinjeafstanden til nærmeste "
                         "akutsted; ændringen i forhold til i dag.",
                         "Population-weighted mean straight-line distance to the nearest "
                         "acute site; the change against today."),
    "points": ("{n} %-point", "{n} percentage points"),
    "metric.affected": ("{n} borgere i {m} får en anden afstand.",
                        "{n} residents in {m} get a different distance."),
    "off.placeholder": ("Vælg akutmodtagelser", "Choose acute receptions"),
    "on.placeholder": ("Vælg akutklinikker", "Choose emergency clinics"),
    "legend.change.unit": ("Ændring i afstand til nærmeste akutsted (km)",
                           "Change in distance to the nearest acute site (km)"),
    "legend.change.method": ("Faste grænser omkring 0", "Fixed bounds around 0"),
    "legend.change.note": ("Rød = længere væk, blå = tættere på, lys = uændret",
                           "Red = further away, blue = closer, light = unchanged"),
    "class.much_shorter": ("mindst {b} km tættere på", "at least {b} km closer"),
    "class.shorter": ("{a}–{b} km tættere på", "{a}–{b} km closer"),
    "class.little_shorter": ("under {b} km tættere på", "less than {b} km closer"),
    "class.unchanged": ("uændret (under {b} km)", "unchanged (under {b} km)"),
    "class.little_longer": ("under {b} km længere væk", "less than {b} km further"),
    "class.longer": ("{a}–{b} km længere væk", "{a}–{b} km further"),
    "class.much_longer": ("mindst {b} km længere væk", "at least {b} km further"),
    "legend.clusters.unit": ("Sundhedsklynger: nærmeste akutsted for flest borgere",
                             "Health clusters: nearest acute site for most residents"),
    "legend.clusters.method": ("Afstandsbaseret tilnærmelse", "Distance-based approximation"),
    "legend.clusters.note": ("ikke regionernes officielle optageområder",
                             "not the regions' official catchment areas"),
    "legend.cluster.row": ("{site} · {population} indb.", "{site} · {population} residents"),
    "tip.distance": ("Afstand til nærmeste akutsted", "Distance to the nearest acute site"),
    "tip.change": ("{today} → {scenario} km ({change} km)",
                   "{today} → {scenario} km ({change} km)"),
    "tip.over": ("Over 30 km: {today} % → {scenario} %", "Over 30 km: {today} % → {scenario} %"),
    "tip.affected": ("Berørte borgere: {n}", "Residents affected: {n}"),
    "tip.island": ("Færgeø: den reelle rejse er længere", "Ferry island: real travel is longer"),
    "tip.cluster": ("Sundhedsklynge", "Health cluster"),
    "tip.cluster.today": ("I dag: {site}", "Today: {site}"),
    "tip.cluster.same": ("Samme klynge som i dag", "Same cluster as today"),
    "tip.cluster.population": ("Klyngens befolkning: {n}", "Cluster population: {n}"),
    "point.today": ("døgnåben akutmodtagelse", "24/7 acute reception"),
    "point.upgraded": ("akutklinik, opgraderet i scenariet", "emergency clinic, upgraded"),
    "point.added": ("nyt akutsted i scenariet", "new acute site in the scenario"),
    "point.confidence.high": ("placering sikker", "position reliable"),
    "point.confidence.medium": ("placering omtrentlig", "position approximate"),
    "point.confidence.low": ("placering anslået (op til ca. 2 km)",
                             "position estimated (up to about 2 km)"),
    "point.confidence.user": ("placering valgt i scenariet", "position chosen in the scenario"),
    "notes.points": ("Prikkerne er scenariets akutsteder; lukkede steder vises ikke.",
                     "The dots are the scenario's acute sites; closed sites are not shown."),
    "notes.inset": ("Bornholm er flyttet ind i rammen øverst til højre.",
                    "Bornholm is moved into the frame at the top right."),
    "table.title": ("Mest berørte kommuner", "Most affected municipalities"),
    "table.caption": (
        "Rangeret efter ændringen i befolkningsvægtet afstand. ⚠ = længere væk og i den "
        "fjerdedel af kommunerne med størst behov på mindst én af behovsindikatorerne.",
        "Ranked by the change in population-weighted distance. ⚠ = further away and among "
        "the quarter of municipalities with the highest need on at least one need "
        "indicator."),
    "table.none": ("Ingen kommune får en anden afstand i dette scenarie.",
                   "No municipality's distance changes in this scenario."),
    "col.flag": ("⚠", "⚠"),
    "col.municipality": ("Kommune", "Municipality"),
    "col.change": ("Ændring (km)", "Change (km)"),
    "col.today": ("I dag (km)", "Today (km)"),
    "col.scenario": ("Scenarie (km)", "Scenario (km)"),
    "col.over": ("Over 30 km (%)", "Over 30 km (%)"),
    "col.affected": ("Berørte borgere", "Residents affected"),
    "col.crossing": ("Borgere over 30 km, ændring", "Residents beyond 30 km, change"),
    "col.nearest": ("Nærmeste akutsted i scenariet", "Nearest acute site in the scenario"),
    "col.island": ("Færgeø", "Ferry island"),
    "clusters.title": ("Sundhedsklynger", "Health clusters"),
    "clusters.approximation": (
        "Afstandsbaseret tilnærmelse, ikke regionernes officielle optageområder: hver kommune "
        "hører til det akutsted, der er nærmest for flest af dens borgere (luftlinje). "
        "Klyngens tal er befolkningsvægtede gennemsnit af kommunernes værdier.",
        "A distance-based approximation, not the regions' official catchment areas: each "
        "municipality belongs to the acute site that is nearest for most of its residents "
        "(straight line). A cluster's figures are population-weighted means of its "
        "municipalities' values."),
    "clusters.scenario": ("I scenariet", "In the scenario"),
    "clusters.today": ("I dag", "Today"),
    "clusters.moved": ("Kommuner der skifter klynge", "Municipalities that change cluster"),
    "clusters.moved.none": ("Ingen kommune skifter klynge.", "No municipality changes cluster."),
    "col.site": ("Akutsted", "Acute site"),
    "col.n": ("Kommuner", "Municipalities"),
    "col.population": ("Befolkning", "Population"),
    "col.distance": ("Afstand (km)", "Distance (km)"),
    "col.members": ("Kommunerne", "The municipalities"),
    "col.from": ("Fra", "From"),
    "col.to": ("Til", "To"),
    "method.title": ("Metode", "Method"),
    "method.text": (
        "- **Luftlinje**, ikke vej- eller færgerejse: afstanden er storcirkelafstanden "
        "(haversine) fra hvor borgerne bor til nærmeste aktive akutsted.\n"
        "- **Befolkningspunkter**: hver kommunes befolkning (DST FOLK1A) er placeret i byer med "
        "indbyggertal (GeoNames; højst 90 % af kommunens befolkning), resten jævnt over et "
        "2 km-net over kommunens land. Kommunens afstand er det befolkningsvægtede gennemsnit; "
        "andelen over 30 km er vægten af punkter længere væk end 30 km. Punkterne og stederne "
        "gemmes ved opbygningen, så et scenarie kun genberegner afstande (ingen geometri), og "
        "et scenarie uden ændringer giver præcis atlassets egne tal.\n"
        "- **Akutstedernes placering**: flere sygehuse er anslået inden for byen (op til ca. "
        "2 km fra den rigtige adresse); et nyt sted i en by placeres i byens punkt, et klik på "
        "kortet hvor du klikker.\n"
        "- **Færgeøer** (Bornholm, Læsø, Samsø, Fanø, Ærø) måles over vandet i luftlinje; den "
        "reelle rejse med færge, helikopter eller fly er længere. De er markeret i tabellen.\n"
        "- **Sundhedsklynger** er en afstandsbaseret tilnærmelse (nærmeste sted for flest "
        "borgere), ikke regionernes optageområder; det nærmeste akutsted er ikke "
        "nødvendigvis det, en borger visiteres til.",
        "- **Straight line**, not road or ferry travel: the distance is the great-circle "
        "(haversine) distance from where residents live to the nearest active acute site.\n"
        "- **Population points**: each municipality's population (DST FOLK1A) is placed at "
        "towns with populations (GeoNames; at most 90 % of the municipality's population), the "
        "rest evenly over a 2 km grid across its land. A municipality's distance is the "
        "population-weighted mean; the share over 30 km is the weight of points farther than "
        "30 km. The points and sites are stored by the build, so a scenario only recomputes "
        "distances (no geometry), and a scenario with no change gives exactly the atlas's own "
        "figures.\n"
        "- **Site precision**: several hospitals are estimated within their town (up to about "
        "2 km from the real address); a new site in a town is placed at the town's point, a "
        "map click where you click.\n"
        "- **Ferry islands** (Bornholm, Læsø, Samsø, Fanø, Ærø) are measured across the water "
        "in a straight line; real travel by ferry, helicopter or plane is longer. The table "
        "marks them.\n"
        "- **Health clusters** are a distance-based approximation (the nearest site for most "
        "residents), not the regions' catchment areas; the nearest acute site is not "
        "necessarily the one a resident is referred to."),
    "notice.item": ("Scenarieparameteren «{param}»: «{value}» kan ikke bruges og er sprunget "
                    "over ({why}).",
                    "Scenario parameter “{param}”: “{value}” cannot be used and was skipped "
                    "({why})."),
    "why.off": ("ikke en af dagens akutmodtagelser", "not one of today's acute receptions"),
    "why.on": ("ikke en akutklinik", "not an emergency clinic"),
    "why.add": ("forventet bredde,længde,navn inden for Danmark",
                "expected latitude,longitude,name within Denmark"),
    "why.add.full": ("højst {n} nye steder", "at most {n} new sites"),
    "share": ("Del scenariet", "Share the scenario"),
    "share.help": ("Linket genskaber præcis dette scenarie.",
                   "The link recreates exactly this scenario."),
    "source": ("Kilde: atlassets beregning (luftlinje) ud fra akutstederne i hospitals.csv "
               "(status 2026), befolkningen (Danmarks Statistik, FOLK1A) og byer (GeoNames). "
               "Kommunegrænser: DAGI (forenklet).",
               "Source: the atlas's calculation (straight line) from the acute sites in "
               "hospitals.csv (status 2026), the population (Statistics Denmark, FOLK1A) and "
               "towns (GeoNames). Municipal boundaries: DAGI (simplified)."),
}


def text(key: str, lang: str, /, **values: Any) -> str:
    return pick(TEXT, key, lang, **values)



def page_title(lang: str) -> str:
    """The page's name in the app's navigation."""
    return text("page", lang)


@functools.lru_cache(maxsize=16384)
def number_text(value: Any, decimals: int, lang: str) -> str:
    """format_number, remembered: most of a scenario's numbers (today's values, unchanged
    municipalities) repeat from one repaint to the next, and Babel takes ~0.1 ms a number."""
    return format_number(value, decimals, lang)


def signed_text(value: float, decimals: int, lang: str) -> str:
    text_ = number_text(value, decimals, lang)
    return f"+{text_}" if value > 0 and text_.strip("0,.") else text_
