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
from typing import Any, Mapping

import folium
from branca.element import MacroElement

try:  # folium >= 0.18
    from folium.template import Template
except ImportError:  # pragma: no cover
    from jinja2 import Template

from atlas.maps import assets
from atlas.maps.assets import MAP_CSS, MAP_JS
from atlas.views.choropleth import DEFAULT_VIEW, VIEWS, Choropleth, Point, Tooltip
from atlas.views.geometry import MapGeometry
from atlas.views.palettes import NO_DATA, OUTLINE_COLOUR

MAP_HEIGHT = 640
TILE_PROVIDERS = {"osm": "OpenStreetMap"}  # ?tiles=osm -> folium tile provider

# `window.atlasInit(map, options)`: the whole base map. Published once per geometry, together
# with the geometry (`window.atlasGeometry`), as a static file the component iframe loads with
# <script src> before it runs the map script (see assets.publish); embedded when it cannot be.
_INIT_JS = r"""
window.atlasInit = function (map, o) {
  var geo = window.atlasGeometry.f, regions = window.atlasGeometry.r, frame = o.frame;
  var views = {dk: o.dk, kbh: o.kbh};
  var pending = window.atlasPending;
  var css = document.createElement('style');
  css.textContent = '.leaflet-container{background:' + o.sea + ';font:15px/1.35 "Source Sans Pro",'
    + '"Segoe UI",system-ui,sans-serif}'
    + '.atlas-tip{font-size:15px;line-height:1.4;padding:6px 9px;border-radius:4px;'
    + 'box-shadow:0 1px 6px rgba(0,0,0,.35)}'
    + '.atlas-reset a{font-size:18px;font-weight:bold;cursor:pointer}'
    + '.atlas-tip-foot{color:#444;font-size:13px}'
    // the map fills its frame, whose height the page sets (atlas/maps/layout.py)
    + 'html,body{height:100%;margin:0}.leaflet-container{height:100vh!important}'
    + '.leaflet-container:focus-visible{outline:4px solid #1a1a1a;outline-offset:-4px;'
    + 'box-shadow:inset 0 0 0 7px #ffffff}'
    + '.leaflet-container a:focus-visible{outline:3px solid #1a1a1a;outline-offset:1px}'
    + '.leaflet-tooltip.atlas-label{background:transparent;border:0;box-shadow:none;'
    + 'padding:0;font:600 13px/1.1 "Source Sans Pro","Segoe UI",system-ui,sans-serif;'
    + 'color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff,0 0 1px #fff;'
    + 'white-space:nowrap;pointer-events:none}'
    + '.leaflet-tooltip.atlas-label:before{display:none}'
    + '.atlas-tile-error{background:#fff4d6;color:#111;border:1px solid #8a5a00;'
    + 'border-radius:4px;padding:6px 9px;max-width:22em;font-size:14px;line-height:1.35}';
  document.head.appendChild(css);
  map.invalidateSize();
  // The wheel zooms only after a click on the map (until the pointer leaves it) or with Ctrl,
  // as Datawrapper and OWID do: otherwise it scrolls the page, or the article around an
  // embedded map (Leaflet's scrollWheelZoom starts off: build_base_map).
  (function (el) {
    L.DomEvent.on(el, 'click focus', function () { map.scrollWheelZoom.enable(); });
    L.DomEvent.on(el, 'mouseleave blur', function () { map.scrollWheelZoom.disable(); });
    el.addEventListener('wheel', function (e) {
      if (!e.ctrlKey || map.scrollWheelZoom.enabled()) { return; }
      e.preventDefault();  // Ctrl + wheel would zoom the whole page
      map.setZoomAround(map.mouseEventToContainerPoint(e),
                        map.getZoom() + (e.deltaY < 0 ? 1 : -1) * map.options.zoomDelta);
    }, {passive: false});
  })(map.getContainer());
  // Fit the current view preset, but only once the map has a size: a component iframe laid
  // out after the first state arrives (another page's columns, a slide) would otherwise fit
  // into 0 x 0 pixels (zoom Infinity, nothing drawn). A later resize fits again.
  function fitView() {
    var size = map.getSize();
    if (!size.x || !size.y) { return; }
    map.fitBounds(views[view] || views.dk, {padding: [6, 6]});
  }
  if (window.ResizeObserver) {
    var lastSize = '';
    new ResizeObserver(function () {
      map.invalidateSize();
      var size = map.getSize(), key = size.x + 'x' + size.y;
      if (key !== lastSize && size.x && size.y) { lastSize = key; fitView(); }
    }).observe(map.getContainer());
  }
  var svg = L.SVG.create('svg'), defs = L.SVG.create('defs'), pat = L.SVG.create('pattern');
  svg.setAttribute('width', 0); svg.setAttribute('height', 0);
  svg.setAttribute('aria-hidden', 'true');
  svg.style.position = 'absolute';
  pat.setAttribute('id', '__PATTERN__'); pat.setAttribute('patternUnits', 'userSpaceOnUse');
  pat.setAttribute('width', 6); pat.setAttribute('height', 6);
  pat.setAttribute('patternTransform', 'rotate(45)');
  var bg = L.SVG.create('rect');
  bg.setAttribute('width', 6); bg.setAttribute('height', 6); bg.setAttribute('fill', '__ND_FILL__');
  var ln = L.SVG.create('line');
  ln.setAttribute('x1', 1); ln.setAttribute('y1', 0);
  ln.setAttribute('x2', 1); ln.setAttribute('y2', 6);
  ln.setAttribute('stroke', '__ND_HATCH__'); ln.setAttribute('stroke-width', 1.6);
  pat.appendChild(bg); pat.appendChild(ln); defs.appendChild(pat); svg.appendChild(defs);
  document.body.appendChild(svg);
  map.createPane('atlasRegions').style.zIndex = 450;
  map.getPane('atlasRegions').style.pointerEvents = 'none';
  map.createPane('atlasSelect').style.zIndex = 460;
  map.getPane('atlasSelect').style.pointerEvents = 'none';
  map.createPane('atlasPoints').style.zIndex = 470;
  // credits as text: Leaflet's default prefix is a link out of an offline atlas
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('DAGI / SDFI');
  var layers = {}, styles = {}, view = null, selLayer = null, pointLayer = null, outLayer = null;
  var labelLayer = null, labels = [], cursor = null, names = {}, presses = 0, order = [];
  // the map is ONE tab stop (its container); Leaflet would make every shape with a tooltip
  // focusable, so tooltips are opened by the keyboard handler below instead
  function untab(layer) {
    var el = layer.getElement && layer.getElement();
    if (el) { el.removeAttribute('tabindex'); el.setAttribute('focusable', 'false'); }
  }
  var plain = {color: '#ffffff', weight: 0.8, opacity: 1, fillColor: '#d9d9d9', fillOpacity: 0.92};
  L.geoJSON(geo, {
    style: function () { return plain; },
    onEachFeature: function (f, layer) {
      var k = f.properties.k;
      layers[k] = layer;
      order.push(k);
      layer.on('add', function () { untab(layer); });
      layer.on('mouseover', function () {
        layer.setStyle({color: '#111111', weight: 2.4}); layer.bringToFront();
      });
      layer.on('mouseout', function () { layer.setStyle(styles[k] || plain); });
    }
  }).addTo(map);
  if (regions) {
    L.geoJSON(regions, {pane: 'atlasRegions', interactive: false,
      style: {color: '#1f1f1f', weight: 2.2, opacity: 0.9, fill: false, lineCap: 'round'}})
      .addTo(map);
  }
  if (frame) {
    L.rectangle(frame, {pane: 'atlasRegions', interactive: false, fill: false,
      color: '#6b6b6b', weight: 1.2, dashArray: '5 4'}).addTo(map);
  }
  var Reset = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var box = L.DomUtil.create('div', 'leaflet-bar atlas-reset');
      var a = L.DomUtil.create('a', '', box);
      a.innerHTML = '&#8962;'; a.setAttribute('role', 'button'); a.setAttribute('href', '#');
      a.title = 'Nulstil udsnit / Reset view';
      L.DomEvent.on(a, 'click', function (e) {
        L.DomEvent.preventDefault(e); L.DomEvent.stopPropagation(e);
        fitView();
      });
      return box;
    }
  });
  new Reset().addTo(map);
  // place names: tier 0 (largest towns) from the national view on, tier 1 (Copenhagen area)
  // once zoomed in as far as the Copenhagen view
  // Labels are placed in priority order (largest towns first) and one that would overlap a
  // label already placed is left out, so a narrow map (a phone) shows fewer, never a pile.
  var measure = document.createElement('canvas').getContext('2d');
  measure.font = '600 13px "Source Sans Pro","Segoe UI",system-ui,sans-serif';
  var drawnLabels = '';
  function drawLabels() {
    // the same labels at the same zoom (an indicator switch): nothing to redraw
    var zoom = map.getZoom(), key = zoom + '|' + JSON.stringify(labels);
    if (key === drawnLabels && labelLayer) { return; }
    drawnLabels = key;
    if (labelLayer) { map.removeLayer(labelLayer); labelLayer = null; }
    var shown = [], placed = [];
    labels.forEach(function (l) {
      var layer = layers[l[0]];
      if (!layer || !names[l[0]] || (l[1] > 0 && zoom < 9) || (l[1] === 0 && zoom < 6.5)) {
        return;
      }
      var at = center(layer), p = map.latLngToContainerPoint(at);
      var w = measure.measureText(unescaped(names[l[0]])).width / 2 + 4, h = 10;
      var box = [p.x - w, p.y - h, p.x + w, p.y + h];
      if (placed.some(function (b) {
        return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3];
      })) { return; }
      placed.push(box);
      shown.push(L.tooltip({permanent: true, direction: 'center', className: 'atlas-label',
        interactive: false, opacity: 1}).setLatLng(at).setContent(names[l[0]]));
    });
    labelLayer = L.layerGroup(shown).addTo(map);
  }
  // background tiles that cannot load (offline): say so once, on the map
  if (o.tileError) {
    var tileWarned = false;
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer)) { return; }
      layer.on('tileerror', function () {
        if (tileWarned) { return; }
        tileWarned = true;
        var note = L.control({position: 'bottomleft'});
        note.onAdd = function () {
          var div = L.DomUtil.create('div', 'atlas-tile-error');
          div.setAttribute('role', 'status');
          div.textContent = o.tileError;
          return div;
        };
        note.addTo(map);
      });
    });
  }
  map.on('zoomend', drawLabels);
  function center(layer) {
    try { return layer.getCenter(); } catch (e) { return layer.getBounds().getCenter(); }
  }
  // keyboard: arrows move a cursor to the nearest municipality in that direction, Enter
  // selects it (as a click would), +/- zoom; the cursor shape is outlined and its tooltip
  // opens at the shape
  map.keyboard.disable();
  var box = map.getContainer();
  // zoom and reset buttons are for the mouse: the keyboard has +, - and Home
  box.querySelectorAll('.leaflet-control a').forEach(function (a) {
    a.setAttribute('tabindex', '-1');
  });
  box.setAttribute('tabindex', '0');
  box.setAttribute('role', 'application');
  box.setAttribute('aria-roledescription', 'map');
  function cursorStyle(k) {
    var st = Object.assign({}, styles[k] || plain);
    st.color = '#111111'; st.weight = 3.5;
    return st;
  }
  function moveCursor(k) {
    if (cursor && layers[cursor]) {
      layers[cursor].setStyle(styles[cursor] || plain); layers[cursor].closeTooltip();
    }
    cursor = k;
    var layer = layers[k];
    layer.setStyle(cursorStyle(k)); layer.bringToFront();
    if (!map.getBounds().contains(center(layer))) { map.panTo(center(layer)); }
    if (layer.getTooltip()) { layer.openTooltip(center(layer)); }
    box.setAttribute('aria-label', unescaped(names[k] || ''));
  }
  function nearest(dx, dy) {
    var keys = Object.keys(layers);
    if (!cursor) {
      var mid = map.getCenter(), best = null, bestD = Infinity;
      keys.forEach(function (k) {
        var c = center(layers[k]), dd = Math.pow(c.lat - mid.lat, 2) + Math.pow(c.lng - mid.lng, 2);
        if (dd < bestD) { bestD = dd; best = k; }
      });
      return best;
    }
    var from = map.latLngToLayerPoint(center(layers[cursor])), pick = null, score = Infinity;
    keys.forEach(function (k) {
      if (k === cursor) { return; }
      var p = map.latLngToLayerPoint(center(layers[k]));
      var along = (p.x - from.x) * dx + (p.y - from.y) * dy;
      var across = Math.abs((p.x - from.x) * dy - (p.y - from.y) * dx);
      if (along <= 0) { return; }
      var sc = along + 2 * across;
      if (sc < score) { score = sc; pick = k; }
    });
    return pick || cursor;
  }
  var arrows = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]};
  L.DomEvent.on(box, 'keydown', function (e) {
    if (e.target !== box) { return; }
    if (arrows[e.key]) {
      L.DomEvent.preventDefault(e);
      moveCursor(nearest(arrows[e.key][0], arrows[e.key][1]));
    } else if (e.key === 'Enter' && cursor) {
      L.DomEvent.preventDefault(e);
      // a new point each time: st_folium reports `last_object_clicked` only when it changes
      var c = center(layers[cursor]);
      presses += 1;
      layers[cursor].fire('click', {latlng: L.latLng(c.lat, c.lng + 1e-9 * presses)}, true);
    } else if (e.key === '+' || e.key === '=') {
      map.zoomIn();
    } else if (e.key === '-') {
      map.zoomOut();
    } else if (e.key === 'Home') {
      fitView();
    } else if (e.key === 'Escape' && cursor) {
      layers[cursor].setStyle(styles[cursor] || plain); layers[cursor].closeTooltip();
      cursor = null;
    }
  });
  // the payload's texts arrive HTML-escaped (choropleth_payload); as plain text for ARIA
  function unescaped(t) {
    return t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
  }
  // The payload's columns (d.a) follow the geometry's feature order; a column whose values
  // are all equal comes as that one value, one whose values are mostly equal as {d: usual
  // value, e: {index: other value}} (see _column in Python). Texts are shared templates
  // (d.x) with at most one hole, \u0001, for the part that differs per municipality.
  function at(column, i) {
    if (Array.isArray(column)) { return column[i]; }
    if (column !== null && typeof column === 'object') {
      return column.e.hasOwnProperty(i) ? column.e[i] : column.d;
    }
    return column;
  }
  function fill(x, t, hole) { return t < 0 ? '' : x[t].replace('\u0001', hole); }
  // a tooltip from the columns of municipality i: the same HTML as tooltip_html() in Python
  function tip(a, x, i) {
    var rank = fill(x, at(a.r, i), at(a.rh, i)), foot = fill(x, at(a.f, i), '');
    var h = '<b>' + a.n[i] + '</b><br>' + fill(x, at(a.lab, i), '') + ': <b>'
      + fill(x, at(a.v, i), at(a.vh, i)) + '</b>';
    if (rank) { h += '<br>' + rank; }
    h += '<br><span style="color:#444">' + fill(x, at(a.nat, i), '') + '</span>';
    if (foot) { h += '<br><span class="atlas-tip-foot">' + foot + '</span>'; }
    return h;
  }
  window.atlasApply = function (d) {
    var a = d.a;
    names = {};
    order.forEach(function (k, i) {
      var cls = at(a.c, i), named = a.n[i] !== null, faded = !!d.h && d.h.indexOf(+k) < 0;
      if (named) { names[k] = a.n[i]; }
      var st = {
        color: faded ? '#f7f7f7' : '#ffffff', weight: faded ? 0.5 : 0.8, opacity: 1,
        fillColor: cls >= 0 ? d.c[cls] : 'url(#__PATTERN__)', fillOpacity: faded ? 0.2 : 0.92
      };
      styles[k] = st;
      layers[k].setStyle(st);
      layers[k].unbindTooltip();
      if (named) {
        layers[k].bindTooltip(tip(a, d.x, i), {sticky: true, className: 'atlas-tip'});
      }
      untab(layers[k]);
    });
    if (outLayer) { map.removeLayer(outLayer); outLayer = null; }
    if (d.o) {
      outLayer = L.geoJSON({type: 'FeatureCollection', features: d.o.filter(function (k) {
        return layers[k]; }).map(function (k) { return layers[k].feature; })},
        {pane: 'atlasRegions', interactive: false, className: 'atlas-outlined',
         style: {fill: false, color: '__OUTLINE__', weight: 3, opacity: 1}}).addTo(map);
    }
    if (cursor && layers[cursor]) { layers[cursor].setStyle(cursorStyle(cursor)); }
    labels = d.l || [];
    drawLabels();
    if (selLayer) { map.removeLayer(selLayer); selLayer = null; }
    if (d.sel && layers[d.sel]) {
      var f = layers[d.sel].feature;
      selLayer = L.layerGroup([
        L.geoJSON(f, {pane: 'atlasSelect', interactive: false,
          style: {fill: false, color: '#ffffff', weight: 5.5, opacity: 0.95}}),
        L.geoJSON(f, {pane: 'atlasSelect', interactive: false,
          style: {fill: false, color: '#000000', weight: 2.6, opacity: 1}})
      ]).addTo(map);
    }
    if (pointLayer) { map.removeLayer(pointLayer); pointLayer = null; }
    if (d.p) {
      pointLayer = L.layerGroup(d.p.map(function (p) {
        return L.circleMarker([p[0], p[1]], {pane: 'atlasPoints', radius: 5, weight: 1.5,
          color: '#ffffff', fillColor: '#08306b', fillOpacity: 1, className: 'atlas-point'})
          .bindTooltip(p[2], {className: 'atlas-tip'});
      })).addTo(map);
      pointLayer.eachLayer(untab);
    }
    if (d.v !== view) {
      view = d.v;
      fitView();
    }
    map.getContainer().setAttribute('data-atlas', d.id || '');
    // a timestamp for the bench once this state is on screen: a task queued from the next
    // animation frame runs after that frame's paint
    requestAnimationFrame(function () {
      setTimeout(function () { window.atlasPaintedAt = Date.now(); }, 0);
    });
  };
  // a choropleth payload that came before the base map (see _APPLY_JS)
  if (pending) { window.atlasPending = null; window.atlasApply(pending); }
};
"""
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
    init = (_INIT_JS
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
                   publish: bool = True) -> folium.Map:
    """The fixed part of the map (geometry only). `tiles=None`: no basemap, nothing external;
    `tiles="osm"`: OpenStreetMap tiles (online only), and `tile_error` is shown on the map
    when they cannot load. The geometry and the base map's code go to a static file the
    browser caches (`publish=False`, or static/ not writable: embedded)."""
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
    }, separators=(",", ":")).replace("</", "<\\/")
    embedded = "" if url else base_map_code(geometry.features_json, geometry.regions_json)
    _AtlasBase(options, embedded).add_to(m)
    return m


def tooltip_html(tip: Tooltip) -> str:
    """Tooltip HTML from the view's texts (every text escaped)."""
    esc = html.escape
    lines = [
        f'<b>{esc(tip.name)}</b>',
        f'{esc(tip.indicator_label)}: <b>{esc(tip.value_text)}</b>',
    ]
    if tip.rank_text:
        lines.append(esc(tip.rank_text))
    lines.append(f'<span style="color:#444">{esc(tip.national_text)}</span>')
    if tip.footer:
        lines.append(f'<span class="atlas-tip-foot">{esc(tip.footer)}</span>')
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


def choropleth_payload(model: Choropleth, geometry: MapGeometry) -> str:
    """Compact JSON for `window.atlasApply`: colours; columns `a` in the geometry's feature
    order — class `c`, name `n`, value and rank as template (`v`, `r`) and number (`vh`,
    `rh`), label `lab`, national line `nat`, footer `f` — where templates and texts are
    indexes into the shared texts `x` (-1: none) and a column whose values are all equal is
    sent as that value; every text is HTML-escaped here, and the browser builds the same
    tooltip HTML as `tooltip_html` from them (tooltip_texts() in the tests shows how);
    filter, view, and optional point markers (lat, lon, tooltip HTML) placed like the
    geometry (Bornholm's move into its inset).

    `model.render_id` ends up in the map container's `data-atlas` attribute once applied: a
    DOM signal for browser tests and the bench that this state has been drawn.
    """
    points = []
    for point in model.points:
        lon, lat = geometry.place(point.lon, point.lat)
        points.append([round(lat, 4), round(lon, 4), point_html(point)])
    esc = html.escape
    texts: dict[str, int] = {}

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
        rows.append((area.class_index, esc(tip.name), *template(tip.value_text),
                     *template(tip.rank_text), shared(esc(tip.indicator_label)),
                     shared(esc(tip.national_text)),
                     shared(esc(tip.footer)) if tip.footer else -1))
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


def choropleth_layer(model: Choropleth, geometry: MapGeometry) -> folium.FeatureGroup:
    """The per-run layer for st_folium(feature_group_to_add=...)."""
    group = folium.FeatureGroup(name="atlas_choropleth", control=False)
    _AtlasApply(choropleth_payload(model, geometry)).add_to(group)
    return group


def component_args(base: folium.Map, choropleth: folium.FeatureGroup | None) -> dict[str, Any]:
    """The arguments streamlit-folium sends to its component for this map (for tests and the
    bench): script, header, html, js/css links and the feature-group script.

    Uses streamlit-folium's own helpers, so it measures exactly what st_folium would send.
    Mutates `base` like st_folium does: build fresh objects for a real render.
    """
    import streamlit_folium as sf

    base.get_root().render()
    base.render()
    html_text = sf._get_html(base)
    header = sf._get_header(base)
    script = sf._get_map_string(base)
    css_links: list[str] = []
    js_links: list[str] = []

    def walk(element: Any):
        if isinstance(element, folium.elements.JSCSSMixin):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    for element in walk(base):
        css_links.extend(href for _, href in getattr(element, "default_css", []))
        js_links.extend(src for _, src in getattr(element, "default_js", []))
    feature_group = None
    if choropleth is not None:
        feature_group = sf._get_feature_group_string(choropleth, map=base, idx=0)
    return {
        "script": script,
        "header": header,
        "html": html_text,
        "css_links": list(dict.fromkeys(css_links)),
        "js_links": list(dict.fromkeys(js_links)),
        "feature_group": feature_group,
    }


def payload_bytes(args: Mapping[str, Any]) -> int:
    """UTF-8 size of everything streamlit-folium sends for one render of the map."""
    return len(json.dumps(args, ensure_ascii=False).encode("utf-8"))
