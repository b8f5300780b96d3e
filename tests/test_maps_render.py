"""The rendered map from the real database: what streamlit-folium sends for all 98
municipalities is small (<= 600 KB; the geometry goes to a static file, so a switch sends
< 10 KB) and names no CDN or other external asset; the geometry, tooltips, click marker and the
vendored Leaflet files are in order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from atlas import i18n
from atlas.maps import assets
from atlas.maps import folium_map as fm
from atlas.views import map_page as mv
from atlas.views.map_page import MapState
from atlas.views.palettes import NO_DATA, OUTLINE_COLOUR
from tests.support.folium_component import component_args, payload_bytes

URL = re.compile(r"""(?:https?:)?//[^\s"'`<>)\\]+""", re.IGNORECASE)
LOOPBACK = re.compile(r"^(?:https?:)?//(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?:[:/]|$)")
MAX_BYTES = 600_000


def view(state: MapState) -> mv.MapView:
    return mv.build_view(state, mv.choices(state.lang))


def payload(state: MapState) -> dict:
    return json.loads(fm.choropleth_payload(view(state).choropleth,
                                            mv.map_geometry(state.tiles is None), state.lang))


def render(db: Path, state: MapState, tiles: str | None = None) -> dict:
    geometry = mv.map_geometry(tiles is None)
    base = fm.build_base_map(geometry, tiles=tiles)
    return component_args(base, fm.choropleth_layer(view(state).choropleth, geometry, state.lang))


def external_urls(args: dict) -> set[str]:
    text = json.dumps(args, ensure_ascii=False).replace("\\/", "/")
    return {url for url in URL.findall(text) if not LOOPBACK.match(url)}


@pytest.fixture
def cat(atlas_db):
    from atlas.query.core import catalogue

    return catalogue()


def test_payload_for_every_indicator_is_under_600_kb(real_db, cat):
    for ident in cat.indicators:
        state = MapState(indicator=ident, period=cat.latest[ident], kommune=751, region=1082,
                         lang="da")
        size = payload_bytes(render(real_db, state))
        assert size <= MAX_BYTES, (ident, size)


def test_no_cdn_or_external_asset_in_the_map(real_db, cat):
    args = render(real_db, MapState(indicator="life_expectancy", period=cat.latest[
        "life_expectancy"], lang="en"))
    assert external_urls(args) == set()
    # one published file: Leaflet (code and styles), the geometry and the base map's code
    assert len(args["js_links"]) == 1 and "/generated/map-" in args["js_links"][0]
    assert args["css_links"] == []
    for link in args["js_links"] + args["css_links"]:
        assert not link.startswith(("http:", "https:", "//", "/"))
    assert "<script src" not in args["header"] and "<link" not in args["header"]


def test_tiles_are_the_only_external_request_when_switched_on(real_db, cat):
    args = render(real_db, MapState(indicator="gini", period=cat.latest["gini"]), tiles="osm")
    hosts = {re.sub(r"^(?:https?:)?//([^/]+).*", r"\1", u) for u in external_urls(args)}
    assert hosts == {"tile.openstreetmap.org", "www.openstreetmap.org"}


def test_vendored_leaflet_resolves_from_the_component_iframe():
    """`../../app/static/x` from /component/<name>/index.html is /app/static/x, which Streamlit
    serves from static/x when enableStaticServing is on."""
    if assets.missing_assets():
        pytest.skip(f"vendor assets missing: run {assets.FETCH_COMMAND}")
    iframe_dir = Path("/component/streamlit_folium.st_folium")
    for _, link in fm.MAP_JS + fm.MAP_CSS:
        served = (iframe_dir / link).resolve()
        assert str(served).startswith("/app/static/vendor/leaflet/")
        assert (assets.STATIC_DIR / served.relative_to("/app/static")).is_file()
    config = (assets.STATIC_DIR.parent / ".streamlit" / "config.toml").read_text()
    assert re.search(r"^enableStaticServing\s*=\s*true", config, re.MULTILINE)


def test_geometry_has_98_municipalities_and_inset(atlas_db):
    geometry = mv.map_geometry(True)
    features = json.loads(geometry.features_json)["features"]
    assert len(features) == 98 and len(geometry.codes) == 98
    assert all(set(f["properties"]) == {"k"} for f in features)
    assert geometry.inset_frame is not None and geometry.regions_json
    (s, w), (n, e) = geometry.inset_frame
    bornholm = next(f for f in features if f["properties"]["k"] == 400)
    xs = [p[0] for poly in bornholm["geometry"]["coordinates"] for ring in poly for p in ring] \
        if bornholm["geometry"]["type"] == "MultiPolygon" else \
        [p[0] for ring in bornholm["geometry"]["coordinates"] for p in ring]
    assert w <= min(xs) and max(xs) <= e and e < 13.0  # moved west of its true 14.7-15.2 E
    true_geometry = mv.map_geometry(False)
    assert true_geometry.inset_frame is None
    (ks, kw), (kn, ke) = geometry.kbh_bounds
    assert 55.3 < ks < kn < 56.2 and 11.9 < kw < ke < 12.9


def test_the_build_stores_the_geometry_the_map_would_prepare(atlas_db):
    """The server reads the browser geometry the build prepared (issue 23: no rounding, no
    shapely before its first map); it is exactly what preparing it from the shapes gives, and
    the stored Bornholm move places a point where the prepared one does."""
    from atlas.query import values as value_queries
    from atlas.views.geometry import MapGeometry, prepare_geometry

    for inset in (True, False):
        stored = value_queries.stored_map_geometry(inset)
        assert stored is not None
        prepared = prepare_geometry(value_queries.municipality_shapes(),
                                    value_queries.region_shapes(), inset=inset,
                                    kbh_codes=mv.kbh_codes())
        assert MapGeometry.from_json(stored) == prepared == mv.map_geometry(inset)
    moved = mv.map_geometry(True).place(14.9, 55.1)
    assert moved != (14.9, 55.1) and moved == prepare_geometry(
        value_queries.municipality_shapes(), inset=True).place(14.9, 55.1)


def column(data: dict, key: str, i: int):
    values = data["a"][key]
    if isinstance(values, list):
        return values[i]
    if isinstance(values, dict):
        return values["e"].get(str(i), values["d"])
    return values


def tooltip_texts(data: dict, code: int) -> list[str]:
    """A municipality's tooltip texts as the browser assembles them from the compact form."""
    i, shared = mv.map_geometry(True).codes.index(code), data["x"]

    def fill(template: str, hole: str = "") -> str:
        index = column(data, template, i)
        return "" if index < 0 else shared[index].replace("\u0001", str(hole))

    return [column(data, "n", i), fill("v", column(data, "vh", i)),
            fill("r", column(data, "rh", i)), fill("lab"), fill("nat"), fill("f")]


def test_tooltips_and_render_id(cat):
    """Per municipality: class, name, value and rank as (shared template, number), label,
    national line and footer as shared texts; the browser assembles the tooltip."""
    state = MapState(indicator="life_expectancy", period=cat.latest["life_expectancy"],
                     lang="da")
    data = payload(state)
    assert len(data["a"]["n"]) == 98 and len(data["a"]["c"]) == 98
    name, value, rank, label, national, footer = tooltip_texts(data, 751)
    assert name == "Aarhus" and "år" in value and rank.startswith("Nr.")
    assert "1 = bedst" in rank and label and national and footer
    assert len(data["x"]) < 10  # value, rank, label, national and footer templates
    laeso = tooltip_texts(data, 825)  # life expectancy is not published for Læsø
    laeso_index = mv.map_geometry(True).codes.index(825)
    assert column(data, "c", laeso_index) == -1 and "ingen data" in laeso[1] and laeso[2] == ""
    assert data["id"] == mv.render_id(state)


def test_switch_payload_is_small_and_only_the_choropleth_changes(atlas_db, cat):
    """The base map's script is the same for every state and a few hundred bytes (geometry and
    code are a static file); what an indicator switch sends for the map stays under 10 KB."""
    first = render(atlas_db, MapState(indicator="life_expectancy",
                                      period=cat.latest["life_expectancy"], lang="da"))
    second = render(atlas_db, MapState(indicator="gini", period=cat.latest["gini"], lang="en"))
    assert {k: v for k, v in first.items() if k != "feature_group"} == \
        {k: v for k, v in second.items() if k != "feature_group"}
    assert len(first["script"]) < 2_000
    assert payload_bytes(second) < 10_000
    published = [link for link in first["js_links"] if "/generated/" in link]
    assert len(published) == 1
    code = (Path("/component/streamlit_folium.st_folium") / published[0]).resolve()
    text = (assets.STATIC_DIR / code.relative_to("/app/static")).read_text(encoding="utf-8")
    assert "window.atlasGeometry = " in text and "window.atlasInit" in text
    # the base map's code is the committed static/js/atlas-map.js, the palette filled in
    script = assets.MAP_SCRIPT.read_text(encoding="utf-8")
    for placeholder, value in (("__PATTERN__", NO_DATA.pattern_id), ("__ND_FILL__", NO_DATA.fill),
                               ("__ND_HATCH__", NO_DATA.hatch), ("__OUTLINE__", OUTLINE_COLOUR)):
        assert placeholder in script and placeholder not in text
        script = script.replace(placeholder, value)
    assert text.endswith(script)
    leaflet = (assets.LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    assert text.startswith(leaflet) and ".leaflet-container" in text   # Leaflet's styles too
    assert "url(images/" not in text


def test_base_map_is_embedded_when_static_is_not_writable(atlas_db, tmp_path, monkeypatch):
    geometry = mv.map_geometry(True)
    locked = tmp_path / "locked"
    locked.write_text("a file, not a folder")
    assert assets.publish("map", "js", "x", directory=locked / "sub") is None
    fresh = tmp_path / "fresh"
    url = assets.publish("map", "js", "x", directory=fresh)
    assert url.startswith(assets.IFRAME_STATIC_PREFIX + "generated/map-")
    assert [p.read_text() for p in fresh.iterdir()] == ["x"]
    args = component_args(fm.build_base_map(geometry, publish=False), None)
    assert args["js_links"] == [assets.LEAFLET_JS[1]]     # Leaflet linked, the rest embedded
    assert args["css_links"] == [assets.LEAFLET_CSS[1]]
    # the geometry travels as a JSON text for JSON.parse (a string literal in the script)
    assert "window.atlasGeometry = JSON.parse(" in args["script"]
    assert json.dumps(geometry.features_json)[1:-1] in args["script"]
    assert "window.atlasInit = " in args["script"]


def test_tooltip_escapes_and_click_reads_the_feature_code():
    from atlas.views.choropleth import Tooltip

    tip = fm.tooltip_html(Tooltip("Kø<b>", "X", "1,0", "Nr. 1 af 98", "Hele landet"), "da")
    assert "Kø&lt;b&gt;" in tip
    feature = {"type": "Feature", "properties": {"k": 101}, "geometry": None}
    assert fm.clicked_code({"last_active_drawing": feature}) == 101
    assert fm.clicked_code({"last_active_drawing": None}) is None
    assert fm.clicked_code(None) is None
    assert fm.clicked_code({"last_active_drawing": {"properties": {"k": "x"}}}) is None


def test_hospital_distance_map_marks_the_acute_hospitals(atlas_db):
    state = MapState(indicator="hospital_distance_km", period="2026")
    points = payload(state)["p"]
    assert len(points) == 23
    # Bornholm's hospital moves into the inset with the island
    (south, west), (north, east) = mv.map_geometry(True).inset_frame
    rønne = [p for p in points if "Bornholms Hospital" in p[2]]
    assert len(rønne) == 1 and south <= rønne[0][0] <= north and west <= rønne[0][1] <= east
    # with a basemap (no inset) it stays where it is
    on_tiles = payload(state.with_(tiles="osm"))["p"]
    true_site = [p for p in on_tiles if "Bornholms" in p[2]][0]
    assert true_site[:2] == [55.0918, 14.7076]
    assert any("23 akutmodtagelser" in i18n.render(note, "da")
               for note in view(state).choropleth.notes)
    other = MapState(indicator="gini", period="2024")
    assert payload(other)["p"] is None
    assert not any("akutmodtagelser" in i18n.render(note, "da")
                   for note in view(other).choropleth.notes)
