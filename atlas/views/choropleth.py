"""The renderer-neutral description of a choropleth: what every map of the atlas shows.

Per municipality: value, class, colour and the tooltip's lines; legend rows with bounds and
counts and a separate "no data" row; title, unit, period, source and caveat lines; highlight,
selection, zoom preset and point markers. The folium renderer (atlas.maps.folium_map) draws it
in the browser; a static renderer (atlas.charts.static_map) draws the very same description as
PNG/SVG, so the legend counts and colours of an export equal the ones on screen. A bivariate
map is the same description with nine classes.

Pure: no Streamlit, no database; the texts are already in the chosen language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..i18n import format_count, format_number, format_value, is_missing, t
from ..registry import Indicator
from .classify import Classification, classify
from .palettes import NO_DATA, palette

VIEWS = ("dk", "kbh")
DEFAULT_VIEW = "dk"


@dataclass(frozen=True)
class Tooltip:
    """What a municipality's tooltip says (already formatted for the language)."""

    name: str
    indicator_label: str
    value_text: str
    rank_text: str | None
    national_text: str


@dataclass(frozen=True)
class Area:
    """One municipality on the map."""

    code: int
    name: str
    value: float | None
    class_index: int              # -1 = no data
    colour: str | None            # None = no data (hatched)
    tooltip: Tooltip


@dataclass(frozen=True)
class LegendRow:
    colour: str
    lower: float
    upper: float
    label: str          # "12,3 – 15,6"
    count: int
    count_label: str    # "20 kommuner"


@dataclass(frozen=True)
class Legend:
    title: str           # the indicator's label
    unit: str
    rows: tuple[LegendRow, ...]   # ascending values
    no_data_count: int
    no_data_label: str   # "ingen data"
    no_data_count_label: str
    note: str            # "Mørkere farve = dårligere"
    method_label: str    # "Kvantiler"
    reduced_note: str | None
    decimals: int        # decimals used for the bounds (may exceed the indicator's)

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows) + self.no_data_count


@dataclass(frozen=True)
class Point:
    """A point marker (e.g. an acute hospital), at its real position."""

    lat: float
    lon: float
    title: str
    subtitle: str


@dataclass(frozen=True)
class Choropleth:
    title: str
    unit: str
    period: str
    areas: tuple[Area, ...]
    legend: Legend
    classification: Classification
    source_line: str                 # "Kilde: …. Periode: …. Enhed: …."
    notes: tuple[str, ...]           # national value, no data, markers, caveat lines …
    highlight: tuple[int, ...] | None = None
    selected: int | None = None
    view: str = DEFAULT_VIEW
    points: tuple[Point, ...] = ()
    render_id: str = ""              # names this state; the browser echoes it once drawn

    @property
    def no_data(self) -> int:
        return self.legend.no_data_count

    @property
    def colours(self) -> tuple[str, ...]:
        return tuple(row.colour for row in self.legend.rows)


def legend_decimals(classification: Classification, decimals: int, lang: str = "da") -> int:
    """The indicator's decimals, or up to two more if rounding would make two bounds read alike."""
    bounds = classification.upper
    for extra in range(0, 3):
        places = decimals + extra
        texts = [format_number(b, places, lang) for b in bounds]
        if len(set(texts)) == len(texts):
            return places
    return decimals + 2


def build_legend(classification: Classification, indicator: Indicator, lang: str) -> Legend:
    """Legend rows for `classification` of `indicator`."""
    colours = palette(indicator.direction, classification.k) if classification.k else ()
    places = legend_decimals(classification, indicator.decimals, lang)
    rows = tuple(
        LegendRow(colour=colour, lower=lo, upper=hi,
                  label=f"{format_number(lo, places, lang)} – {format_number(hi, places, lang)}",
                  count=count, count_label=format_count(count, lang))
        for colour, lo, hi, count in zip(
            colours, classification.lower, classification.upper, classification.counts)
    )
    note = t("legend.darker.higher" if indicator.direction == "neutral"
             else "legend.darker.worse", lang)
    return Legend(
        title=indicator.label(lang),
        unit=indicator.unit(lang),
        rows=rows,
        no_data_count=classification.no_data,
        no_data_label=t("no_data", lang),
        no_data_count_label=format_count(classification.no_data, lang),
        note=note,
        method_label=t(f"classification.{classification.method}", lang),
        reduced_note=(t("classes.reduced", lang, k=classification.k)
                      if classification.reduced else None),
        decimals=places,
    )


def rank_text(rank: Any, n: Any, direction: str, lang: str) -> str:
    if is_missing(rank) or is_missing(n):
        return t("map.rank.none", lang)
    note = t("rank.highest_first" if direction == "neutral" else "rank.best_first", lang)
    return t("tooltip.rank", lang, rank=int(rank), n=int(n), note=note)


def build_choropleth(indicator: Indicator, period: str, rows: Sequence[dict[str, Any]],
                     lang: str, *, method: str, k: int, national_text: str,
                     source_line: str, notes: Iterable[str] = (),
                     highlight: Iterable[int] | None = None, selected: int | None = None,
                     view: str = DEFAULT_VIEW, points: Iterable[Point] = (),
                     render_id: str = "") -> Choropleth:
    """The choropleth of one indicator and period.

    `rows`: one mapping per municipality with kommune_kode, name, value (None/NaN = no data),
    rank and n_ranked.
    """
    classification = classify([row["value"] for row in rows], method, k)
    legend = build_legend(classification, indicator, lang)
    colours = [row.colour for row in legend.rows]
    label = indicator.label(lang)
    national_line = t("tooltip.national", lang, value=national_text)
    areas = []
    for row, class_index in zip(rows, classification.classes):
        has_value = class_index >= 0
        areas.append(Area(
            code=int(row["kommune_kode"]),
            name=str(row["name"]),
            value=None if is_missing(row["value"]) else float(row["value"]),
            class_index=class_index,
            colour=colours[class_index] if has_value else None,
            tooltip=Tooltip(
                name=str(row["name"]), indicator_label=label,
                value_text=format_value(row["value"], indicator, lang),
                rank_text=rank_text(row.get("rank"), row.get("n_ranked"), indicator.direction,
                                    lang) if has_value else None,
                national_text=national_line,
            ),
        ))
    return Choropleth(
        title=label,
        unit=indicator.unit(lang),
        period=period,
        areas=tuple(areas),
        legend=legend,
        classification=classification,
        source_line=source_line,
        notes=tuple(notes),
        highlight=tuple(sorted(int(c) for c in highlight)) if highlight is not None else None,
        selected=selected,
        view=view if view in VIEWS else DEFAULT_VIEW,
        points=tuple(points),
        render_id=render_id,
    )


__all__ = ["NO_DATA", "VIEWS", "DEFAULT_VIEW", "Tooltip", "Area", "LegendRow", "Legend",
           "Point", "Choropleth", "build_legend", "legend_decimals", "build_choropleth",
           "rank_text"]
