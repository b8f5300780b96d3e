"""The scenario's maps as renderer-neutral choropleths: the change in distance (diverging
classes centred on zero) and the health clusters (a colour per cluster site), with their
legends and the sites as points."""

from __future__ import annotations

import math
from functools import cache
from typing import Sequence

import pandas as pd

from atlas.i18n import Joined, Number, Text, is_missing, message, site_name, t
from atlas.views.choropleth import (
    Area,
    Choropleth,
    Legend,
    LegendRow,
    Point,
    Tooltip,
    count_text,
)
from atlas.views.classify import Classification
from atlas.views.palettes import diverging
from atlas.views.scenario.model import Site
from atlas.views.scenario.results import UNCHANGED_KM, Scenario, Totals
from atlas.views.scenario.state import ScenarioState, render_id
from atlas.views.scenario.wording import TEXT, text

CHANGE_BREAKS = (10.0, 2.0)  # class bounds either side of zero, km
# A colour of its own for every cluster: first Paul Tol's "light" qualitative scheme
# (personal.sron.nl/~pault), designed to stay apart for colour-blind readers and to carry dark
# text (grey left out: it reads as "no data"); then Glasbey's light categorical colours
# (colorcet.glasbey_light: each as distinct as possible from all before it), 256 in all.
TOL_LIGHT = ("#77aadd", "#ee8866", "#eedd88", "#ffaabb", "#99ddff", "#44bb99", "#bbcc33",
             "#aaaa00")


@cache
def cluster_palette() -> tuple[str, ...]:
    """TOL_LIGHT, then Glasbey's colours. colorcet is imported here, not with the module: it
    builds all its palettes on import (seconds on a busy 2-core machine), and app.py imports
    this package for the scenario page's title before the first map (issue 23)."""
    from colorcet import glasbey_light

    return tuple(dict.fromkeys((*TOL_LIGHT, *glasbey_light)))


def __getattr__(name: str):
    if name == "CLUSTER_COLOURS":   # the constant it was; computed on first use
        return cluster_palette()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def _change_legend(classes: Sequence[int], lang: str) -> tuple[Legend, Classification]:
    big, small = CHANGE_BREAKS
    a, b = Number(small, 0), Number(big, 0)
    labels = (
        message(TEXT, "class.much_shorter", b=b),
        message(TEXT, "class.shorter", a=a, b=b),
        message(TEXT, "class.little_shorter", b=a),
        message(TEXT, "class.unchanged", b=Number(UNCHANGED_KM, 2)),
        message(TEXT, "class.little_longer", b=a),
        message(TEXT, "class.longer", a=a, b=b),
        message(TEXT, "class.much_longer", b=b),
    )
    lower = (-math.inf, -big, -small, -UNCHANGED_KM, UNCHANGED_KM, small, big)
    upper = (-big, -small, -UNCHANGED_KM, UNCHANGED_KM, small, big, math.inf)
    counts = tuple(sum(1 for c in classes if c == k) for k in range(7))
    no_data = sum(1 for c in classes if c < 0)
    classification = Classification("fixed", 7, lower, upper, tuple(classes), counts, no_data)
    rows = tuple(LegendRow(colour=colour, lower=lo, upper=hi, label=label, count=count,
                           count_label=count_text(count))
                 for colour, lo, hi, label, count in zip(change_colours(), lower, upper,
                                                         labels, counts))
    legend = Legend(title=text("map.change", lang), unit=text("legend.change.unit", lang),
                    rows=rows, no_data_count=no_data, no_data_label=_no_data(lang),
                    no_data_count_label=count_text(no_data),
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


def change_message(today: float, scenario: float, change: float) -> Text:
    """"12,3 → 15,0 km (+2,7 km)": a distance today, in the scenario, and the change."""
    return message(TEXT, "tip.change", today=Number(today, 1), scenario=Number(scenario, 1),
                   change=Number(change, 1, signed=True))


def change_choropleth(state: ScenarioState, scenario: Scenario, frame: pd.DataFrame,
                      totals_: Totals, lang: str, notes: Sequence[str]) -> Choropleth:
    """The map of the change: km longer or shorter per municipality, diverging classes
    centred on zero, unchanged municipalities in the palette's light neutral middle."""
    classes = [change_class(value) for value in frame["change_km"]]
    legend, classification = _change_legend(classes, lang)
    colours = legend.rows
    national = Joined((text("metric.mean", lang),
                       change_message(totals_.mean_today, totals_.mean_scenario,
                                      totals_.mean_change)), ": ")
    island = text("tip.island", lang)
    areas = []
    for row, cls in zip(frame.itertuples(), classes):
        extra: list[Text] = [message(TEXT, "tip.over", today=Number(row.over_today, 1),
                                     scenario=Number(row.over_scenario, 1))]
        if row.affected > 0:
            extra.append(message(TEXT, "tip.affected", n=Number(row.affected, 0)))
        if row.is_island:
            extra.append(island)
        areas.append(Area(
            code=int(row.kommune_kode), name=str(row.name),
            value=None if is_missing(row.change_km) else float(row.change_km),
            class_index=cls, colour=colours[cls].colour if cls >= 0 else None,
            tooltip=Tooltip(
                name=str(row.name), indicator_label=text("tip.distance", lang),
                value_text=change_message(row.km_today, row.km_scenario, row.change_km),
                rank_text=Joined(tuple(extra), " · "), national_text=national)))
    return Choropleth(
        title=text("map.change", lang), unit="km", period="", areas=tuple(areas),
        legend=legend, classification=classification, source_line="", notes=tuple(notes),
        points=_points(scenario.active_sites, lang), render_id=render_id(state))


def cluster_neighbours(frame: pd.DataFrame) -> dict[int, set[int]]:
    """Cluster site -> the sites whose clusters it touches, on either map (today's and the
    scenario's): two clusters touch when a municipality of one is among the k = 5 nearest
    municipalities (centroids; the build's spatial weights) of a municipality of the other,
    which links shared borders and the short crossings one sees on the map."""
    from atlas.query.spatial import spatial_weights

    weights = spatial_weights()
    neighbours: dict[int, set[int]] = {}
    for column in ("site_today", "site_scenario"):
        site_of = dict(zip(frame["kommune_kode"].astype(int), frame[column].astype(int)))
        for code, near in weights.w.neighbors.items():
            for other in near:
                a, b = site_of.get(int(code)), site_of.get(int(other))
                if a is not None and b is not None and a != b:
                    neighbours.setdefault(a, set()).add(b)
                    neighbours.setdefault(b, set()).add(a)
    return neighbours


def cluster_colours(model_sites: Sequence[Site], used: Sequence[int],
                    neighbours: dict[int, set[int]] | None = None) -> dict[int, str]:
    """A colour per cluster site, the same on today's map and the scenario's, different for
    every cluster while there are no more clusters than colours (256; Denmark has about 25).
    Clusters are coloured most-connected first (Welsh-Powell), each with the first palette
    colour that no other cluster has yet, so the colour-blind-safe colours go where most
    clusters meet (`cluster_neighbours`). Beyond the palette a cluster takes the first colour
    none of its touching clusters has, so touching clusters never share one; only a cluster
    touching as many clusters as there are colours (or with no neighbours given) takes the
    colour whose nearest site already using it is farthest away. Deterministic."""
    neighbours = neighbours or {}
    chosen: dict[int, str] = {}

    def separation(site: Site, colour: str) -> float:
        others = [model_sites[j] for j, c in chosen.items() if c == colour]
        if not others:
            return math.inf
        return min(math.hypot(site.lat - o.lat, (site.lon - o.lon) * 0.57) for o in others)

    colours = cluster_palette()
    order = sorted(set(used), key=lambda index: (-len(neighbours.get(index, ())), index))
    for index in order:
        unused = [c for c in colours if c not in chosen.values()]
        taken = {chosen[j] for j in neighbours.get(index, ()) if j in chosen}
        free = unused or [c for c in colours if c not in taken]
        if free and (neighbours or unused):
            chosen[index] = free[0]
            continue
        site = model_sites[index]
        chosen[index] = max(free or colours,
                            key=lambda c: (separation(site, c),  # noqa: B023
                                           -colours.index(c)))
    return chosen


def cluster_choropleth(state: ScenarioState, scenario: Scenario, frame: pd.DataFrame,
                       today: bool, lang: str, notes: Sequence[str]) -> Choropleth:
    """Health clusters on the map: each municipality in its cluster site's colour."""
    column = "site_today" if today else "site_scenario"
    sites = scenario.sites
    colour_of = cluster_colours(sites, list(frame["site_today"]) + list(frame["site_scenario"]),
                                cluster_neighbours(frame))
    clusters = sorted(set(int(s) for s in frame[column]))
    index_of = {site: k for k, site in enumerate(clusters)}
    population = frame.groupby(column)["population"].sum()
    classes = [index_of[int(s)] for s in frame[column]]
    counts = tuple(classes.count(k) for k in range(len(clusters)))
    rows = tuple(LegendRow(colour=colour_of[site], lower=float(k), upper=float(k),
                           label=message(TEXT, "legend.cluster.row", site=sites[site].short_name,
                                         population=Number(population[site], 0)),
                           count=count, count_label=count_text(count))
                 for k, (site, count) in enumerate(zip(clusters, counts)))
    zeros = tuple(float(k) for k in range(len(clusters)))
    classification = Classification("clusters", len(clusters), zeros, zeros, tuple(classes),
                                     counts, 0)
    legend = Legend(title=text(f"map.{'clusters-today' if today else 'clusters'}", lang),
                    unit=text("legend.clusters.unit", lang), rows=rows, no_data_count=0,
                    no_data_label=_no_data(lang), no_data_count_label=count_text(0),
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
                            national_text=message(TEXT, "tip.cluster.population",
                                                  n=Number(population[site], 0)))))
    shown = tuple(s for s in sites if s.baseline) if today else scenario.active_sites
    return Choropleth(
        title=legend.title, unit="", period="", areas=tuple(areas), legend=legend,
        classification=classification, source_line="", notes=tuple(notes),
        points=_points(shown, lang), render_id=render_id(state))
