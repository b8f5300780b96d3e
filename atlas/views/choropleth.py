"""The renderer-neutral description of a choropleth: what every map of the atlas shows.

Per municipality: value, class, colour and the tooltip's lines; legend rows with bounds and
counts and a separate "no data" row; title, unit, period, source and caveat lines; highlight,
selection, zoom preset and point markers. The folium renderer (atlas.maps.folium_map) draws it
in the browser; a static renderer (atlas.charts.static_map) draws the very same description as
PNG/SVG, so the legend counts and colours of an export equal the ones on screen. A bivariate
map is the same description with nine classes.

Pure: no Streamlit, no database. The labels are in the chosen language; the numbers (values,
legend bounds, counts) are `Number`s and `Message`s, formatted by the renderer that shows them
(`atlas.i18n.render(item, lang)`, docs/i18n.md "Numbers"). A text field also takes plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from atlas.i18n import (
    STRINGS,
    Joined,
    Number,
    Text,
    is_missing,
    message,
    message_plural,
    rounded,
    t,
)
from atlas.registry import Indicator
from atlas.views.classify import Classification, classify
from atlas.views.palettes import BIVARIATE_3X3, NO_DATA, palette

VIEWS = ("dk", "kbh")
DEFAULT_VIEW = "dk"


@dataclass(frozen=True)
class Tooltip:
    """What a municipality's tooltip says: texts, Numbers and Messages (rendered by the map)."""

    name: str
    indicator_label: str
    value_text: Text             # Number(12.3, 1, "år") -> "12,3 år"
    rank_text: Text | None
    national_text: Text
    footer: Text = ""        # "Periode 2021-2025 · Kilde: Danmarks Statistik, HISBK"


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
    label: Text         # "12,3 – 15,6" (Joined Numbers), or a class's name
    count: int
    count_label: Text   # "20 kommuner" (count_text)


@dataclass(frozen=True)
class Legend:
    title: str           # the indicator's label
    unit: str
    rows: tuple[LegendRow, ...]   # ascending values
    no_data_count: int
    no_data_label: str   # "ingen data"
    no_data_count_label: Text
    note: str            # "Mørkere farve = dårligere"
    method_label: str    # "Kvantiler"
    reduced_note: Text | None
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
class PlaceLabel:
    """A municipality's name written on the map: `tier` 0 from the national view on (the
    largest towns), 1 only once zoomed in as far as the Copenhagen view."""

    code: int
    name: str
    tier: int = 0


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
    outlined: tuple[int, ...] = ()   # municipalities drawn with an extra outline (e.g. hot spots)
    bivariate: "BivariateLegend | None" = None   # the 3 x 3 legend grid of a bivariate map
    labels: tuple[PlaceLabel, ...] = ()
    credit: str = ""                 # the boundaries' attribution ("kort: DAGI …"), plain text

    @property
    def no_data(self) -> int:
        return self.legend.no_data_count

    @property
    def colours(self) -> tuple[str, ...]:
        return tuple(row.colour for row in self.legend.rows)


def count_text(n: int) -> Text:
    """"1 kommune" / "20 kommuner", rendered late (the catalogue's plural entry)."""
    return message_plural(STRINGS, "map.legend.count", n)


def legend_decimals(classification: Classification, decimals: int) -> int:
    """The indicator's decimals, or up to two more if rounding would make two legend numbers
    read alike (the classes' smallest and largest values, which never repeat across classes).
    Two numbers read alike in every language exactly when they round to the same decimal."""
    for extra in range(0, 3):
        places = decimals + extra
        if len(set(_class_bounds(classification, places))) == classification.k and all(
                _distinct_ends(classification, places)):
            return places
    return decimals + 2


def _class_range(low: float, high: float, places: int) -> Text:
    """"12,3 – 15,6", or one number when every value of the class rounds to it."""
    if rounded(low, places) == rounded(high, places):
        return Number(low, places)
    return Joined((Number(low, places), Number(high, places)), " – ")


def _class_values(classification: Classification) -> list[tuple[float, float]]:
    """Each class's smallest and largest value (bounds for an empty class of equal
    intervals), so ties shared by many municipalities read as one number and no two classes
    repeat a bound."""
    values = []
    for i in range(classification.k):
        low = (classification.minimum[i] if classification.minimum else None)
        high = (classification.maximum[i] if classification.maximum else None)
        if low is None or high is None:
            low, high = classification.lower[i], classification.upper[i]
        values.append((low, high))
    return values


def _class_bounds(classification: Classification, places: int) -> list[tuple]:
    """What each class's printed range reads, as rounded numbers: one, or low and high."""
    bounds = []
    for low, high in _class_values(classification):
        low_r, high_r = rounded(low, places), rounded(high, places)
        bounds.append((low_r,) if low_r == high_r else (low_r, high_r))
    return bounds


def _distinct_ends(classification: Classification, places: int) -> list[bool]:
    """For each pair of neighbouring classes: the first's largest and the next's smallest
    value read differently."""
    ends = []
    for i in range(classification.k - 1):
        high = classification.maximum[i] if classification.maximum else None
        low = classification.minimum[i + 1] if classification.minimum else None
        if high is None or low is None:
            continue
        ends.append(rounded(high, places) != rounded(low, places))
    return ends


def build_legend(classification: Classification, indicator: Indicator, lang: str) -> Legend:
    """Legend rows for `classification` of `indicator` (labels in `lang`, numbers as Numbers)."""
    colours = palette(indicator.direction, classification.k) if classification.k else ()
    places = legend_decimals(classification, indicator.decimals)
    rows = tuple(
        LegendRow(colour=colour, lower=lo, upper=hi, label=_class_range(low, high, places),
                  count=count, count_label=count_text(count))
        for colour, lo, hi, count, (low, high) in zip(
            colours, classification.lower, classification.upper, classification.counts,
            _class_values(classification))
    )
    reduced_note = None
    if classification.reduced:
        tie = classification.largest_tie
        reduced_note = (message(STRINGS, "classes.tied", k=classification.k, n=tie[1],
                                value=Number(tie[0], places))
                        if tie and classification.n_distinct >= classification.requested_k
                        else t("classes.reduced", lang, k=classification.k))
    note = t("legend.darker.higher" if indicator.direction == "neutral"
             else "legend.darker.worse", lang)
    return Legend(
        title=indicator.label(lang),
        unit=indicator.unit(lang),
        rows=rows,
        no_data_count=classification.no_data,
        no_data_label=t("no_data", lang),
        no_data_count_label=count_text(classification.no_data),
        note=note,
        method_label=t(f"classification.{classification.method}", lang),
        reduced_note=reduced_note,
        decimals=places,
    )


def rank_text(rank: Any, n: Any, direction: str, lang: str) -> str:
    if is_missing(rank) or is_missing(n):
        return t("map.rank.none", lang)
    note = t("rank.highest_first" if direction == "neutral" else "rank.best_first", lang)
    return t("tooltip.rank", lang, rank=int(rank), n=int(n), note=note)


def build_choropleth(indicator: Indicator, period: str, rows: Sequence[dict[str, Any]],
                     lang: str, *, method: str, k: int, national_text: Text,
                     source_line: str, notes: Iterable[Text] = (),
                     highlight: Iterable[int] | None = None, selected: int | None = None,
                     view: str = DEFAULT_VIEW, points: Iterable[Point] = (),
                     render_id: str = "", tooltip_footer: str = "",
                     labels: Iterable[PlaceLabel] = (), credit: str = "") -> Choropleth:
    """The choropleth of one indicator and period.

    `rows`: one mapping per municipality with kommune_kode, name, value (None/NaN = no data),
    rank and n_ranked. `national_text`: the national value as the tooltip shows it.
    """
    classification = classify([row["value"] for row in rows], method, k)
    legend = build_legend(classification, indicator, lang)
    colours = [row.colour for row in legend.rows]
    label = indicator.label(lang)
    national_line = message(STRINGS, "tooltip.national", value=national_text)
    unit = indicator.unit(lang)
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
                value_text=Number(row["value"], indicator.decimals, unit),
                rank_text=rank_text(row.get("rank"), row.get("n_ranked"), indicator.direction,
                                    lang) if has_value else None,
                national_text=national_line,
                footer=tooltip_footer,
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
        labels=tuple(labels),
        credit=credit,
    )


# --- bivariate (3 x 3 tertiles) -----------------------------------------------------------------
@dataclass(frozen=True)
class BivariateCell:
    first_class: int              # 0 (low tertile) .. 2 (high tertile) of the first variable
    second_class: int             # same, second variable
    colour: str
    label: str                    # "Højt behov · ringest adgang"
    count: int
    count_label: Text
    outlined: bool = False


@dataclass(frozen=True)
class BivariateLegend:
    """The legend grid: columns = first variable's tertiles (left to right), rows = second
    variable's (bottom to top)."""

    first_title: str
    second_title: str
    first_ticks: tuple[Text, ...]     # the value range of each tertile, low to high
    second_ticks: tuple[Text, ...]
    cells: tuple[BivariateCell, ...]  # 9 cells, second_class-major: (0,0), (1,0), (2,0), (0,1) …
    no_data_count: int
    no_data_label: str
    no_data_count_label: Text
    note: str = ""

    def cell(self, first_class: int, second_class: int) -> BivariateCell:
        return self.cells[second_class * 3 + first_class]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells) + self.no_data_count


def build_bivariate_choropleth(
        rows: Sequence[Mapping[str, Any]], lang: str, *, title: str, unit: str, period: str,
        first_title: str, second_title: str, first_ticks: Sequence[Text],
        second_ticks: Sequence[Text], cell_label: Callable[[int, int], str],
        outlined_cells: Iterable[tuple[int, int]] = (), source_line: str,
        notes: Iterable[str] = (), legend_note: str = "", selected: int | None = None,
        render_id: str = "") -> Choropleth:
    """A 3 x 3 bivariate choropleth as the same renderer-neutral description as a one-indicator
    map: nine classes (class index = second_class * 3 + first_class) coloured from
    palettes.BIVARIATE_3X3, legend rows per cell, a legend grid, and the municipalities of
    `outlined_cells` in `outlined`.

    `rows`: one mapping per municipality with kommune_kode, name, first_class and
    second_class (0..2, or -1 where either value is missing: no data), value (shown nowhere but
    kept on the area) and tooltip (a Tooltip)."""
    outlined_set = set(outlined_cells)
    counts = [0] * 9
    classes: list[int] = []
    areas = []
    for row in rows:
        first, second = int(row["first_class"]), int(row["second_class"])
        index = second * 3 + first if first >= 0 and second >= 0 else -1
        classes.append(index)
        if index >= 0:
            counts[index] += 1
        value = row.get("value")
        areas.append(Area(
            code=int(row["kommune_kode"]), name=str(row["name"]),
            value=None if is_missing(value) else float(value), class_index=index,
            colour=BIVARIATE_3X3[second][first] if index >= 0 else None,
            tooltip=row["tooltip"]))
    no_data = sum(1 for index in classes if index < 0)
    cells = tuple(
        BivariateCell(first_class=first, second_class=second,
                      colour=BIVARIATE_3X3[second][first], label=cell_label(first, second),
                      count=counts[second * 3 + first],
                      count_label=count_text(counts[second * 3 + first]),
                      outlined=(first, second) in outlined_set)
        for second in range(3) for first in range(3))
    nan = float("nan")
    legend = Legend(
        title=title, unit=unit,
        rows=tuple(LegendRow(colour=cell.colour, lower=nan, upper=nan, label=cell.label,
                             count=cell.count, count_label=cell.count_label) for cell in cells),
        no_data_count=no_data, no_data_label=t("no_data", lang),
        no_data_count_label=count_text(no_data), note=legend_note,
        method_label=t("classification.quantiles", lang), reduced_note=None, decimals=0)
    grid = BivariateLegend(
        first_title=first_title, second_title=second_title, first_ticks=tuple(first_ticks),
        second_ticks=tuple(second_ticks), cells=cells, no_data_count=no_data,
        no_data_label=legend.no_data_label, no_data_count_label=legend.no_data_count_label,
        note=legend_note)
    classification = Classification(
        method="bivariate_tertiles", requested_k=9, lower=(nan,) * 9, upper=(nan,) * 9,
        classes=tuple(classes), counts=tuple(counts), no_data=no_data)
    outlined = tuple(sorted(area.code for area in areas if area.class_index >= 0
                            and (area.class_index % 3, area.class_index // 3) in outlined_set))
    return Choropleth(
        title=title, unit=unit, period=period, areas=tuple(areas), legend=legend,
        classification=classification, source_line=source_line, notes=tuple(notes),
        selected=selected, render_id=render_id, outlined=outlined, bivariate=grid)


__all__ = ["NO_DATA", "VIEWS", "DEFAULT_VIEW", "Tooltip", "Area", "LegendRow", "Legend",
           "Point", "PlaceLabel", "Choropleth", "build_legend", "legend_decimals", "count_text",
           "build_choropleth", "rank_text", "BivariateCell", "BivariateLegend",
           "build_bivariate_choropleth"]
