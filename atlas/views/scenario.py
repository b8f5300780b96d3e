"""The scenario page's view: what if an acute hospital closes, an emergency clinic is upgraded
or a new site opens?

    ?off=bornholms-hospital,holbaek-sygehus&on=akutklinik-silkeborg
     &add=55.2412,11.7601,Næstved;56.0350,12.6100,Helsingør&map=change&lang=en

The build stores the inputs of the hospital distance (population points with weights, the
candidate sites; atlas.geo.hospital_distance). A scenario is a mask over the candidate sites plus
any added ones; `atlas.geo.hospital_distance.access` recomputes nearest-site distances for every
point and the population-weighted sums for all 98 municipalities in a few milliseconds, with
today's distance matrix computed once per build. Today's values come out of the very same
function, so a scenario with no change reproduces the build's values exactly.

Results: the change per municipality (a diverging map centred on zero), the most affected
municipalities with their need indicators, national totals, and health clusters (each
municipality to the site nearest to most of its residents: a distance-based approximation, not
the regions' catchment areas). Pure: no Streamlit; texts come from this module's own table.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, fields, replace
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from atlas.db import per_build
from atlas.geo.hospital_distance import (
    Access,
    NoActiveSite,
    PopulationPoints,
    Sites,
    access,
    distance_matrix,
)
from atlas.i18n import format_count, format_number, is_missing, pick, plural, site_name, t
from atlas.query import access as access_queries
from atlas.query import core as queries
from atlas.query import profile as profile_queries
from atlas.registry import Indicator, pair_preferences
from atlas.views.choropleth import Area, Choropleth, Legend, LegendRow, Point, Tooltip
from atlas.views.classify import Classification
from atlas.views.geometry import MapGeometry
from atlas.views.palettes import diverging
from atlas.views.text import echo, md
from atlas.views.urlstate import LANG, Param, Schema, choice, constant

THRESHOLD_KM = 30.0
UNCHANGED_KM = 0.05         # |change| below this reads as 0,0 km: "unchanged"
CHANGE_BREAKS = (10.0, 2.0)  # class bounds either side of zero, km
MAX_ADDED = 10
NAME_LIMIT = 60
# Denmark with Bornholm and a margin: an added site outside is a malformed parameter.
LAT_RANGE, LON_RANGE = (54.4, 57.9), (7.8, 15.3)
MAP_MODES = ("change", "clusters", "clusters-today")
NEED_COLUMNS = 3
# Paul Tol's "light" qualitative scheme (personal.sron.nl/~pault), designed to stay apart for
# colour-blind readers and to carry dark text; grey is left out (it reads as "no data").
CLUSTER_COLOURS = ("#77aadd", "#ee8866", "#eedd88", "#ffaabb", "#99ddff", "#44bb99",
                   "#bbcc33", "#aaaa00")

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


# --- the model: the stored inputs, once per build -----------------------------------------------
@dataclass(frozen=True)
class Site:
    id: str
    name: str
    town: str
    kind: str              # "akutmodtagelse" | "akutklinik" | "added"
    lat: float
    lon: float
    confidence: str        # high | medium | low | user
    baseline: bool
    region: str = ""

    @property
    def short_name(self) -> str:
        """The name before any bracket or " - " part ("Rigshospitalet")."""
        return re.split(r"\s+\(|\s+-\s+", self.name, maxsplit=1)[0]


@dataclass(frozen=True)
class Town:
    """A named population point: where a new site can be placed from the list."""

    name: str
    code: int
    municipality: str
    lat: float
    lon: float
    weight: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.municipality})"


@dataclass(frozen=True)
class ScenarioModel:
    points: PopulationPoints
    sites: tuple[Site, ...]           # candidate sites, in the distance matrix's column order
    site_index: Mapping[str, int]
    candidates: Sites
    distances: np.ndarray             # points x candidate sites, km
    baseline: np.ndarray              # mask: today's 24/7 acute receptions
    today: Access
    municipalities: pd.DataFrame      # by code, in points.codes order
    towns: tuple[Town, ...]           # by name

    @property
    def baseline_ids(self) -> tuple[str, ...]:
        return tuple(site.id for site in self.sites if site.baseline)

    @property
    def clinic_ids(self) -> tuple[str, ...]:
        return tuple(site.id for site in self.sites if site.kind == "akutklinik")

    def site(self, site_id: str) -> Site:
        return self.sites[self.site_index[site_id]]


@per_build
def scenario_model() -> ScenarioModel:
    """The stored access inputs, today's distance matrix and today's access (per build)."""
    points = PopulationPoints.from_frame(access_queries.access_points())
    table = access_queries.access_sites()
    sites = tuple(Site(id=str(r.site_id), name=str(r.name), town=str(r.town), kind=str(r.kind),
                       lat=float(r.lat), lon=float(r.lon), confidence=str(r.coord_confidence),
                       baseline=bool(r.baseline), region=str(r.region))
                  for r in table.itertuples())
    candidates = Sites(tuple(s.name for s in sites), np.array([s.lat for s in sites]),
                       np.array([s.lon for s in sites]))
    distances = distance_matrix(points, candidates)
    baseline = np.array([s.baseline for s in sites], dtype=bool)
    munis = access_queries.access_municipalities().set_index("kommune_kode").loc[points.codes]
    names = munis["name"].to_dict()
    towns: dict[str, Town] = {}
    is_town = points.kind == "town"
    for i in np.flatnonzero(is_town):
        code = int(points.codes[points.municipality[i]])
        town = Town(str(points.name[i]), code, str(names[code]), float(points.lat[i]),
                    float(points.lon[i]), float(points.weight[i]))
        if town.label not in towns or towns[town.label].weight < town.weight:
            towns[town.label] = town
    return ScenarioModel(
        points=points, sites=sites, site_index={s.id: i for i, s in enumerate(sites)},
        candidates=candidates, distances=distances, baseline=baseline,
        today=access(points, candidates, baseline, threshold_km=THRESHOLD_KM,
                     distances=distances),
        municipalities=munis,
        towns=tuple(sorted(towns.values(), key=lambda t: (t.name.casefold(), t.municipality))),
    )


# --- the URL-state schema -----------------------------------------------------------------------
@dataclass(frozen=True)
class AddedSite:
    lat: float
    lon: float
    name: str

    def to_text(self) -> str:
        return f"{self.lat:.4f},{self.lon:.4f},{self.name}"


def clean_name(value: Any) -> str:
    """A site name from the URL or a click: one line, no item separator, at most 60 chars."""
    name = " ".join(re.sub(r"[\x00-\x1f\x7f;]", " ", str(value)).split())
    return name[:NAME_LIMIT].strip()


def _split(raw: Any, separator: str) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    return [item.strip() for item in str(raw).split(separator) if item.strip()]


def _parse_added(item: str) -> AddedSite | None:
    parts = [part.strip() for part in item.split(",", 2)]
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except (ValueError, IndexError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        return None
    name = clean_name(parts[2]) if len(parts) > 2 else ""
    return AddedSite(round(lat, 4), round(lon, 4), name or f"{lat:.2f}, {lon:.2f}")


def _site_items(raw: Any, allowed: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """(valid ids in site order, rejected items)."""
    wanted = _split(raw, ",")
    chosen = {item.lower() for item in wanted} & set(allowed)
    rejected = [item for item in wanted if item.lower() not in allowed]
    return tuple(site for site in allowed if site in chosen), rejected


def _added_items(raw: Any) -> tuple[tuple[AddedSite, ...], list[tuple[str, str]]]:
    """(valid added sites, in order, duplicates dropped; rejected (item, reason key))."""
    sites: list[AddedSite] = []
    rejected: list[tuple[str, str]] = []
    for item in _split(raw, ";"):
        site = _parse_added(item)
        if site is None:
            rejected.append((item, "why.add"))
        elif len(sites) >= MAX_ADDED:
            rejected.append((item, "why.add.full"))
        elif all((s.lat, s.lon) != (site.lat, site.lon) for s in sites):
            sites.append(site)
    return tuple(sites), rejected


PARAMS = (
    LANG,
    Param("off", lambda text_, model, values: _site_items(text_, model.baseline_ids)[0],
          constant(()), to_text=",".join, widget="scenario_off"),
    Param("on", lambda text_, model, values: _site_items(text_, model.clinic_ids)[0],
          constant(()), to_text=",".join, widget="scenario_on"),
    Param("add", lambda text_, model, values: _added_items(text_)[0], constant(()),
          to_text=lambda sites: ";".join(site.to_text() for site in sites)),
    Param("map", choice(lambda model, values: MAP_MODES), constant("change"),
          describe=lambda value, model, lang: text(f"map.{value}", lang),
          widget="scenario_map"),
)
SCHEMA = Schema(PARAMS)


@dataclass(frozen=True)
class ScenarioState:
    off: tuple[str, ...] = ()
    on: tuple[str, ...] = ()
    add: tuple[AddedSite, ...] = ()
    map: str = "change"
    lang: str = "da"

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_params(self, model: ScenarioModel) -> dict[str, str]:
        return SCHEMA.to_params(self.values(), model)

    def with_(self, **changes: Any) -> "ScenarioState":
        return replace(self, **changes)

    @property
    def unchanged(self) -> bool:
        return not (self.off or self.on or self.add)


def parse_state(raw: Mapping[str, Any], model: ScenarioModel
                ) -> tuple[ScenarioState, list[str]]:
    """(state, notices): unusable items of off/on/add are skipped, each with a notice; any
    other invalid value falls back to its default with the schema's notice."""
    values, notices = SCHEMA.parse(raw, model)
    lang = values["lang"]
    rejected = [("off", item, "why.off") for item in _site_items(raw.get("off"),
                                                                  model.baseline_ids)[1]]
    rejected += [("on", item, "why.on") for item in _site_items(raw.get("on"),
                                                                model.clinic_ids)[1]]
    rejected += [("add", item, why) for item, why in _added_items(raw.get("add"))[1]]
    notices += [text("notice.item", lang, param=param, value=echo(item),
                     why=text(why, lang, n=MAX_ADDED)) for param, item, why in rejected]
    state = ScenarioState(**{name: values[name] for name in SCHEMA.names})
    return state, notices


def widget_values(state: ScenarioState) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value
            for key, value in SCHEMA.widget_values(state.values()).items()}


def param_text(param: str, value: Any) -> str | None:
    """The URL text of a list parameter's new value (None = remove the parameter)."""
    items = tuple(value or ())
    return SCHEMA.by_name[param].to_text(items) if items else None


def render_id(state: ScenarioState) -> str:
    """What the scenario map shows, as one string (the browser echoes it once drawn)."""
    return "|".join(["scenario", ",".join(state.off), ",".join(state.on),
                     ";".join(site.to_text() for site in state.add), state.map, state.lang])


# --- the computation ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """A computed scenario: the sites in play and access today and under the scenario."""

    sites: tuple[Site, ...]        # candidates + added, in mask order
    active: np.ndarray             # mask over `sites`
    today: Access
    result: Access

    @property
    def active_sites(self) -> tuple[Site, ...]:
        return tuple(site for site, on in zip(self.sites, self.active) if on)


def compute(state: ScenarioState, model: ScenarioModel) -> Scenario:
    """Recompute access for all municipalities under `state`. Raises NoActiveSite when every
    site is closed."""
    active = model.baseline.copy()
    active[[model.site_index[i] for i in state.off]] = False
    active[[model.site_index[i] for i in state.on]] = True
    sites = model.sites
    candidates, distances = model.candidates, model.distances
    if state.add:
        extra = tuple(Site(id=f"new-{n}", name=s.name, town=s.name, kind="added", lat=s.lat,
                           lon=s.lon, confidence="user", baseline=False)
                      for n, s in enumerate(state.add, 1))
        extra_sites = Sites(tuple(s.name for s in extra), np.array([s.lat for s in extra]),
                            np.array([s.lon for s in extra]))
        sites = sites + extra
        candidates = candidates.plus(extra_sites)
        distances = np.concatenate([distances, distance_matrix(model.points, extra_sites)],
                                   axis=1)
        active = np.concatenate([active, np.ones(len(extra), dtype=bool)])
    result = access(model.points, candidates, active, threshold_km=THRESHOLD_KM,
                    distances=distances)
    return Scenario(sites=sites, active=active, today=model.today, result=result)


# --- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Totals:
    mean_today: float
    mean_scenario: float
    over_today: float              # % of residents beyond 30 km
    over_scenario: float
    pushed_out: float              # residents newly beyond 30 km
    brought_in: float              # residents newly within 30 km
    affected: float                # residents whose distance changes
    municipalities_affected: int

    @property
    def mean_change(self) -> float:
        return self.mean_scenario - self.mean_today


def municipality_results(scenario: Scenario, model: ScenarioModel) -> pd.DataFrame:
    """One row per municipality (by code): distances, shares over 30 km, residents affected
    and crossing the 30 km line, nearest site (cluster) today and in the scenario."""
    points, today, new = model.points, scenario.today, scenario.result
    mi, w, n_m = points.municipality, points.weight, len(points.codes)
    moved = np.abs(new.point_km - today.point_km) > 1e-9
    over_before = today.point_km > THRESHOLD_KM
    over_after = new.point_km > THRESHOLD_KM
    munis = model.municipalities
    frame = pd.DataFrame({
        "kommune_kode": points.codes.astype(int),
        "name": munis["name"].to_numpy(),
        "population": today.weight,
        "is_island": munis["is_island"].fillna(False).to_numpy(bool),
        "island_note_da": munis["island_note_da"].to_numpy(),
        "island_note_en": munis["island_note_en"].to_numpy(),
        "km_today": today.distance_km,
        "km_scenario": new.distance_km,
        "over_today": today.over_share,
        "over_scenario": new.over_share,
        "affected": np.bincount(mi, weights=w * moved, minlength=n_m),
        "pushed_out": np.bincount(mi, weights=w * (over_after & ~over_before), minlength=n_m),
        "brought_in": np.bincount(mi, weights=w * (over_before & ~over_after), minlength=n_m),
        "site_today": today.main_site,
        "site_scenario": new.main_site,
    })
    frame["change_km"] = frame["km_scenario"] - frame["km_today"]
    return frame


def totals(scenario: Scenario, model: ScenarioModel, frame: pd.DataFrame) -> Totals:
    w = model.points.weight
    total = float(w.sum())
    before, after = scenario.today.point_km, scenario.result.point_km
    return Totals(
        mean_today=float((w * before).sum() / total),
        mean_scenario=float((w * after).sum() / total),
        over_today=float((w * (before > THRESHOLD_KM)).sum() / total * 100.0),
        over_scenario=float((w * (after > THRESHOLD_KM)).sum() / total * 100.0),
        pushed_out=float(frame["pushed_out"].sum()),
        brought_in=float(frame["brought_in"].sum()),
        affected=float(frame["affected"].sum()),
        municipalities_affected=int((frame["affected"] > 0).sum()),
    )


def change_class(change_km: float) -> int:
    """Class 0-6 of a change in km: 3 = unchanged, below = closer, above = further away."""
    if is_missing(change_km):
        return -1
    big, small = CHANGE_BREAKS
    if abs(change_km) < UNCHANGED_KM:
        return 3
    if change_km < 0:
        return 0 if change_km <= -big else 1 if change_km <= -small else 2
    return 6 if change_km >= big else 5 if change_km >= small else 4


def change_colours() -> tuple[str, ...]:
    """Seven ColorBrewer RdBu colours from blue (much closer) through a light neutral middle
    (unchanged) to red (much further away): diverging, colour-blind safe, centred on zero."""
    return tuple(reversed(diverging(7, "RdBu")))


def _signed(value: float, decimals: int, lang: str) -> str:
    text_ = _fmt(value, decimals, lang)
    return f"+{text_}" if value > 0 and text_.strip("0,.") else text_


def _change_legend(classes: Sequence[int], lang: str) -> tuple[Legend, Classification]:
    big, small = CHANGE_BREAKS
    fmt = {"a": format_number(small, 0, lang), "b": format_number(big, 0, lang)}
    labels = (
        text("class.much_shorter", lang, b=fmt["b"]),
        text("class.shorter", lang, a=fmt["a"], b=fmt["b"]),
        text("class.little_shorter", lang, b=fmt["a"]),
        text("class.unchanged", lang, b=format_number(UNCHANGED_KM, 2, lang)),
        text("class.little_longer", lang, b=fmt["a"]),
        text("class.longer", lang, a=fmt["a"], b=fmt["b"]),
        text("class.much_longer", lang, b=fmt["b"]),
    )
    lower = (-math.inf, -big, -small, -UNCHANGED_KM, UNCHANGED_KM, small, big)
    upper = (-big, -small, -UNCHANGED_KM, UNCHANGED_KM, small, big, math.inf)
    counts = tuple(sum(1 for c in classes if c == k) for k in range(7))
    no_data = sum(1 for c in classes if c < 0)
    classification = Classification("fixed", 7, lower, upper, tuple(classes), counts, no_data)
    rows = tuple(LegendRow(colour=colour, lower=lo, upper=hi, label=label, count=count,
                           count_label=format_count(count, lang))
                 for colour, lo, hi, label, count in zip(change_colours(), lower, upper,
                                                         labels, counts))
    legend = Legend(title=text("map.change", lang), unit=text("legend.change.unit", lang),
                    rows=rows, no_data_count=no_data, no_data_label=_no_data(lang),
                    no_data_count_label=format_count(no_data, lang),
                    note=text("legend.change.note", lang),
                    method_label=text("legend.change.method", lang), reduced_note=None,
                    decimals=1)
    return legend, classification


def _no_data(lang: str) -> str:
    return t("no_data", lang)


def _points(sites: Sequence[Site], lang: str) -> tuple[Point, ...]:
    def kind(site: Site) -> str:
        if site.kind == "added":
            return text("point.added", lang)
        return text("point.today" if site.baseline else "point.upgraded", lang)

    return tuple(Point(lat=site.lat, lon=site.lon, title=site_name(site.name, lang),
                       subtitle=f"{site.town} · {kind(site)} · "
                                + text(f"point.confidence.{site.confidence}", lang))
                 for site in sites)


def change_choropleth(state: ScenarioState, scenario: Scenario, frame: pd.DataFrame,
                      totals_: Totals, lang: str, notes: Sequence[str]) -> Choropleth:
    """The map of the change: km longer or shorter per municipality, diverging classes
    centred on zero, unchanged municipalities in the palette's light neutral middle."""
    classes = [change_class(value) for value in frame["change_km"]]
    legend, classification = _change_legend(classes, lang)
    colours = legend.rows
    national = text("metric.mean", lang) + ": " + text(
        "tip.change", lang, today=_fmt(totals_.mean_today, 1, lang),
        scenario=_fmt(totals_.mean_scenario, 1, lang),
        change=_signed(totals_.mean_change, 1, lang))
    areas = []
    for row, cls in zip(frame.itertuples(), classes):
        extra = text("tip.over", lang, today=_fmt(row.over_today, 1, lang),
                     scenario=_fmt(row.over_scenario, 1, lang))
        if row.affected > 0:
            extra += " · " + text("tip.affected", lang, n=_fmt(row.affected, 0, lang))
        if row.is_island:
            extra += " · " + text("tip.island", lang)
        areas.append(Area(
            code=int(row.kommune_kode), name=str(row.name),
            value=None if is_missing(row.change_km) else float(row.change_km),
            class_index=cls, colour=colours[cls].colour if cls >= 0 else None,
            tooltip=Tooltip(
                name=str(row.name), indicator_label=text("tip.distance", lang),
                value_text=text("tip.change", lang,
                                today=_fmt(row.km_today, 1, lang),
                                scenario=_fmt(row.km_scenario, 1, lang),
                                change=_signed(row.change_km, 1, lang)),
                rank_text=extra, national_text=national)))
    return Choropleth(
        title=text("map.change", lang), unit="km", period="", areas=tuple(areas),
        legend=legend, classification=classification, source_line="", notes=tuple(notes),
        points=_points(scenario.active_sites, lang), render_id=render_id(state))


def cluster_colours(model_sites: Sequence[Site], used: Sequence[int]) -> dict[int, str]:
    """A colour per cluster site: each takes the palette colour whose nearest site already
    using it is farthest away, so neighbouring clusters differ (deterministic: site order)."""
    chosen: dict[int, str] = {}

    def separation(site: Site, colour: str) -> float:
        others = [model_sites[j] for j, c in chosen.items() if c == colour]
        if not others:
            return math.inf
        return min(math.hypot(site.lat - o.lat, (site.lon - o.lon) * 0.57) for o in others)

    for index in sorted(set(used)):
        site = model_sites[index]
        chosen[index] = max(CLUSTER_COLOURS, key=lambda c: (separation(site, c),  # noqa: B023
                                                            -CLUSTER_COLOURS.index(c)))
    return chosen


def cluster_choropleth(state: ScenarioState, scenario: Scenario, frame: pd.DataFrame,
                       today: bool, lang: str, notes: Sequence[str]) -> Choropleth:
    """Health clusters on the map: each municipality in its cluster site's colour."""
    column = "site_today" if today else "site_scenario"
    sites = scenario.sites
    colour_of = cluster_colours(sites, list(frame["site_today"]) + list(frame["site_scenario"]))
    clusters = sorted(set(int(s) for s in frame[column]))
    index_of = {site: k for k, site in enumerate(clusters)}
    population = frame.groupby(column)["population"].sum()
    classes = [index_of[int(s)] for s in frame[column]]
    counts = tuple(classes.count(k) for k in range(len(clusters)))
    rows = tuple(LegendRow(colour=colour_of[site], lower=float(k), upper=float(k),
                           label=text("legend.cluster.row", lang, site=sites[site].short_name,
                                      population=_fmt(population[site], 0, lang)),
                           count=count, count_label=format_count(count, lang))
                 for k, (site, count) in enumerate(zip(clusters, counts)))
    zeros = tuple(float(k) for k in range(len(clusters)))
    classification = Classification("clusters", len(clusters), zeros, zeros, tuple(classes),
                                     counts, 0)
    legend = Legend(title=text(f"map.{'clusters-today' if today else 'clusters'}", lang),
                    unit=text("legend.clusters.unit", lang), rows=rows, no_data_count=0,
                    no_data_label=_no_data(lang), no_data_count_label=format_count(0, lang),
                    note=text("legend.clusters.note", lang),
                    method_label=text("legend.clusters.method", lang), reduced_note=None,
                    decimals=0)
    areas = []
    for row, cls in zip(frame.itertuples(), classes):
        site = int(getattr(row, column))
        before = int(row.site_today)
        other = (text("tip.cluster.same", lang) if before == int(row.site_scenario)
                 else text("tip.cluster.today", lang, site=sites[before].name))
        areas.append(Area(
            code=int(row.kommune_kode), name=str(row.name), value=float(cls), class_index=cls,
            colour=colour_of[site],
            tooltip=Tooltip(name=str(row.name), indicator_label=text("tip.cluster", lang),
                            value_text=sites[site].name, rank_text=None if today else other,
                            national_text=text("tip.cluster.population", lang,
                                               n=_fmt(population[site], 0, lang)))))
    shown = tuple(s for s in sites if s.baseline) if today else scenario.active_sites
    return Choropleth(
        title=legend.title, unit="", period="", areas=tuple(areas), legend=legend,
        classification=classification, source_line="", notes=tuple(notes),
        points=_points(shown, lang), render_id=render_id(state))


# --- need, access and outcome indicators beside the results ---------------------------------------
def need_indicators(n: int = NEED_COLUMNS) -> tuple[Indicator, ...]:
    """The need indicators shown beside the results: those of the registry's need x access
    pairs first, then need indicators with a direction (more = worse), then the rest."""
    cat = queries.catalogue().indicators
    needs = [ind for ind in cat.values() if ind.role == "need"]
    preferred = [p[0] for p in pair_preferences()]
    order = {ident: i for i, ident in enumerate(dict.fromkeys(preferred))}
    needs.sort(key=lambda ind: (order.get(ind.id, len(order)),
                                ind.direction != "higher_worse"))
    return tuple(needs[:n])


def outcome_indicator() -> Indicator | None:
    cat = queries.catalogue().indicators
    outcomes = [ind for ind in cat.values() if ind.role == "outcome"]
    preferred = [p[0] for p in pair_preferences()]
    outcomes.sort(key=lambda ind: (0 if ind.id in preferred else 1))
    return outcomes[0] if outcomes else None


def _indicator_values(indicators: Sequence[Indicator]) -> pd.DataFrame:
    """kommune_kode x indicator id, latest period."""
    ids = tuple(ind.id for ind in indicators)
    if not ids:
        return pd.DataFrame()
    long = profile_queries.latest_values(ids)
    return long.pivot(index="kommune_kode", columns="indicator_id", values="value")


def _high_need(values: pd.DataFrame, indicators: Sequence[Indicator]) -> pd.Series:
    """True where a municipality is in the highest-need quarter on any need indicator."""
    flag = pd.Series(False, index=values.index)
    for ind in indicators:
        if ind.id not in values:
            continue
        column = values[ind.id]
        signed = -column if ind.direction == "higher_better" else column
        flag |= signed >= signed.quantile(0.75)
    return flag


@functools.lru_cache(maxsize=16384)
def _fmt(value: Any, decimals: int, lang: str) -> str:
    """format_number, remembered: most of a scenario's numbers (today's values, unchanged
    municipalities) repeat from one repaint to the next, and Babel takes ~0.1 ms a number."""
    return format_number(value, decimals, lang)


def ranked_table(frame: pd.DataFrame, scenario: Scenario, lang: str) -> pd.DataFrame:
    """The most affected municipalities, largest change first, with need indicators beside."""
    needs = need_indicators()
    values = _indicator_values(needs)
    high = _high_need(values, needs) if len(values) else pd.Series(dtype=bool)
    changed = frame[frame["affected"] > 0].copy()
    changed["order"] = -changed["change_km"].abs()
    changed = changed.sort_values(["order", "affected"], ascending=[True, False])
    rows = []
    for row in changed.itertuples():
        code = int(row.kommune_kode)
        flagged = row.change_km >= UNCHANGED_KM and bool(high.get(code, False))
        record = {
            text("col.flag", lang): "⚠" if flagged else "",
            text("col.municipality", lang): str(row.name),
            text("col.change", lang): _signed(row.change_km, 1, lang),
            text("col.today", lang): _fmt(row.km_today, 1, lang),
            text("col.scenario", lang): _fmt(row.km_scenario, 1, lang),
            text("col.over", lang): f"{_fmt(row.over_today, 1, lang)} → "
                                    f"{_fmt(row.over_scenario, 1, lang)}",
            text("col.affected", lang): _fmt(row.affected, 0, lang),
            text("col.crossing", lang): _signed(row.pushed_out - row.brought_in, 0, lang),
        }
        for ind in needs:
            value = values.at[code, ind.id] if ind.id in values and code in values.index \
                else None
            record[f"{ind.label(lang)} ({ind.unit(lang)})"] = _fmt(value, ind.decimals, lang)
        record[text("col.nearest", lang)] = scenario.sites[int(row.site_scenario)].name
        record[text("col.island", lang)] = "⛴" if row.is_island else ""
        rows.append(record)
    return pd.DataFrame(rows)


def cluster_table(frame: pd.DataFrame, scenario: Scenario, today: bool, lang: str
                  ) -> pd.DataFrame:
    """One row per cluster: its site, municipalities, population and population-weighted
    need, access and outcome indicators (means over the members with a value)."""
    column = "site_today" if today else "site_scenario"
    suffix = "today" if today else "scenario"
    needs = need_indicators(2)
    outcome = outcome_indicator()
    shown = [*needs, *([outcome] if outcome else [])]
    values = _indicator_values(shown).reindex(frame["kommune_kode"])
    clusters, member = np.unique(frame[column].to_numpy(int), return_inverse=True)
    n = len(clusters)
    population = frame["population"].to_numpy(float)

    def weighted(column_values: Any) -> np.ndarray:
        v = np.asarray(column_values, dtype=float)
        ok = ~np.isnan(v)
        top = np.bincount(member, np.where(ok, v * population, 0.0), n)
        bottom = np.bincount(member, np.where(ok, population, 0.0), n)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(bottom > 0, top / bottom, np.nan)

    columns = {
        text("col.site", lang): [scenario.sites[int(site)].name for site in clusters],
        text("col.n", lang): np.bincount(member, minlength=n),
        text("col.population", lang): [_fmt(v, 0, lang)
                                       for v in np.bincount(member, population, n)],
        text("col.distance", lang): [_fmt(v, 1, lang)
                                     for v in weighted(frame[f"km_{suffix}"])],
        text("col.over", lang): [_fmt(v, 1, lang) for v in weighted(frame[f"over_{suffix}"])],
    }
    for ind in shown:
        series = values[ind.id] if ind.id in values else np.full(len(frame), np.nan)
        columns[f"{ind.label(lang)} ({ind.unit(lang)})"] = [
            _fmt(v, ind.decimals, lang) for v in weighted(series)]
    names: list[list[str]] = [[] for _ in range(n)]
    for k, name in zip(member, frame["name"]):
        names[k].append(str(name))
    columns[text("col.members", lang)] = [", ".join(sorted(group)) for group in names]
    return pd.DataFrame(columns)


def moved_table(frame: pd.DataFrame, scenario: Scenario, lang: str) -> pd.DataFrame:
    moved = frame[frame["site_today"] != frame["site_scenario"]]
    return pd.DataFrame([{
        text("col.municipality", lang): str(row.name),
        text("col.from", lang): scenario.sites[int(row.site_today)].name,
        text("col.to", lang): scenario.sites[int(row.site_scenario)].name,
        text("col.population", lang): _fmt(row.population, 0, lang),
    } for row in moved.itertuples()])


# --- the page's view ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: str | None
    help: str | None = None


@dataclass(frozen=True)
class ScenarioView:
    state: ScenarioState
    title: str
    intro: str
    permalink: dict[str, str]
    off_options: dict[str, str]        # site id -> name
    on_options: dict[str, str]
    town_options: dict[int, str]       # index into model.towns -> "Town (Municipality)"
    added_options: dict[str, str]      # URL text of an added site -> its name
    map_modes: dict[str, str]
    blocked: str | None                # every site closed: the message instead of results
    summary: str = ""
    metrics: tuple[Metric, ...] = ()
    affected_line: str = ""
    no_change: str | None = None
    choropleth: Choropleth | None = None
    table: pd.DataFrame | None = None
    table_caption: str = ""
    clusters_scenario: pd.DataFrame | None = None
    clusters_today: pd.DataFrame | None = None
    moved: pd.DataFrame | None = None
    method: str = ""


def build_view(state: ScenarioState, model: ScenarioModel, *, inset: bool = True
               ) -> ScenarioView:
    """Everything the scenario page shows for `state` (validated by parse_state)."""
    lang = state.lang
    base = dict(
        state=state, title=text("title", lang),
        intro=text("intro", lang, n=int(model.baseline.sum())),
        permalink=state.to_params(model),
        off_options={s.id: site_name(s.name, lang) for s in model.sites if s.baseline},
        on_options={s.id: site_name(s.name, lang) for s in model.sites
                    if s.kind == "akutklinik"},
        town_options={i: town.label for i, town in enumerate(model.towns)},
        added_options={site.to_text(): site.name for site in state.add},
        map_modes={mode: text(f"map.{mode}", lang) for mode in MAP_MODES},
        method=text("method.text", lang),
    )
    try:
        scenario = compute(state, model)
    except NoActiveSite:
        return ScenarioView(blocked=text("no_site", lang), **base)
    frame = municipality_results(scenario, model)
    sums = totals(scenario, model, frame)
    notes = [text("notes.points", lang)] + ([text("notes.inset", lang)] if inset else [])
    if state.map == "change":
        choropleth = change_choropleth(state, scenario, frame, sums, lang, notes)
    else:
        choropleth = cluster_choropleth(state, scenario, frame, state.map == "clusters-today",
                                        lang, notes)
    metrics = (
        Metric(text("metric.mean", lang), f"{format_number(sums.mean_scenario, 1, lang)} km",
               f"{_signed(sums.mean_change, 1, lang)} km", text("metric.mean.help", lang)),
        Metric(text("metric.over", lang), f"{format_number(sums.over_scenario, 1, lang)} %",
               text("points", lang, n=_signed(sums.over_scenario - sums.over_today, 1, lang))),
        Metric(text("metric.out", lang), format_number(sums.pushed_out, 0, lang), None),
        Metric(text("metric.in", lang), format_number(sums.brought_in, 0, lang), None),
    )
    active = int(scenario.active.sum())
    return ScenarioView(
        blocked=None,
        summary=text("summary", lang, n_active=active, n_today=int(model.baseline.sum()),
                     closed=len(state.off), upgraded=len(state.on),
                     added=plural(TEXT, "summary.added", len(state.add), lang)),
        metrics=metrics,
        affected_line=text("metric.affected", lang, n=format_number(sums.affected, 0, lang),
                           m=format_count(sums.municipalities_affected, lang)),
        no_change=text("no_change", lang) if state.unchanged else None,
        choropleth=choropleth,
        table=ranked_table(frame, scenario, lang),
        table_caption=text("table.caption", lang),
        clusters_scenario=cluster_table(frame, scenario, False, lang),
        clusters_today=cluster_table(frame, scenario, True, lang),
        moved=moved_table(frame, scenario, lang),
        **base,
    )


# --- adding a site from the list or a map click -----------------------------------------------
def town_site(model: ScenarioModel, index: int) -> AddedSite:
    town = model.towns[index]
    return AddedSite(round(town.lat, 4), round(town.lon, 4), clean_name(town.name))


def nearest_town(model: ScenarioModel, lat: float, lon: float) -> Town:
    lats = np.array([t.lat for t in model.towns])
    lons = np.array([t.lon for t in model.towns])
    return model.towns[int(np.argmin((lats - lat) ** 2 + ((lons - lon) * 0.57) ** 2))]


def real_position(geometry: MapGeometry, lat: float, lon: float) -> tuple[float, float]:
    """Where a click on the drawn map really is: a click inside the Bornholm inset frame is
    moved back to Bornholm (the inset's move is a shift and a latitude scale)."""
    frame, move = geometry.inset_frame, geometry.inset_move
    if frame and move:
        (south, west), (north, east) = frame
        if south <= lat <= north and west <= lon <= east:
            x0, y0 = move(0.0, 0.0)
            _, y1 = move(0.0, 1.0)
            return (lat - y0) / (y1 - y0), lon - x0
    return lat, lon


def clicked_site(model: ScenarioModel, geometry: MapGeometry, clicked: Any, lang: str
                 ) -> tuple[AddedSite, str] | None:
    """(the site a map click proposes, the sentence describing it) from st_folium's
    `last_clicked` ({"lat": …, "lng": …}); None when the click is unusable."""
    try:
        lat, lon = float(clicked["lat"]), float(clicked["lng"])
    except (TypeError, KeyError, ValueError):
        return None
    lat, lon = real_position(geometry, lat, lon)
    site = _parse_added(f"{lat},{lon}")
    if site is None:
        return None
    town = nearest_town(model, site.lat, site.lon)
    name = clean_name(text("add.clicked.name", lang, town=town.name))
    sentence = text("add.clicked", lang, lat=format_number(site.lat, 4, lang),
                    lon=format_number(site.lon, 4, lang), town=md(town.label))
    return AddedSite(site.lat, site.lon, name), sentence


__all__ = ["TEXT", "SCHEMA", "ScenarioModel", "ScenarioState", "ScenarioView", "AddedSite",
           "Scenario", "scenario_model", "parse_state", "widget_values", "param_text",
           "render_id", "compute", "municipality_results", "totals", "build_view",
           "town_site", "clicked_site", "real_position", "change_class", "change_colours",
           "text", "page_title"]


def page_title(lang: str) -> str:
    """The page's name in the app's navigation."""
    return text("page", lang)
