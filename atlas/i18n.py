"""Two languages for every UI string, and number formatting for each.

Danish is the default; English on `?lang=en`. Pure (no Streamlit import): the view layer, the
renderers and the tests use it; the Streamlit language switch lives in atlas.ui.

    t("map.title", "en")                         -> "Map"
    t("notice.invalid_param", "da", param="k", value="9", default="5")
    format_number(1234.56, 1, "da")              -> "1.234,6"
    format_number(1234.56, 1, "en")              -> "1,234.6"
    format_value(None, indicator, "da")          -> "ingen data"

Rounding is half-up on the decimal value as written (2.675 -> 2.68), never banker's rounding,
so a figure reads the same as in the source table. Missing values (None, NaN, pandas NA) are
"ingen data" / "no data", never 0.
"""

from __future__ import annotations

import math
import re
import sys
import threading
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Any, Mapping

from babel import Locale
from babel import dates as babel_dates
from babel.numbers import NumberPattern, parse_pattern

LANGS = ("da", "en")
DEFAULT_LANG = "da"
LANG_NAMES = {"da": "Dansk", "en": "English"}

# key -> (Danish, English). Keys are dotted by area; `{name}` fields are filled by t(**kwargs).
STRINGS: dict[str, tuple[str, str]] = {
    # general
    "app.title": ("Ulighedsatlas", "Inequality Atlas"),
    "app.tagline": ("Geografisk ulighed i sundhed i Danmarks 98 kommuner",
                    "Geographic health inequality across Denmark's 98 municipalities"),
    "no_data": ("ingen data", "no data"),
    "language": ("Sprog", "Language"),
    "all": ("Alle", "All"),
    "none": ("Ingen", "None"),
    "municipality": ("Kommune", "Municipality"),
    "municipalities": ("kommuner", "municipalities"),
    "region": ("Region", "Region"),
    "kommunegruppe": ("Kommunegruppe", "Municipality group"),
    "denmark": ("Hele landet", "Denmark"),
    "source": ("Kilde", "Source"),
    "sources": ("Kilder", "Sources"),
    "period": ("Periode", "Period"),
    "periods": ("Perioder", "Periods"),
    "unit": ("Enhed", "Unit"),
    "direction": ("Retning", "Direction"),
    "role": ("Rolle", "Role"),
    "definition": ("Definition", "Definition"),
    "caveats": ("Forbehold", "Caveats"),
    "licence": ("Licens", "Licence"),
    "publisher": ("Udgiver", "Publisher"),
    "table": ("Tabel", "Table"),
    "db.missing": ("Atlassets database er ikke bygget endnu.",
                   "The atlas database has not been built yet."),
    "db.missing.howto": (
        "Byg den fra kildedata med `atlas build` (eller start atlasset med "
        "`bash run.sh app`, som bygger den først), og genindlæs siden.",
        "Build it from the source data with `atlas build` (or start the atlas with "
        "`bash run.sh app`, which builds it first), then reload the page."),
    "db.outdated": ("Atlassets database er bygget af en ældre version af atlasset og mangler "
                    "noget, som siderne læser.",
                    "The atlas database was built by an older version of the atlas and lacks "
                    "something the pages read."),
    "db.outdated.howto": (
        "Byg den igen fra kildedata med `atlas build` (eller genstart atlasset med "
        "`bash run.sh app`, som bygger den igen), og genindlæs siden.",
        "Rebuild it from the source data with `atlas build` (or restart the atlas with "
        "`bash run.sh app`, which rebuilds it), then reload the page."),
    "page.presenter": ("Præsentation", "Presentation"),
    "page.inverse_care": ("Omvendt omsorg", "Inverse care"),
    "map.profile": ("Åbn kommunens profil →", "Open the municipality's profile →"),
    "embed.code": ("Indlejr i en artikel (kopiér koden):",
                   "Embed in an article (copy the code):"),
    "embed.open_full": ("Se hele visningen i Ulighedsatlas →",
                        "See the full view in Ulighedsatlas →"),
    "share": ("Del", "Share"),
    "share.link": ("Link til denne visning", "Link to this view"),
    # roles (registry `role`)
    "role.need": ("Behov", "Need"),
    "role.supply": ("Tilbud", "Supply"),
    "role.outcome": ("Udfald", "Outcome"),
    "role.context": ("Kontekst", "Context"),
    # directions (registry `direction`)
    "direction.higher_better": ("Højere er bedre", "Higher is better"),
    "direction.higher_worse": ("Højere er dårligere", "Higher is worse"),
    "direction.neutral": ("Hverken bedre eller dårligere: et mål for behov eller kontekst",
                          "Neither better nor worse: a measure of need or context"),
    "legend.darker.worse": ("Mørkere farve = dårligere", "Darker colour = worse"),
    "legend.darker.higher": ("Mørkere farve = højere værdi (ingen vurdering)",
                             "Darker colour = higher value (no judgement)"),
    "rank.best_first": ("1 = bedst", "1 = best"),
    "rank.highest_first": ("1 = højest", "1 = highest"),
    # national reference methods (registry `national`)
    "map.hospitals_line": (
        "Prikker: de {n} akutmodtagelser (døgnåbne), som afstanden måles til "
        "(hospitals.csv, status 2026; hold musen over for navn og placeringens sikkerhed).",
        "Dots: the {n} 24/7 acute receptions the distance is measured to (hospitals.csv, "
        "status 2026; hover for the name and how certain the site is)."),
    "map.hospital.confidence.high": ("placering fra kilde", "site from a source"),
    "map.hospital.confidence.medium": ("placering tilnærmet (ca. 200 m)",
                                       "site approximate (about 200 m)"),
    "map.hospital.confidence.low": ("placering anslået i byen (op til ca. 2 km)",
                                    "site estimated within the town (up to about 2 km)"),
    "national.population_weighted_mean": (
        "befolkningsvægtet gennemsnit af de {n} kommuner med data",
        "population-weighted mean of the {n} municipalities with data"),
    "national.sum": ("summen af de {n} kommuner med data",
                     "sum of the {n} municipalities with data"),
    "national.median": ("medianen af de {n} kommuner med data",
                        "median of the {n} municipalities with data"),
    # classification
    "classification": ("Klassedeling", "Classification"),
    "classification.quantiles": ("Kvantiler", "Quantiles"),
    "classification.jenks": ("Naturlige brud", "Natural breaks"),
    "classification.equal": ("Lige intervaller", "Equal intervals"),
    "classification.help": (
        "Kvantiler: lige mange kommuner i hver klasse. Naturlige brud (Fisher–Jenks): grænser "
        "hvor data springer. Lige intervaller: samme bredde på hver klasse.",
        "Quantiles: the same number of municipalities in each class. Natural breaks "
        "(Fisher–Jenks): limits where the data jumps. Equal intervals: every class equally "
        "wide."),
    "classes": ("Antal klasser", "Number of classes"),
    "classes.reduced": (
        "Kun {k} klasser: data har ikke flere forskellige værdier.",
        "Only {k} classes: the data has no more distinct values."),
    # map page
    "page.map": ("Kort", "Map"),
    "page.about": ("Om data", "About the data"),
    "page.data": ("Datastatus", "Data status"),
    # the data-status page
    "data.title": ("Datastatus", "Data status"),
    "data.built": ("Databasen er bygget {date} fra `{sources}` (Ulighedsatlas {version}).",
                   "Database built {date} from `{sources}` (Ulighedsatlas {version})."),
    "data.core": ("Kerneindikatorer", "Core indicators"),
    "data.core.loaded": (
        ":material/check_circle: **{label}** — indlæst, seneste periode {period}, "
        "{n} kommuner med en værdi",
        ":material/check_circle: **{label}** — loaded, latest period {period}, "
        "{n} municipalities with a value"),
    "data.core.missing": (":material/warning: **{label}** — findes ikke i denne database",
                          ":material/warning: **{label}** — not in this database"),
    "data.howto.online": ("Online: `atlas fetch {options}` og derefter `{rebuild}`. ",
                          "Online: `atlas fetch {options}` then `{rebuild}`. "),
    "data.howto.own_file": (
        "Egen fil (CSV/XLSX med kommunekode eller -navn og en værdi): siden *Egne data*, "
        "eller `atlas import FIL.csv --indicator {indicator}` og derefter `{rebuild}`.",
        "Your own file (CSV/XLSX with municipality code or name and a value): the *Your own "
        "data* page, or `atlas import FILE.csv --indicator {indicator}` then `{rebuild}`."),
    "data.indicators": ("Indikatorer", "Indicators"),
    "data.municipalities": ("Kommuner ({n})", "Municipalities ({n})"),
    "data.sources": ("Kilder", "Sources"),
    "data.col.indicator": ("Indikator", "Indicator"),
    "data.col.role": ("Rolle", "Role"),
    "data.col.direction": ("Retning", "Direction"),
    "data.col.unit": ("Enhed", "Unit"),
    "data.col.periods": ("Perioder", "Periods"),
    "data.col.n_latest": ("Kommuner med data (seneste)", "Municipalities with data (latest)"),
    "data.col.publisher": ("Udgiver", "Publisher"),
    "data.col.table": ("Tabel", "Table"),
    "data.col.code": ("Kode", "Code"),
    "data.col.name": ("Navn", "Name"),
    "data.col.group": ("Kommunegruppe", "Municipality group"),
    "data.col.population": ("Folketal ({period})", "Population ({period})"),
    "data.col.area": ("Areal km²", "Area km²"),
    "data.col.island": ("Ø uden fast forbindelse", "Ferry-only island"),
    "data.col.title": ("Titel", "Title"),
    "data.col.n_values": ("Værdier i atlasset", "Values in atlas"),
    "page.upload": ("Egne data", "Your own data"),
    "map.title": ("Kort", "Map"),
    "map.indicator": ("Indikator", "Indicator"),
    "map.indicator.help": ("Skriv for at søge. Grupperet efter rolle: behov, tilbud, udfald "
                           "og kontekst.",
                           "Type to search. Grouped by role: need, supply, outcome and "
                           "context."),
    "map.indicator.missing": (
        "{n} registrerede indikatorer har endnu ingen data i databasen og vises ikke: {names}.",
        "{n} registered indicators have no data in the database yet and are not shown: "
        "{names}."),
    "map.period.single": ("Periode: {period}", "Period: {period}"),
    "map.filters": ("Fremhæv", "Highlight"),
    "map.filter.region": ("Region", "Region"),
    "map.filter.gruppe": ("Kommunegruppe", "Municipality group"),
    "map.filter.all_regions": ("Alle regioner", "All regions"),
    "map.filter.all_groups": ("Alle kommunegrupper", "All municipality groups"),
    "map.filter.active": ("Fremhævet: {what} ({n} kommuner). Resten er nedtonet.",
                          "Highlighted: {what} ({n} municipalities). The rest are faded."),
    "map.view": ("Udsnit", "View"),
    "map.view.dk": ("Hele landet", "All of Denmark"),
    "map.view.kbh": ("Hovedstadsområdet", "Copenhagen area"),
    "map.options": ("Kortindstillinger", "Map settings"),
    "map.tiles": ("Baggrundskort (kræver internet)", "Background map (needs internet)"),
    "map.tiles.none": ("Intet", "None"),
    "map.tiles.failed": (
        "Baggrundskortet kan ikke hentes (ingen internetforbindelse?). Kortets tal og "
        "kommunegrænser virker uden det.",
        "The background map cannot be loaded (no internet connection?). The map's figures and "
        "municipal borders work without it."),
    "map.tiles.osm": ("OpenStreetMap", "OpenStreetMap"),
    "map.tiles.help": (
        "Uden baggrundskort virker kortet helt uden internet. Med baggrundskort vises "
        "Bornholm på sin rigtige plads i stedet for i en indsat boks.",
        "Without a background map the map works with no internet at all. With one, Bornholm "
        "is shown in its true place instead of in an inset box."),
    "map.inset_note": ("Bornholm er vist i en boks øverst til højre.",
                       "Bornholm is shown in a box at the top right."),
    "map.legend": ("Signaturforklaring", "Legend"),
    "map.legend.count": ("{n} kommuner", "{n} municipalities"),
    "map.legend.count_one": ("1 kommune", "1 municipality"),
    "map.select": ("Vælg kommune", "Choose a municipality"),
    "map.rank": ("Nr. {rank} af {n}", "No. {rank} of {n}"),
    "map.rank.none": ("Ingen placering (ingen data)", "No rank (no data)"),
    "map.national": ("Hele landet", "Denmark"),
    "map.group_avg": ("Gennemsnit, {group}", "Average, {group}"),
    "map.region_avg": ("Gennemsnit, {region}", "Average, {region}"),
    "map.share": ("Del kortet", "Share this map"),
    "map.share.help": ("Linket gengiver præcis dette kort: indikator, periode, klasser, "
                       "fremhævning, valgt kommune og sprog. Kopiér det med knappen.",
                       "The link reproduces exactly this map: indicator, period, classes, "
                       "highlight, selected municipality and language. Copy it with the button."),
    "map.source_line": ("Kilde: {source}. Periode: {period}. Enhed: {unit}.",
                        "Source: {source}. Period: {period}. Unit: {unit}."),
    "map.national_line": ("Landsværdi: {value} ({method}).",
                          "National value: {value} ({method})."),
    "map.no_data_line": ("{n} kommuner uden data vises skraveret; de indgår ikke i nogen klasse.",
                         "{n} municipalities without data are hatched; they are in no class."),
    "map.boundaries": ("Kommunegrænser: Indeholder data fra Styrelsen for Dataforsyning og "
                       "Infrastruktur, DAGI (forenklet).",
                       "Municipal boundaries: contains data from the Danish Agency for Data "
                       "Supply and Infrastructure, DAGI (simplified)."),
    "map.about_link": ("Om data: definitioner, kilder og licenser", "About the data: "
                       "definitions, sources and licences"),
    "map.no_indicators": ("Databasen har ingen indikatorer med data.",
                          "The database has no indicators with data."),
    "map.assets_missing": (
        "Kortets JavaScript-filer (Leaflet) mangler i static/vendor/. Hent dem med "
        "`bash scripts/fetch_vendor_assets.sh` og genindlæs siden.",
        "The map's JavaScript files (Leaflet) are missing from static/vendor/. Fetch them "
        "with `bash scripts/fetch_vendor_assets.sh` and reload the page."),
    # tooltip
    "tooltip.rank": ("Nr. {rank} af {n} ({note})", "No. {rank} of {n} ({note})"),
    "tooltip.national": ("Hele landet (atlassets eget tal): {value}",
                         "Denmark (the atlas's own figure): {value}"),
    # notices for invalid query parameters
    "notice.invalid_param": (
        "Linkets værdi for «{param}» («{value}») kan ikke bruges. Viser i stedet: {default}.",
        "The link's value for “{param}” (“{value}”) cannot be used. Showing instead: "
        "{default}."),
    "notice.more": ("… og {n} andre dele af linket kan heller ikke bruges.",
                    "… and {n} more parts of the link cannot be used either."),
    "notice.clamped": (
        "Linkets værdi for «{param}» ({value}) ligger uden for {low}–{high}. Viser i stedet: "
        "{used}.",
        "The link's value for “{param}” ({value}) lies outside {low}–{high}. Showing "
        "instead: {used}."),
    "notice.no_data_indicator": (
        "Indikatoren «{value}» har endnu ingen data i databasen. Viser i stedet: {default}.",
        "The indicator “{value}” has no data in the database yet. Showing instead: "
        "{default}."),
    # --- issue 13: front page, navigation, coverage, place names, translations -------------
    "map.intro": (
        "**Ulighedsatlas** viser sundhed, behov og adgang til sundhedsvæsenet i Danmarks 98 "
        "kommuner, så det kan efterprøves, om *den omvendte omsorgslov* gælder: at de, der har "
        "mest brug for sundhedsvæsenet, får mindst af det.",
        "**The Inequality Atlas** shows health, need and access to care in Denmark's 98 "
        "municipalities, so you can check whether the *inverse care law* holds: that those "
        "who need care most get the least of it."),
    "notice.page_not_found": (
        "Den adresse findes ikke i atlasset. Her er kortet i stedet.",
        "That address does not exist in the atlas. Here is the map instead."),
    "notice.town": (
        "Byen i linket ligger i {value}; vælg kommunen på listen. Viser i stedet: {default}.",
        "The town in the link lies in {value}; choose the municipality in the list. Showing "
        "instead: {default}."),
    "notice.unknown_municipality": (
        "«{value}» er ikke en kommune, atlasset kender. Skriv navnet eller kommunekoden.",
        "“{value}” is not a municipality the atlas knows. Type its name or municipality "
        "code."),
    "ref.value": ("{value} ({n})", "{value} ({n})"),
    "ref.too_few": (
        "for få kommuner med data ({n}, {share} af befolkningen; et gennemsnit kræver mindst "
        "{min_n} kommuner og {min_share} af befolkningen)",
        "too few municipalities with data ({n}, {share} of the population; an average needs "
        "at least {min_n} municipalities and {min_share} of the population)"),
    "ref.too_few.short": ("for få kommuner med data ({n})",
                          "too few municipalities with data ({n})"),
    "map.national.own": ("Hele landet (atlassets eget tal)", "Denmark (the atlas's own figure)"),
    "tooltip.period_source": ("Periode {period} · Kilde: {source}",
                              "Period {period} · Source: {source}"),
    "map.highlight.list": ("Fremhævede kommuner", "Highlighted municipalities"),
    "map.fullscreen": ("Fuld skærm (præsentation)", "Full screen (presenting)"),
    "map.fullscreen.help": (
        "Skjuler menuen og lader kortet fylde skærmen. Knappen øverst afslutter igen.",
        "Hides the menu and lets the map fill the screen. The button at the top leaves it."),
    "map.fullscreen.exit": ("Afslut fuld skærm", "Leave full screen"),
    "map.keyboard": (
        "Tastatur: Tab til kortet, piletaster vælger nabokommune, Enter viser den i panelet, "
        "+/− zoomer.",
        "Keyboard: Tab to the map, arrow keys move to a neighbouring municipality, Enter "
        "shows it in the panel, +/− zoom."),
    "map.share.link": ("Link til dette kort", "Link to this map"),
    "classes.tied": (
        "Kun {k} klasser: {n} kommuner har samme værdi ({value}), så flere klasser ville "
        "gentage den samme grænse.",
        "Only {k} classes: {n} municipalities share one value ({value}), so more classes "
        "would repeat the same bound."),
    # kommunegrupper (DST KOMMUNEGRUPPER_V1_2018; DST's own English names)
    "kommunegruppe.1": ("Hovedstadskommuner", "Capital municipalities"),
    "kommunegruppe.2": ("Storbykommuner", "Metropolitan municipalities"),
    "kommunegruppe.3": ("Provinsbykommuner", "Provincial municipalities"),
    "kommunegruppe.4": ("Oplandskommuner", "Commuter municipalities"),
    "kommunegruppe.5": ("Landkommuner", "Rural municipalities"),
    # publishers whose English name differs
    "publisher.Danmarks Statistik": ("Danmarks Statistik", "Statistics Denmark"),
    "publisher.Sundhedsdatastyrelsen": ("Sundhedsdatastyrelsen",
                                        "Danish Health Data Authority"),
    "publisher.Ulighedsatlas (beregnet)": ("Ulighedsatlas (beregnet)",
                                           "Inequality Atlas (computed)"),
    "publisher.Brugerens egen fil (user-supplied)": ("Brugerens egen fil", "The user's own file"),
    "publisher.Sundhedsstyrelsen / Statens Institut for Folkesundhed": (
        "Sundhedsstyrelsen / Statens Institut for Folkesundhed",
        "Danish Health Authority / National Institute of Public Health"),
    "publisher.Regionerne / Sundhedsstyrelsen (status); OpenStreetMap m.fl. (placering)": (
        "Regionerne / Sundhedsstyrelsen (status); OpenStreetMap m.fl. (placering)",
        "The regions / Danish Health Authority (status); OpenStreetMap and others (location)"),
    # data status for non-programmers
    "data.intro": (
        "Her kan du se, hvilke tal atlasset har, og hvilke der mangler. Et tal, der mangler, "
        "vises ikke på kortet; alle andre tal er uændrede.",
        "What the atlas has, and what is missing. A missing indicator is simply not on the "
        "map; every other figure is unaffected."),
    "data.missing.title": ("Indikatorer uden data", "Indicators without data"),
    "data.missing.text": (
        "{n} registrerede indikatorer har endnu ingen data i databasen og vises derfor ikke "
        "på kortet: {names}.",
        "{n} registered indicators have no data in the database yet, so the map does not "
        "show them: {names}."),
    "data.admin": ("For administratorer: sådan indlæses de manglende data",
                   "For administrators: how to load the missing data"),
    "data.core.loaded.plain": (
        ":material/check_circle: **{label}** — har data, seneste periode {period}, "
        "{n} kommuner",
        ":material/check_circle: **{label}** — has data, latest period {period}, "
        "{n} municipalities"),
    "data.core.missing.plain": (
        ":material/warning: **{label}** — mangler; vises ikke på kortet",
        ":material/warning: **{label}** — missing; not on the map"),
    # about page
    "about.title": ("Om data", "About the data"),
    "about.intro": (
        "Alle tal i atlasset kommer fra databasen, som bygges fra officielle kilder. Her er "
        "hver indikators definition, enhed, retning, kilde, perioder og forbehold.",
        "Every number in the atlas comes from the database, built from official sources. "
        "Here is each indicator's definition, unit, direction, source, periods and caveats."),
    "about.indicators": ("Indikatorer", "Indicators"),
    "about.not_loaded": ("Ingen data i databasen endnu.", "No data in the database yet."),
    "about.national": ("Landsværdi", "National value"),
    "about.plausible": ("Tilladt interval (kontrol)", "Plausible range (check)"),
    "about.origin.snapshot": ("Offentliggjort statistik (snapshot)",
                              "Published statistics (snapshot)"),
    "about.origin.computed": ("Beregnet i atlassets build", "Computed in the atlas build"),
    "about.origin.online": ("Hentes online fra den officielle kilde",
                            "Fetched online from the official source"),
    "about.origin.user": ("Brugerens egen fil", "The user's own file"),
    "about.origin": ("Oprindelse", "Origin"),
    "about.sources": ("Kilder, licenser og kildeangivelse", "Sources, licences and attribution"),
    "about.attribution": ("Kildeangivelse", "Attribution"),
    "about.attribution.dst": ("Kilde: Danmarks Statistik", "Source: Statistics Denmark"),
    "about.attribution.dagi": (
        "Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI",
        "Contains data from the Danish Agency for Data Supply and Infrastructure, DAGI"),
    "about.attribution.generic": ("Kilde: {publisher}", "Source: {publisher}"),
    "about.boundaries": ("Grænser", "Boundaries"),
    "about.boundaries.text": (
        "Kommune- og regionsgrænser: DAGI (Geodatastyrelsen/FOT, 1:500.000), forenklet så "
        "nabokommuner stadig deler grænse. Christiansø indgår ikke.",
        "Municipal and regional boundaries: DAGI (Geodatastyrelsen/FOT, 1:500,000), "
        "simplified so that neighbours still share borders. Christiansø is not included."),
    "about.build": ("Databasen", "The database"),
    "about.build.date": ("Bygget {date}.", "Built {date}."),
    "about.build.unknown": ("Byggetidspunkt ukendt.", "Build time unknown."),
    "about.build.version": ("Atlasversion {version}.", "Atlas version {version}."),
    "about.methods.text": (
        "Landsværdier og gennemsnit for regioner og kommunegrupper er beregnet i databasen "
        "fra de 98 kommuner (befolkningsvægtet, medmindre andet er angivet). Et gennemsnit "
        "vises kun, når det bygger på mindst 3 kommuner og 75 % af befolkningen; ellers står "
        "der «for få kommuner med data». Placeringer går "
        "fra 1 (bedst) til antallet af kommuner med data; for indikatorer uden retning er 1 "
        "den højeste værdi. Manglende værdier er «ingen data», aldrig 0.",
        "National values and averages for regions and municipality groups are computed in "
        "the database from the 98 municipalities (population-weighted unless stated "
        "otherwise). An average is shown only when it rests on at least 3 municipalities and "
        "75 % of the population; otherwise it reads “too few municipalities with data”. "
        "Ranks run from 1 (best) to the number of municipalities with data; for "
        "indicators without a direction 1 is the highest value. Missing values are "
        "“no data”, never 0."),
}

# The sources' own texts (licence, table, title) are stored in Danish, as the publishers write
# them; their English wording, by the Danish text. A text without an entry is a proper name
# (a table code, a register's name) and stays as it is.
SOURCE_TEXTS_EN: dict[str, str] = {
    "Gengivelse med kildeangivelse": "Reproduction with attribution",
    "Frie geografiske data, gengivelse med kildeangivelse":
        "Free geographic data, reproduction with attribution",
    "CC BY 4.0 (GeoNames); DAGI med kildeangivelse":
        "CC BY 4.0 (GeoNames); DAGI with attribution",
    "Fakta med kildeangivelse pr. række": "Facts with attribution per row",
    "Som de underliggende kilder": "As the underlying sources",
    "Befolkningsvægtet luftlinjeafstand til nærmeste akutmodtagelse; akutmodtagelser fra "
    "regionerne og Sundhedsstyrelsen (status) og OpenStreetMap m.fl. (placering), byer fra "
    "GeoNames (CC BY 4.0), grænser fra DAGI":
        "Population-weighted straight-line distance to the nearest acute hospital; hospitals "
        "from the regions and the Danish Health Authority (status) and OpenStreetMap and "
        "others (location), towns from GeoNames (CC BY 4.0), boundaries from DAGI",
    "akutmodtagelser (regionerne, Sundhedsstyrelsen) + GeoNames + DAGI":
        "acute hospitals (the regions, Danish Health Authority) + GeoNames + DAGI",
    "Afledt af andre indikatorer i atlasset (se indikatorens beskrivelse)":
        "Derived from other indicators in the atlas (see the indicator's description)",
    "Akutmodtagelser og akutklinikker, status 2026":
        "Acute hospitals and emergency clinics, status 2026",
    "Kommune- og regionsgrænser, 2014-02-13": "Municipal and regional boundaries, 2014-02-13",
}

ROLE_ORDER = ("need", "supply", "outcome", "context")

# Babel locale per language: CLDR number symbols (da 1.234,5 / en 1,234.5) and date names.
_LOCALES = {"da": "da_DK", "en": "en_GB"}
# How a date and a time join. CLDR's "at time" forms ("{1} 'kl'. {0}") are not exposed by Babel,
# and its English one reads "at"; these are the atlas's wording.
_DATE_AT_TIME = {"da": "{date} kl. {time}", "en": "{date}, {time}"}
_FLOAT_DIGITS = sys.float_info.max_10_exp + 2  # integer digits of the largest finite float


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(_LOCALES[normalize_lang(lang)])


@lru_cache(maxsize=None)
def _number_pattern(decimals: int) -> NumberPattern:
    """Thousands grouped, exactly `decimals` places; parsed once (format_decimal re-parses)."""
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def normalize_lang(lang: str | None) -> str:
    """`lang` if it is a supported language code, else the default (Danish)."""
    return lang if lang in LANGS else DEFAULT_LANG


def parse_lang(raw: str | None) -> tuple[str, bool]:
    """(language, valid) for a raw `?lang=` value; absent counts as valid (the default)."""
    if raw is None or raw == "":
        return DEFAULT_LANG, True
    value = str(raw).strip().lower()
    if value in LANGS:
        return value, True
    return DEFAULT_LANG, False


def t(key: str, lang: str = DEFAULT_LANG, /, **fields: Any) -> str:
    """The UI string `key` in `lang`, with `{name}` fields filled from keyword arguments.

    An unknown key raises KeyError: every string must be registered in both languages.
    """
    return pick(STRINGS, key, lang, **fields)


def pick(table: Mapping[str, tuple[str, str]], key: str, lang: str, /, **fields: Any) -> str:
    """`key` from a (Danish, English) string table in `lang`, `{name}` fields filled in.
    Pages with many texts of their own keep such a table beside their logic."""
    da, en = table[key]
    text = en if lang == "en" else da
    return text.format(**fields) if fields else text


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas NA/NaT and other values that mean "no data"."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pandas NA compare unequal to themselves
    except (TypeError, ValueError):
        try:
            import pandas as pd

            return bool(pd.isna(value))
        except (TypeError, ValueError, ImportError):
            return False


def _quantize(value: float, decimals: int) -> Decimal:
    """Half-up on the shortest decimal that reads back as `value` (2.675 -> 2.68, not 2.67),
    without a sign on zero. Babel rounds half-even, so it only gets numbers already rounded."""
    exponent = Decimal(1).scaleb(-decimals)
    number = Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP)
    return number.copy_abs() if number.is_zero() else number


def format_number(value: Any, decimals: int = 0, lang: str = DEFAULT_LANG) -> str:
    """`value` rounded half-up to `decimals`, in the language's number format (Babel, CLDR).

    Danish: 1.234,5 (point groups thousands, comma before decimals). English: 1,234.5.
    None / NaN: "ingen data" / "no data".
    """
    if is_missing(value):
        return t("no_data", lang)
    decimals = max(0, int(decimals))
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    with localcontext() as context:
        context.prec = _FLOAT_DIGITS + decimals  # room for every digit of the largest float
        return _number_pattern(decimals).apply(_quantize(number, decimals), _locale(lang))


def format_value(value: Any, indicator: Any, lang: str = DEFAULT_LANG, *,
                 unit: bool = True, decimals: int | None = None) -> str:
    """A value of `indicator` (a registry Indicator) with its decimals and unit.

    `format_value(12.345, smoking, "da")` -> "12,3 % af voksne"; missing -> "ingen data".
    """
    if is_missing(value):
        return t("no_data", lang)
    places = indicator.decimals if decimals is None else decimals
    text = format_number(value, places, lang)
    if unit:
        unit_text = indicator.unit(lang)
        if unit_text:
            text = f"{text} {unit_text}"
    return text


def format_range(low: Any, high: Any, decimals: int, lang: str = DEFAULT_LANG) -> str:
    """"12,3 – 15,6": a closed range in the language's number format (spaced en dash)."""
    return f"{format_number(low, decimals, lang)} – {format_number(high, decimals, lang)}"


def format_count(n: int, lang: str = DEFAULT_LANG) -> str:
    """"1 kommune" / "12 kommuner"."""
    if n == 1:
        return t("map.legend.count_one", lang)
    return t("map.legend.count", lang, n=format_number(n, 0, lang))


def format_datetime(value: str | datetime | None, lang: str = DEFAULT_LANG) -> str | None:
    """An ISO timestamp as "22. november 2026 kl. 05.40 UTC" / "22 November 2026, 05:40 UTC".

    Date and time in the locale's long date and short time (Babel); the wall time as stored,
    "UTC" added only when the offset is zero. Text that is not a timestamp comes back as is.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    else:
        moment = value
    locale = _locale(lang)
    text = _DATE_AT_TIME[normalize_lang(lang)].format(
        date=babel_dates.format_date(moment, "long", locale=locale),
        time=babel_dates.format_time(moment.replace(tzinfo=None), "short", locale=locale))
    offset = moment.utcoffset()
    return f"{text} UTC" if offset is not None and not offset else text


def group_name(code: Any, name: str, lang: str = DEFAULT_LANG) -> str:
    """A kommunegruppe's name in `lang` (DST's English names), by its code."""
    key = f"kommunegruppe.{code}"
    return t(key, lang) if key in STRINGS else name


def publisher_name(name: str, lang: str = DEFAULT_LANG) -> str:
    """A publisher's name in `lang` ("Danmarks Statistik" -> "Statistics Denmark")."""
    key = f"publisher.{name}"
    return t(key, lang) if key in STRINGS else name


# English qualifiers in hospital names as the curated list may write them ("Nordsjællands
# Hospital Hillerød (current site)"), in both languages
SITE_QUALIFIERS: dict[str, tuple[str, str]] = {
    "current site": ("nuværende placering", "current site"),
    "new site": ("ny placering", "new site"),
    "planned": ("planlagt", "planned"),
}


def site_name(name: str, lang: str = DEFAULT_LANG) -> str:
    """A hospital's name with a bracketed qualifier in `lang`: "… (current site)" reads
    "… (nuværende placering)" on a Danish page."""
    def qualifier(match: Any) -> str:
        words = SITE_QUALIFIERS.get(match.group(1).strip().lower())
        return f"({words[1 if lang == 'en' else 0]})" if words else match.group(0)

    return re.sub(r"\(([^()]*)\)", qualifier, str(name))


def source_wording(text: str, lang: str = DEFAULT_LANG) -> str:
    """A source's licence, table or title in `lang`: stored in Danish, in English where the
    atlas knows the wording (SOURCE_TEXTS_EN); names and codes stay as written."""
    if lang == "en":
        return SOURCE_TEXTS_EN.get(text, text)
    return text


_COLLATORS = threading.local()


def _collator(lang: str) -> Any:
    """ICU's collator for the language (one per thread: ICU collators are not shared)."""
    lang = normalize_lang(lang)
    collators = _COLLATORS.__dict__
    if lang not in collators:
        import icu

        collators[lang] = icu.Collator.createInstance(icu.Locale(_LOCALES[lang]))
    return collators[lang]


def sort_key(text: str, lang: str = DEFAULT_LANG) -> bytes:
    """The key that sorts names as the language does (ICU collation, CLDR rules): in Danish
    Æ, Ø, Å come after Z and "Aa" counts as "Å" (Aabenraa, Aalborg and Aarhus come last);
    English sorts them with A. Every list of municipalities is sorted with this key."""
    return _collator(lang).getSortKey(str(text))


def sorted_names(names: Mapping[Any, str], lang: str = DEFAULT_LANG) -> dict[Any, str]:
    """`names` (key -> name) in the language's alphabetical order of the names."""
    return dict(sorted(names.items(), key=lambda item: sort_key(item[1], lang)))


def name_sort(lang: str = DEFAULT_LANG) -> Any:
    """For pandas' `sort_values(key=...)`: a column of names by the language's order."""
    return lambda names: names.map(lambda name: sort_key(name, lang))


def plural(table: Mapping[str, tuple[str, str]], key: str, n: float, lang: str, /,
           **fields: Any) -> str:
    """`key.one` or `key.other` from a string table by the language's plural rule (CLDR, via
    Babel), with `{n}` the number in the language's format: "1 nyt akutsted", "2 nye"."""
    category = _locale(lang).plural_form(abs(n))
    form = f"{key}.{category}" if f"{key}.{category}" in table else f"{key}.other"
    decimals = 0 if float(n).is_integer() else 1
    return pick(table, form, lang, n=format_number(n, decimals, lang), **fields)


def role_label(role: str, lang: str = DEFAULT_LANG) -> str:
    return t(f"role.{role}", lang)


def direction_label(direction: str, lang: str = DEFAULT_LANG) -> str:
    return t(f"direction.{direction}", lang)
