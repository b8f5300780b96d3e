"""The folium map for streamlit-folium: a fixed base map plus a small per-run choropleth layer.

Two parts, so switching indicator, period, classes, filter, selection or language repaints the
map in place (no iframe reload, zoom kept):

  base map      `build_base_map(geometry)`: a Leaflet map whose script is one call,
                `window.atlasInit(map, options)`. Leaflet, the geometry (municipality polygons
                with their code only, region border lines) and `atlasInit` itself (panes, the
                Bornholm inset frame, the no-data hatch pattern, labels, keyboard, and
                `window.atlasApply`) are published once as a content-hashed static file the
                browser caches (assets.publish); embedded in the script when static/ is not
                writable. The script depends on geometry alone, so streamlit-folium's
                component key stays the same.
  choropleth    `choropleth_layer(...)`: a folium FeatureGroup passed as `feature_group_to_add`,
                whose script is one call `window.atlasApply({...})` with the class colours, the
                per-municipality class and tooltip texts in compact columns
                (`choropleth_payload`), highlight filter, selection and view preset.

No basemap tiles by default (nothing external loads); Leaflet itself comes from the app's own
static files (see assets.py): the map's and figure's default_js/default_css are overridden so
no CDN URL remains anywhere in what streamlit-folium sends to the browser.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from functools import lru_cache
from typing import Any

import folium
from branca.element import MacroElement

try:  # folium >= 0.18
    from folium.template import Template
except ImportError:  # pragma: no cover
    from jinja2 import Template

from atlas.i18n import render
from atlas.maps import assets
from atlas.maps.assets import MAP_CSS, MAP_JS
from atlas.views.choropleth import DEFAULT_VIEW, VIEWS, Choropleth, Point, Tooltip
from atlas.views.geometry import MapGeometry
from atlas.views.palettes import NO_DATA, OUTLINE_COLOUR

MAP_HEIGHT = 640
TILE_PROVIDERS = {"osm": "OpenStreetMap"}  # ?tiles=osm -> folium tile provider

# `window.atlasInit(map, options)`: the whole base map, static/js/atlas-map.js. Published once
# per geometry, together with the geometry (`window.atlasGeometry`), as a static file the
# component iframe loads with <script src> before it runs the map script (see assets.publish);
# embedded when it cannot be.

# The per-run script: apply now, or leave the payload for atlasInit if the base map is not
# drawn yet.
_APPLY_JS = ("(function (d) {{ if (window.atlasApply) {{ window.atlasApply(d); }} "
             "else {{ window.atlasPending = d; }} }})({0});")


class _AtlasBase(MacroElement):
    """The base map: `atlasInit(<map>, <options>)`, after the init code and geometry themselves
    when they could not be published as a static file (see module docstring)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this.embedded }}window.atlasInit({{ this._parent.get_name() }}, {{ this.options }});"
        "{% endmacro %}"
    )

    def __init__(self, options_json: str, embedded: str) -> None:
        super().__init__()
        self._name = "AtlasBase"
        self.options = options_json
        self.embedded = embedded


class _AtlasApply(MacroElement):
    """`window.atlasApply(<payload>)`, evaluated by streamlit-folium on every change."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}")

    def __init__(self, payload_json: str) -> None:
        super().__init__()
        self._name = "AtlasApply"
        self.js = _APPLY_JS.format(payload_json)


def _js_bounds(bounds: Any) -> Any:
    if bounds is None:
        return None
    (south, west), (north, east) = bounds
    return [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]


@lru_cache(maxsize=4)
def base_map_code(features_json: str, regions_json: str | None) -> str:
    """The static part of the base map: the geometry as `window.atlasGeometry` and
    `window.atlasInit`. The same for every session, language and indicator."""
    init = (assets.MAP_SCRIPT.read_text(encoding="utf-8")
            .replace("__PATTERN__", NO_DATA.pattern_id)
            .replace("__ND_FILL__", NO_DATA.fill)
            .replace("__ND_HATCH__", NO_DATA.hatch)
            .replace("__OUTLINE__", OUTLINE_COLOUR))
    # a JSON text for JSON.parse, not a JavaScript object literal: a browser parses a large JSON
    # text faster than the same data as code (the geometry is most of the published file)
    geometry = f'{{"f": {features_json}, "r": {regions_json or "null"}}}'
    literal = json.dumps(geometry).replace("</", "<\\/")  # safe inside a <script> as well
    return f"window.atlasGeometry = JSON.parse({literal});\n{init}"


def leaflet_bundle_code() -> str | None:
    """Leaflet itself (its code, and its styles as a <style> it adds), from static/vendor, to
    go first in the published file: the component iframe then loads one file after its own
    code instead of three in a row. None when the vendored files are missing."""
    js, css = assets.LEAFLET_DIR / "leaflet.js", assets.LEAFLET_DIR / "leaflet.css"
    try:
        code, styles = js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    except OSError:
        return None
    # the stylesheet's images, relative to it, resolve from the iframe's own address
    images = f"url({assets.IFRAME_STATIC_PREFIX}vendor/leaflet/images/"
    styles = styles.replace("url(images/", images)
    add_styles = ("(function () { var s = document.createElement('style'); s.textContent = "
                  f"{json.dumps(styles)}; document.head.appendChild(s); }})();")
    return f"{code}\n;{add_styles}\n"


@lru_cache(maxsize=4)
def _published(features_json: str, regions_json: str | None) -> str | None:
    """The published file (Leaflet, geometry, base map code) or None (then linked/embedded)."""
    leaflet = leaflet_bundle_code()
    if leaflet is None:
        return None
    return assets.publish("map", "js", leaflet + base_map_code(features_json, regions_json))


def build_base_map(geometry: MapGeometry, *, height: int = MAP_HEIGHT,
                   tiles: str | None = None, tile_error: str | None = None,
                   publish: bool = True, label_px: int | None = None) -> folium.Map:
    """The fixed part of the map (geometry only). `tiles=None`: no basemap, nothing external;
    `tiles="osm"`: OpenStreetMap tiles (online only), and `tile_error` is shown on the map
    when they cannot load. The geometry and the base map's code go to a static file the
    browser caches (`publish=False`, or static/ not writable: embedded). `label_px`: place
    names up to that size (a slide; 1/50 of the frame's width at most), else 13 px."""
    (south, west), (north, east) = geometry.bounds
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=7,
        tiles=TILE_PROVIDERS.get(tiles, tiles) if tiles else None,
        width="100%",
        height=f"{height}px",
        min_zoom=5,
        max_zoom=12,
        zoom_snap=0.25,
        zoom_delta=0.5,
        control_scale=False,
        font_size="15px",
        scroll_wheel_zoom=False,  # on after a click on the map, or with Ctrl (atlasInit)
    )
    # Offline: Leaflet from the app's own static files; none of folium's CDN defaults
    # (jQuery, Bootstrap, awesome-markers, Font Awesome) is needed for a choropleth. Published:
    # one file with Leaflet, its styles, the geometry and the base map's code.
    url = _published(geometry.features_json, geometry.regions_json) if publish else None
    m.default_js = [("atlas_map", url)] if url else list(MAP_JS)
    m.default_css = [] if url else list(MAP_CSS)
    figure = m.get_root()
    figure.default_js = []
    figure.default_css = []
    options = json.dumps({
        "frame": _js_bounds(geometry.inset_frame),
        "dk": _js_bounds(geometry.bounds),
        "kbh": _js_bounds(geometry.kbh_bounds or geometry.bounds),
        "sea": "#ffffff" if tiles else "#e9eef2",
        **({"tileError": tile_error} if tiles and tile_error else {}),
        **({"labelPx": label_px} if label_px else {}),
    }, separators=(",", ":")).replace("</", "<\\/")
    embedded = "" if url else base_map_code(geometry.features_json, geometry.regions_json)
    _AtlasBase(options, embedded).add_to(m)
    return m


def tooltip_html(tip: Tooltip, lang: str) -> str:
    """Tooltip HTML from the view's texts and numbers, rendered in `lang` (every text
    escaped)."""
    esc = html.escape
    rank, footer = render(tip.rank_text, lang), render(tip.footer, lang)
    lines = [
        f'<b>{esc(tip.name)}</b>',
        f'{esc(tip.indicator_label)}: <b>{esc(render(tip.value_text, lang))}</b>',
    ]
    if rank:
        lines.append(esc(rank))
    lines.append(f'<span style="color:#444">{esc(render(tip.national_text, lang))}</span>')
    if footer:
        lines.append(f'<span class="atlas-tip-foot">{esc(footer)}</span>')
    return "<br>".join(lines)


def point_html(point: Point) -> str:
    return f"<b>{html.escape(point.title)}</b><br>{html.escape(point.subtitle)}"


_HOLE = "\u0001"
_NUMBER = re.compile(r"[-\u2212+]?\d(?:[\d.,]*\d)?")


def _column(values: tuple) -> Any:
    """A payload column: its one value when all are equal; {"d": the usual value, "e":
    {index: value} for the others} when most are equal; else the list."""
    if not values:
        return []
    common, count = Counter(values).most_common(1)[0]
    if count == len(values):
        return common
    if count * 3 >= len(values) * 2:
        return {"d": common, "e": {str(i): v for i, v in enumerate(values) if v != common}}
    return list(values)


def _hole(text: str) -> str | int:
    """A template's hole: a plain whole number travels as a number (shorter in JSON)."""
    return int(text) if text.isdigit() and str(int(text)) == text else text


def choropleth_payload(model: Choropleth, geometry: MapGeometry, lang: str) -> str:
    """Compact JSON for `window.atlasApply`: colours; columns `a` in the geometry's feature
    order — class `c`, name `n`, value and rank as template (`v`, `r`) and number (`vh`,
    `rh`), label `lab`, national line `nat`, footer `f` — where templates and texts are
    indexes into the shared texts `x` (-1: none) and a column whose values are all equal is
    sent as that value; every text is HTML-escaped here, and the browser builds the same
    tooltip HTML as `tooltip_html` from them (tooltip_texts() in the tests shows how);
    filter, view, and optional point markers (lat, lon, tooltip HTML) placed like the
    geometry (Bornholm's move into its inset). The tooltips' numbers and messages are
    rendered in `lang` here, each distinct one once.

    `model.render_id` ends up in the map container's `data-atlas` attribute once applied: a
    DOM signal for browser tests and the bench that this state has been drawn.
    """
    points = []
    for point in model.points:
        lon, lat = geometry.place(point.lon, point.lat)
        points.append([round(lat, 4), round(lon, 4), point_html(point)])
    esc = html.escape
    texts: dict[str, int] = {}
    rendered: dict[int, tuple[Any, str]] = {}

    def text_of(item: Any) -> str:
        """`item` rendered in `lang`; the same Message (the national line, the footer: one
        object for every area) rendered once. Known by identity, not by value: hashing a
        Message of Numbers costs about as much as rendering it, and most are each area's own
        (the item is kept beside its text, so its id stays its own)."""
        if item is None or isinstance(item, str):
            return item or ""
        known = rendered.get(id(item))
        if known is None:
            known = rendered[id(item)] = (item, render(item, lang) or "")
        return known[1]

    def shared(text: str) -> int:
        return texts.setdefault(text, len(texts))

    def template(text: str | None) -> list[Any]:
        """[index of the text with its first number replaced by the hole, the number]."""
        if not text:
            return [-1, ""]
        text = esc(text)
        match = None if _HOLE in text else _NUMBER.search(text)
        if match is None:
            return [shared(text), ""]
        return [shared(text[:match.start()] + _HOLE + text[match.end():]),
                _hole(match.group())]

    by_code = {area.code: area for area in model.areas}
    rows = []
    for code in geometry.codes:
        area = by_code.get(code)
        if area is None:
            rows.append((-1, None, -1, "", -1, "", -1, -1, -1))
            continue
        tip = area.tooltip
        footer = text_of(tip.footer)
        rows.append((area.class_index, esc(tip.name), *template(text_of(tip.value_text)),
                     *template(text_of(tip.rank_text)), shared(esc(tip.indicator_label)),
                     shared(esc(text_of(tip.national_text))),
                     shared(esc(footer)) if footer else -1))
    columns = list(zip(*rows)) if rows else [()] * 9
    keys = ("c", "n", "v", "vh", "r", "rh", "lab", "nat", "f")
    areas = {key: list(column) if key == "n" else _column(column)
             for key, column in zip(keys, columns)}
    payload = {
        "c": list(model.colours),
        "a": areas,
        "x": list(texts),
        "h": list(model.highlight) if model.highlight is not None else None,
        "sel": model.selected,
        "v": model.view if model.view in VIEWS else DEFAULT_VIEW,
        "id": model.render_id,
        "p": points or None,
        "o": list(model.outlined) or None,
        "l": [[label.code, label.tier] for label in model.labels] or None,
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")


def clicked_code(value: Any) -> int | None:
    """The municipality code of the last clicked polygon, from st_folium's returned
    `last_active_drawing` (the clicked feature, whose only property is its code `k`)."""
    try:
        return int(value["last_active_drawing"]["properties"]["k"])
    except (TypeError, KeyError, ValueError):
        return None


def choropleth_layer(model: Choropleth, geometry: MapGeometry, lang: str
                     ) -> folium.FeatureGroup:
    """The per-run layer for st_folium(feature_group_to_add=...), its numbers in `lang`."""
    group = folium.FeatureGroup(name="atlas_choropleth", control=False)
    _AtlasApply(choropleth_payload(model, geometry, lang)).add_to(group)
    return group
