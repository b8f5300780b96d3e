"""The choropleth as a static figure (altair geoshape), for PNG/SVG export without a browser.

Draws the same renderer-neutral description (atlas.views.choropleth.Choropleth) as the folium
map: the same colours per municipality, the same legend rows and counts, the same title,
period and source line. atlas.charts.export turns it into SVG or PNG offline.

The outlines (and the "no data" hatching) are named datasets added to the spec at the end
(export.WithDatasets), not inline data of the altair chart: altair copies, converts and
validates inline data at every step of building and serialising a chart, which for the 98
outlines took seconds per click (issue 23); the Vega-Lite spec says the same either way.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import altair as alt
from shapely.geometry import LineString, MultiLineString, mapping, shape

from atlas.charts.export import WithDatasets
from atlas.i18n import render
from atlas.views.choropleth import Choropleth
from atlas.views.geometry import MapGeometry
from atlas.views.palettes import NO_DATA
from atlas.views.text import plain


@dataclass(frozen=True)
class FigureSize:
    name: str
    width: int
    height: int


SIZES = {
    "web": FigureSize("web", 900, 640),
    "slide": FigureSize("slide", 1920, 1080),
}


def _features(model: Choropleth, geometry: MapGeometry, lang: str) -> list[dict]:
    areas = {area.code: area for area in model.areas}
    features = []
    for feature in json.loads(geometry.features_json)["features"]:
        area = areas.get(int(feature["properties"]["k"]))
        if area is None:
            continue
        features.append({
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {"k": area.code, "name": area.name,
                           "fill": area.colour or NO_DATA.fill,
                           "value": render(area.tooltip.value_text, lang)},
        })
    return features


# "no data" is hatched, as on the screen map: diagonal lines this far apart (degrees of
# longitude), drawn at 45 degrees as seen in the Mercator projection at Denmark's latitude
HATCH_SPACING = 0.07
_HATCH_SLOPE = math.cos(math.radians(56.0))      # d(lat) per d(lon) for a 45-degree line


def _hatch(geometry: dict, spacing: float = HATCH_SPACING) -> dict | None:
    """Hatch lines clipped to one municipality's (GeoJSON) geometry."""
    area = shape(geometry)
    if area.is_empty:
        return None
    west, south, east, north = area.bounds
    reach = (north - south) / _HATCH_SLOPE          # lon covered while climbing the box
    lines = []
    start = west - reach
    while start <= east:
        lines.append(LineString([(start, south), (start + reach, north)]))
        start += spacing
    clipped = MultiLineString(lines).intersection(area)
    # a line that only touches the outline leaves a point: keep the lines alone
    parts = [part for part in getattr(clipped, "geoms", [clipped])
             if isinstance(part, (LineString, MultiLineString)) and not part.is_empty]
    segments = [line for part in parts for line in getattr(part, "geoms", [part])]
    return mapping(MultiLineString(segments)) if segments else None


def _hatches(features: list[dict]) -> list[dict]:
    hatches = []
    for feature in features:
        if feature["properties"]["fill"] != NO_DATA.fill:
            continue
        lines = _hatch(feature["geometry"])
        if lines is not None:
            hatches.append({"type": "Feature", "geometry": lines, "properties": {}})
    return hatches


# a legend swatch's hatching: diagonal strokes over the unit square Vega scales to `size`
_HATCH_SWATCH = "M-1,0L0,-1M-1,1L1,-1M0,1L1,0M-0.5,1L1,-0.5M-1,0.5L0.5,-1"


def _legend(model: Choropleth, font: int, lang: str) -> alt.Chart:
    legend = model.legend
    rows = [{"order": i, "colour": row.colour,
             "text": f"{render(row.label, lang)}   ({render(row.count_label, lang)})"}
            for i, row in enumerate(legend.rows)]
    rows.append({"order": len(rows), "colour": NO_DATA.fill,
                 "text": f"{legend.no_data_label}   "
                         f"({render(legend.no_data_count_label, lang)})"})
    base = alt.Chart(alt.Data(values=rows), title=alt.TitleParams(
        model.legend.unit, fontSize=font, anchor="start"))
    swatches = base.mark_square(size=font * 18, stroke="#555", strokeWidth=0.8, opacity=1).encode(
        y=alt.Y("order:O", axis=None), color=alt.Color("colour:N", scale=None))
    hatch = alt.Chart(alt.Data(values=rows[-1:])).mark_point(
        shape=_HATCH_SWATCH, size=font * 18, filled=False, stroke=NO_DATA.hatch,
        strokeWidth=1.2, opacity=1, aria=False,
    ).encode(y=alt.Y("order:O", axis=None))
    labels = base.mark_text(align="left", dx=font, fontSize=font).encode(
        y=alt.Y("order:O", axis=None), text="text:N")
    return (swatches + hatch + labels).properties(width=font * 2,
                                                  height=(len(rows)) * font * 1.9)


SHAPES_DATA, HATCHES_DATA = "municipalities", "no_data_hatches"


def static_map(model: Choropleth, geometry: MapGeometry, size: str = "web", *,
               lang: str) -> WithDatasets:
    """The choropleth as a chart for export.figure: map, legend, title, period and source
    line (an altair chart with its outlines as named datasets, see the module docstring),
    its numbers in `lang`."""
    figure = SIZES[size]
    font = 13 if size == "web" else 22
    map_width = int(figure.width * 0.68)
    map_height = figure.height - 6 * font
    features = _features(model, geometry, lang)
    datasets = {SHAPES_DATA: features}
    shapes = alt.Chart(alt.Data(name=SHAPES_DATA)).mark_geoshape(
        stroke="#ffffff", strokeWidth=0.5,
    ).encode(
        color=alt.Color("properties.fill:N", scale=None),
        tooltip=[alt.Tooltip("properties.name:N"), alt.Tooltip("properties.value:N")],
    ).project(type="mercator").properties(width=map_width, height=map_height)
    hatches = _hatches(features)
    if hatches:
        datasets[HATCHES_DATA] = hatches
        # the same projection fits the layered shapes together; hatch marks are decoration
        shapes = alt.layer(shapes, alt.Chart(alt.Data(name=HATCHES_DATA)).mark_geoshape(
            filled=False, stroke=NO_DATA.hatch, strokeWidth=0.9, aria=False,
        ).project(type="mercator"))
    source = plain(model.source_line)
    chart = alt.hconcat(shapes, _legend(model, font, lang)).properties(
        title=alt.TitleParams(
            text=f"{model.title} ({model.period})",
            subtitle=[line for line in (source, model.credit, model.legend.note) if line],
            fontSize=font * 1.6, subtitleFontSize=font, anchor="start",
            subtitleColor="#222222",
        ),
    ).configure_view(stroke=None).configure(background="#ffffff")
    return WithDatasets(chart, datasets)
