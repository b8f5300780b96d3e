"""The tested hot spots of a pair: the local bivariate Moran (LISA) cluster map as the same
renderer-neutral choropleth description as every other map (atlas.views.choropleth), so the
folium renderer and the static export draw it unchanged.

Five classes: the four cluster types among the municipalities whose q-value (Benjamini-Hochberg)
is at most 5 %, and "no significant cluster"; a municipality lacking either value is hatched as
no data. Colours from Okabe & Ito's colour-blind-safe set, distinct in hue and lightness.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from atlas.i18n import Escaped, Joined, Number, Text, message, t
from atlas.stats.spatial import LocalCluster
from atlas.views.choropleth import Area, Choropleth, Legend, LegendRow, Tooltip, count_text
from atlas.views.classify import Classification
from atlas.views.inverse_care.model import HotSpot, InverseCareView, PairRow
from atlas.views.inverse_care.wording import STRINGS, text
from atlas.views.text import md

QUADRANTS = ("high-high", "low-low", "high-low", "low-high")
# Okabe & Ito (2008): vermillion, blue, reddish purple, yellow; light grey for "not significant"
CLUSTER_COLOURS = {"high-high": "#D55E00", "low-low": "#0072B2", "high-low": "#CC79A7",
                   "low-high": "#F0E442", None: "#e4e4e4"}
CLASSES = (*QUADRANTS, None)


@dataclass(frozen=True)
class ClusterMap:
    choropleth: Choropleth
    title: str
    summary: str                    # "23 of 98 municipalities lie in a significant cluster"
    meanings: tuple[str, ...]       # what a cluster and q mean


def cluster_label(quadrant: str | None, oriented: bool, lang: str) -> str:
    if quadrant is None:
        return text("lisa.none", lang)
    return text(f"lisa.{quadrant}" + ("" if oriented else ".neutral"), lang)


def cluster_of(cluster: LocalCluster | None) -> str | None:
    """The map class of a municipality: its quadrant when significant, else None."""
    return cluster.quadrant if cluster is not None and cluster.significant else None


def _tooltip(row: PairRow, cluster: LocalCluster | None, view: InverseCareView,
             lang: str) -> Tooltip:
    cell: Text
    if cluster is None:
        cell = text("lisa.tooltip.none", lang)
    else:
        cell = message(STRINGS, "lisa.tooltip",
                       cluster=cluster_label(cluster_of(cluster), view.access_oriented, lang),
                       p=Number(cluster.p_value, 3), q=Number(cluster.q_value, 3))
    return Tooltip(name=row.name, indicator_label=view.need.label(lang),
                   value_text=row.need_text,
                   rank_text=Joined((f"{view.access.label(lang)}: ", row.access_text)),
                   national_text=cell)


def cluster_map(view: InverseCareView, clusters: Mapping[int, LocalCluster]) -> ClusterMap:
    """The cluster map of `view`'s pair from its local bivariate Moran results (by code)."""
    lang = view.state.lang
    oriented = view.access_oriented
    areas, classes = [], []
    for row in view.rows:
        cluster = clusters.get(row.code)
        index = CLASSES.index(cluster_of(cluster)) if cluster is not None else -1
        classes.append(index)
        areas.append(Area(code=row.code, name=row.name, value=row.need, class_index=index,
                          colour=CLUSTER_COLOURS[CLASSES[index]] if index >= 0 else None,
                          tooltip=_tooltip(row, cluster, view, lang)))
    counts = tuple(classes.count(k) for k in range(len(CLASSES)))
    no_data = classes.count(-1)
    nan = float("nan")
    title = text("lisa.title", lang)
    legend = Legend(
        title=title, unit=text("lisa.unit", lang),
        rows=tuple(LegendRow(colour=CLUSTER_COLOURS[quadrant], lower=nan, upper=nan,
                             label=cluster_label(quadrant, oriented, lang), count=count,
                             count_label=count_text(count))
                   for quadrant, count in zip(CLASSES, counts)),
        no_data_count=no_data, no_data_label=t("no_data", lang),
        no_data_count_label=count_text(no_data), note=text("lisa.legend_note", lang),
        method_label=text("lisa.method", lang), reduced_note=None, decimals=0)
    classification = Classification(
        method="lisa_clusters", requested_k=len(CLASSES), lower=(nan,) * len(CLASSES),
        upper=(nan,) * len(CLASSES), classes=tuple(classes), counts=counts, no_data=no_data)
    source = view.choropleth.source_line
    choropleth = Choropleth(
        title=title, unit=legend.unit, period=view.choropleth.period, areas=tuple(areas),
        legend=legend, classification=classification, source_line=source,
        notes=(text("lisa.palette", lang), text("map.boundaries", lang)),
        selected=view.state.kommune, render_id="lisa|" + view.choropleth.render_id,
        outlined=tuple(sorted(code for code, c in clusters.items()
                              if c.significant and c.quadrant == "high-high")))
    significant = sum(counts[:len(QUADRANTS)])
    return ClusterMap(
        choropleth=choropleth, title=title,
        summary=text("lisa.summary", lang, significant=significant, n=len(clusters)),
        meanings=(text("meaning.cluster", lang), text("meaning.q", lang)))


def hot_spot_labels(view: InverseCareView, clusters: Mapping[int, LocalCluster]
                    ) -> tuple[tuple[HotSpot, Joined], ...]:
    """The hot-spot list's links (Markdown, its values rendered where shown): rank, name,
    both values, and whether the municipality lies in a significant cluster (and which)."""
    lang = view.state.lang
    labels = []
    for spot in view.hot_spots:
        parts: list[Text] = [f"{spot.rank}. {md(spot.name)}", Escaped(spot.need_text, md),
                             Escaped(spot.access_text, md)]
        quadrant = cluster_of(clusters.get(spot.code))
        if quadrant is not None:
            parts.append(f"**{text('hot.cluster', lang)}** "
                         f"({md(cluster_label(quadrant, view.access_oriented, lang))})")
        labels.append((spot, Joined(tuple(parts), " · ")))
    return tuple(labels)
