"""`atlas export-story`: a story as ONE self-contained HTML file that plays in any browser.

Leaflet, the geometry, every slide's colours, legend, texts and source lines, and the styles
are written inline: no server, no Python, no network. The presenter's fallback when the
conference laptop cannot run the app. Keyboard: → / PageDown / space next, ← / PageUp
previous, Home / End first / last; the slide number is kept in the address (#3).

The slides are built from the same view models as the app (atlas.views), so a map slide shows
exactly the classes, colours and legend counts of the map page.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, Callable

from markdown_it import MarkdownIt

from atlas.charts.slides import forest_slide, scatter_slide, slide_svg, spine_slide
from atlas.errors import AtlasError
from atlas.i18n import area, pick, render
from atlas.maps.assets import LEAFLET_DIR
from atlas.maps.legend import legend_html
from atlas.stories import presenter as pv
from atlas.stories.story import Slide, Story
from atlas.views import map_page
from atlas.views.palettes import NO_DATA
from atlas.views.text import plain

SlideBuilder = Callable[[Slide, pv.SlideView, str], dict[str, Any]]
TEXTS = area("story_export")   # ids `story_export.*` (docs/i18n.md)


# Markdown (the author's annotations, the views' readings and summaries) as HTML: CommonMark
# with raw HTML switched off, so a "<" in any text is escaped, never markup; data text inside
# it arrives escaped by md() and comes out literal; link targets are checked by markdown-it
# (no javascript: or data: links).
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def markdown_html(text: str) -> str:
    """`text` (Markdown) as safe HTML: see _MARKDOWN."""
    return _MARKDOWN.render(text) if text else ""


def _map_slide(slide: Slide, view: pv.SlideView, lang: str) -> dict[str, Any]:
    """The map slide as the presenter shows it; a period the indicator lacks is an error
    here (a file handed to an audience must not silently show another period)."""
    periods = map_page.choices(lang).periods.get(slide.indicator, ())
    if slide.period and periods and slide.period not in periods:
        raise AtlasError(f"slide {slide.number}: {slide.indicator} has no period "
                         f"{slide.period!r}")
    model = view.map.choropleth
    return _map_payload(model, legend_html(model.legend, lang), f"{model.title} · {model.period}",
                        lang)


def _text_slide(slide: Slide, view: pv.SlideView, lang: str) -> dict[str, Any]:
    return {"kind": "text"}


def _map_payload(model: Any, legend: str, subtitle: str, lang: str) -> dict[str, Any]:
    return {
        "kind": "map",
        "colours": {str(area.code): area.colour for area in model.areas},
        # Leaflet's bindTooltip renders its text as HTML: escape the data's names
        "tips": {str(area.code): html.escape(f"{area.tooltip.name}: "
                                             f"{render(area.tooltip.value_text, lang)}")
                 for area in model.areas},
        "highlight": list(model.highlight) if model.highlight else None,
        "selected": model.selected,
        "view": model.view,
        "legend": legend,
        "subtitle": subtitle,
    }


def hot_spots_html(view: Any) -> str:
    """The hot spots of a bivariate map: all of them, numbered, in columns (escaped)."""
    spots = "".join(f"<li>{html.escape(spot.name)}</li>" for spot in view.hot_spots)
    return (f'<p class="hot-title"><b>{html.escape(plain(view.hot_title))}</b></p>'
            f'<ol class="hot-spots">{spots}</ol>')


def _inverse_care_slide(slide: Slide, view: pv.SlideView, lang: str) -> dict[str, Any]:
    """The scatter as an inline SVG figure with its reading, or the 3x3 map with hot spots."""
    from atlas.maps.legend import bivariate_legend_html

    content = view.content
    ic_view = content.view
    if content.show == "map":
        legend = (bivariate_legend_html(ic_view.choropleth.bivariate, lang)
                  + hot_spots_html(ic_view))
        # all hot spots, in three columns beside a narrower map
        return {**_map_payload(ic_view.choropleth, legend, plain(ic_view.title), lang),
                "wide": True}
    if content.show == "overview":
        overview = content.overview
        return {"kind": "figure", "svg": slide_svg(forest_slide(overview.forest)),
                "note": (markdown_html(overview.reading)
                         + markdown_html(render(content.position, lang))),
                "method": markdown_html(overview.no_pick), "subtitle": plain(overview.title)}
    return {"kind": "figure", "svg": slide_svg(scatter_slide(content.scatter)),
            "note": (markdown_html(render(content.numbers.reading, lang))
                     + markdown_html(render(content.position, lang))),
            "method": markdown_html(render(content.scatter.note, lang)),
            "subtitle": plain(ic_view.title)}


def _profile_slide(slide: Slide, view: pv.SlideView, lang: str) -> dict[str, Any]:
    profile = view.content
    return {"kind": "figure", "svg": slide_svg(spine_slide(profile)),
            "note": "".join(markdown_html(render(p, lang)) for p in profile.summary[:-1]),
            "subtitle": plain(profile.title)}


BUILDERS: dict[str, SlideBuilder] = {
    "map": _map_slide,
    "text": _text_slide,
    "inverse_care": _inverse_care_slide,
    "profile": _profile_slide,
}


def _slide_data(slide: Slide, story: Story, lang: str) -> dict[str, Any]:
    """One slide's data, from the presenter's view of it (the same models as the app). Texts
    that the page renders as HTML (`text`, `note`, `method`, `source`) are escaped here."""
    base = {"number": slide.number, "title": slide.title(lang),
            "text": markdown_html(slide.text(lang))}
    if slide.error:
        return {**base, "kind": "error", "error": slide.error}
    view = pv.build_view(pv.PresenterState(slide=slide.number, lang=lang), story)
    if view.kind == "error":
        return {**base, "kind": "error", "error": plain(view.error or "")}
    try:
        return {**base, **BUILDERS[view.kind](slide, view, lang),
                "source": markdown_html(view.source)}
    except AtlasError as problem:
        return {**base, "kind": "error", "error": str(problem)}


def _script_json(value: Any) -> str:
    """JSON for an inline <script>: no `<` at all, so no text can end or restart the element."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


_PAGE = """<!doctype html>
<html lang="__LANG__">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>__LEAFLET_CSS__</style>
<style>
/* one slide per screen, everything sized to the screen's width (1rem = 1.3vw: 25 px at
   1920 x 1080, 18 px at 1366 x 768): the same slide fits both, nothing scrolls */
html{font-size:clamp(14px,1.3vw,48px)}
html,body{margin:0;height:100%;background:#fff;color:#111;
  font-family:"Source Sans Pro","Segoe UI",system-ui,sans-serif;line-height:1.3}
#deck{display:grid;grid-template-rows:auto minmax(0,1fr) auto;height:100vh;
  box-sizing:border-box;padding:1.2vh 2vw}
header{display:flex;align-items:baseline;gap:1em}
h1{font-size:2rem;margin:0;flex:1;line-height:1.15}
#counter{font-size:1rem;color:#333;white-space:nowrap}
#body{display:grid;grid-template-columns:minmax(0,1fr) 24rem;gap:1.5vw;min-height:0}
#map{height:100%;min-height:200px;background:#e9eef2;border-radius:4px}
#side{overflow:auto;font-size:1rem;min-height:0}
#subtitle{font-weight:600;margin:.2em 0 .4em}
#text{margin:.4em 0}
#text p,#note p,#method p{margin:.3em 0}
.note,.error{padding:.4em .6em;border-radius:4px;margin-top:.5em}
.note{background:#eef3f8}
.error{background:#fdecea;color:#611a15}
#method{color:#222;margin-top:.4em}
footer{display:flex;gap:1em;align-items:center;font-size:1rem;color:#222;padding-top:.4em}
#source{flex:1}
#source p{margin:0}
button{font:inherit;padding:.1em .7em;border:1px solid #555;border-radius:4px;background:#fff;
  cursor:pointer}
button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
body.text #body,body.figure #body{grid-template-columns:minmax(0,1fr)}
body.text #map,body.figure #map{display:none}
#figure{display:none;min-height:0;height:100%}
body.figure #figure{display:block}
body.figure #body{grid-template-columns:minmax(0,1.9fr) minmax(0,1fr)}
#figure svg{width:100%;height:100%;display:block}
body.text #text{font-size:1.5rem;max-width:40em}
.atlas-legend,.atlas-bivariate-legend{font-size:1rem !important}
.atlas-legend *,.atlas-bivariate-legend *{font-size:inherit !important}
.hot-title{margin:.5em 0 .2em}
.hot-spots{columns:3;column-gap:1.2em;margin:0;padding-left:1.6em}
body.wide #body{grid-template-columns:minmax(0,1fr) 34rem}
body.wide #subtitle{display:none}  /* the title says it; room for every hot spot */
@media (max-width:700px){
  html{font-size:15px}
  #deck{height:auto;min-height:100vh}
  #body,body.figure #body{grid-template-columns:1fr}
  #map{height:60vh}
  #figure{height:auto}
}
</style>
<script>__LEAFLET_JS__</script>
</head>
<body>
<div id="deck">
<header><h1 id="title"></h1><div id="counter" aria-live="polite"></div></header>
<div id="body"><div id="map" aria-label="__MAP_LABEL__"></div><div id="figure"></div>
<div id="side"><div id="subtitle"></div><div id="legend"></div><div id="text"></div>
<div id="note"></div><div id="method"></div></div></div>
<footer><div id="source"></div>
<button id="prev" aria-label="__PREV__">←</button>
<button id="next" aria-label="__NEXT__">→</button></footer>
</div>
<script type="application/json" id="story-data">__DATA__</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('story-data').textContent);
  var slides = data.slides, index = 0, layers = {}, views = data.views;
  var map = L.map('map', {zoomSnap: 0.25, zoomControl: true, attributionControl: true,
                          keyboard: false});
  map.attributionControl.setPrefix('');
  map.attributionControl.addAttribution('DAGI / SDFI');
  L.geoJSON(data.geometry, {
    style: function () { return {color: '#fff', weight: 0.8, fillColor: data.noData,
                                 fillOpacity: 0.95}; },
    onEachFeature: function (f, layer) { layers[f.properties.k] = layer; }
  }).addTo(map);
  function text(id, value) { document.getElementById(id).textContent = value || ''; }
  // rendered and escaped in Python (export.markdown_html / html.escape): safe to insert
  function markup(id, value) { document.getElementById(id).innerHTML = value || ''; }
  function show(i) {
    index = Math.max(0, Math.min(slides.length - 1, i));
    var s = slides[index];
    document.body.className = (s.kind === 'map' || s.kind === 'figure' ? s.kind : 'text')
      + (s.wide ? ' wide' : '');
    document.getElementById('figure').innerHTML = s.kind === 'figure' ? s.svg : '';
    text('title', s.title); markup('text', s.text);
    text('counter', (index + 1) + ' / ' + slides.length);
    text('subtitle', s.subtitle); markup('source', s.source);
    markup('legend', s.legend); markup('method', s.method);
    var note = document.getElementById('note');
    note.className = s.kind === 'error' ? 'error' : (s.note ? 'note' : '');
    if (s.kind === 'error') { text('note', s.error); } else { markup('note', s.note); }
    if (s.kind === 'map') {
      map.invalidateSize();
      Object.keys(layers).forEach(function (k) {
        var faded = s.highlight && s.highlight.indexOf(+k) < 0;
        layers[k].setStyle({fillColor: s.colours[k] || data.noData,
                            fillOpacity: faded ? 0.2 : 0.95,
                            color: +k === s.selected ? '#000' : '#fff',
                            weight: +k === s.selected ? 3 : 0.8});
        layers[k].unbindTooltip();
        if (s.tips[k]) { layers[k].bindTooltip(s.tips[k], {sticky: true}); }
      });
      map.fitBounds(views[s.view] || views.dk, {padding: [6, 6]});
    }
    if (location.hash !== '#' + (index + 1)) { history.replaceState(null, '', '#' + (index + 1)); }
    document.body.setAttribute('data-slide', index + 1);
  }
  document.getElementById('prev').onclick = function () { show(index - 1); };
  document.getElementById('next').onclick = function () { show(index + 1); };
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') { show(index + 1); }
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { show(index - 1); }
    else if (e.key === 'Home') { show(0); }
    else if (e.key === 'End') { show(slides.length - 1); }
    else { return; }
    e.preventDefault();
  });
  var start = parseInt((location.hash || '#1').slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
})();
</script>
</body>
</html>
"""


def story_html(story: Story, lang: str = "da") -> str:
    """The whole story as one HTML document (see the module docstring)."""
    leaflet_js, leaflet_css = LEAFLET_DIR / "leaflet.js", LEAFLET_DIR / "leaflet.css"
    if not leaflet_js.is_file() or not leaflet_css.is_file():
        raise AtlasError("Leaflet is missing from static/vendor/leaflet: run "
                         "`bash scripts/fetch_vendor_assets.sh` first")
    geometry = map_page.map_geometry(True)
    bounds = {"dk": geometry.bounds, "kbh": geometry.kbh_bounds or geometry.bounds}
    data = {
        "slides": [_slide_data(slide, story, lang) for slide in story.slides],
        "geometry": json.loads(geometry.features_json),
        "views": {key: [list(corner) for corner in value] for key, value in bounds.items()},
        "noData": NO_DATA.fill,
    }
    replacements = {
        "__LANG__": lang,
        "__TITLE__": html.escape(story.title(lang)),
        "__MAP_LABEL__": html.escape(pick(TEXTS, "map_label", lang)),
        "__PREV__": html.escape(pick(TEXTS, "previous", lang)),
        "__NEXT__": html.escape(pick(TEXTS, "next", lang)),
        # inline scripts/styles: a literal "</" would end the element early
        "__LEAFLET_CSS__": leaflet_css.read_text(encoding="utf-8").replace("</", "<\\/"),
        "__LEAFLET_JS__": leaflet_js.read_text(encoding="utf-8").replace("</script", "<\\/script"),
        "__DATA__": _script_json(data),
    }
    page = _PAGE
    for key, value in replacements.items():
        page = page.replace(key, value)
    return page


def export_story(story: Story, out: Path, lang: str = "da") -> Path:
    """Write `story_html` to `out` atomically."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.tmp")
    temporary.write_text(story_html(story, lang), encoding="utf-8")
    temporary.replace(out)
    return out
