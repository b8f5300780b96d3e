"""The choropleth as a static figure (altair geoshape), for PNG/SVG export without a browser.

Draws the same renderer-neutral description (atlas.views.choropleth.Choropleth) as the folium
map: the same colours per municipality, the same legend rows and counts, the same title,
period and source line. atlas.charts.export turns it into SVG or PNG offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import altair as alt

from ..views.choropleth import Choropleth
from ..views.geometry import MapGeometry
from ..views.palettes import NO_DATA
from ..views.text import plain


@dataclass(frozen=True)
class FigureSize:
    name: str
    width: int
    height: int


SIZES = {
    "web": FigureSize("web", 900, 640),
    "slide": FigureSize("slide", 1920, 1080),
}


def _features(model: Choropleth, geometry: MapGeometry) -> list[dict]:
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
                           "value": area.tooltip.value_text},
        })
    return features


def _legend(model: Choropleth, font: int) -> alt.Chart:
    rows = [{"order": i, "colour": row.colour, "text": f"{row.label}   ({row.count_label})"}
            for i, row in enumerate(model.legend.rows)]
    rows.append({"order": len(rows), "colour": NO_DATA.fill,
                 "text": f"{model.legend.no_data_label}   ({model.legend.no_data_count_label})"})
    base = alt.Chart(alt.Data(values=rows), title=alt.TitleParams(
        model.legend.unit, fontSize=font, anchor="start"))
    swatches = base.mark_square(size=font * 18, stroke="#555", strokeWidth=0.8, opacity=1).encode(
        y=alt.Y("order:O", axis=None), color=alt.Color("colour:N", scale=None))
    labels = base.mark_text(align="left", dx=font, fontSize=font).encode(
        y=alt.Y("order:O", axis=None), text="text:N")
    return (swatches + labels).properties(width=font * 2, height=(len(rows)) * font * 1.9)


def static_map(model: Choropleth, geometry: MapGeometry, size: str = "web") -> alt.Chart:
    """The choropleth as an altair chart: map, legend, title, period and source line."""
    figure = SIZES[size]
    font = 13 if size == "web" else 22
    map_width = int(figure.width * 0.68)
    map_height = figure.height - 6 * font
    shapes = alt.Chart(alt.Data(values=_features(model, geometry))).mark_geoshape(
        stroke="#ffffff", strokeWidth=0.5,
    ).encode(
        color=alt.Color("properties.fill:N", scale=None),
        tooltip=[alt.Tooltip("properties.name:N"), alt.Tooltip("properties.value:N")],
    ).project(type="mercator").properties(width=map_width, height=map_height)
    source = plain(model.source_line)
    chart = alt.hconcat(shapes, _legend(model, font)).properties(
        title=alt.TitleParams(
            text=f"{model.title} ({model.period})",
            subtitle=[line for line in (source, model.credit, model.legend.note) if line],
            fontSize=font * 1.6, subtitleFontSize=font, anchor="start",
            subtitleColor="#222222",
        ),
    ).configure_view(stroke=None).configure(background="#ffffff")
    return chart
