// The base map of the atlas: `window.atlasInit(map, options)` draws the municipalities from
// `window.atlasGeometry` (panes, the Bornholm inset frame, the no-data hatch pattern, labels,
// keyboard) and defines `window.atlasApply(payload)`, which paints a choropleth payload.
//
// atlas/maps/folium_map.py publishes this file's text once per geometry, after Leaflet and the
// geometry, as static/generated/map-<hash>.js (or embeds it when static/ is not writable), with
// __PATTERN__, __ND_FILL__, __ND_HATCH__ and __OUTLINE__ replaced by the palette's values
// (atlas/views/palettes.py).
window.atlasInit = function (map, o) {
  var geo = window.atlasGeometry.f, regions = window.atlasGeometry.r, frame = o.frame;
  var views = {dk: o.dk, kbh: o.kbh};
  var pending = window.atlasPending;
  // place names: 13 px, or on a slide (o.labelPx) up to that size, less in a narrow frame
  var labelPx = o.labelPx ? Math.round(Math.max(13, Math.min(o.labelPx, innerWidth / 50))) : 13;
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
    + '.leaflet-marker-icon.atlas-label{background:transparent;border:0;padding:0;'
    + 'font:600 ' + labelPx + 'px/1.1 "Source Sans Pro","Segoe UI",system-ui,sans-serif;'
    + 'color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff,0 0 1px #fff;'
    + 'white-space:nowrap;pointer-events:none;display:flex;align-items:center;'
    + 'justify-content:center}'
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
  measure.font = '600 ' + labelPx + 'px "Source Sans Pro","Segoe UI",system-ui,sans-serif';
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
      var w = measure.measureText(unescaped(names[l[0]])).width / 2 + 4, h = labelPx * 0.77;
      var box = [p.x - w, p.y - h, p.x + w, p.y + h];
      if (placed.some(function (b) {
        return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3];
      })) { return; }
      placed.push(box);
      // a marker of the measured size, centred on its place: Leaflet positions it without
      // reading the page's layout (a permanent tooltip reads its own size, so each one forced
      // the frame to lay out again: issue 23)
      shown.push(L.marker(at, {pane: 'tooltipPane', interactive: false, keyboard: false,
        icon: L.divIcon({className: 'atlas-label', html: names[l[0]],
                         iconSize: [2 * w, 2 * h], iconAnchor: [w, h]})}));
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
  // a choropleth payload that came before the base map (see _APPLY_JS in folium_map.py)
  if (pending) { window.atlasPending = null; window.atlasApply(pending); }
};
