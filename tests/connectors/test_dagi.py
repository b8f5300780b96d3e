"""DAGI boundaries: Datafordeler WFS (lat/lon pitfall), DAWA and UTM shapes, GeoPackage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atlas.connectors.dagi import DagiError, fetch_dagi, parse_boundaries
from tests.connectors.conftest import DAGI_URL, UNIVERSE, make_fixtures
from tests.connectors.fakes import FIXTURES, response

DAGI = FIXTURES / "dagi"


def first_corner(geojson: bytes, code: int) -> list[float]:
    document = json.loads(geojson)
    feature = next(f for f in document["features"] if f["properties"]["KOMKODE"] == f"{code:04d}")
    geometry = feature["geometry"]
    ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
    return ring[0]


def expected_corner(code: int) -> list[float]:
    lon, lat = make_fixtures.MUNICIPALITIES[code][10:12]
    return make_fixtures.square(lon, lat)[0]


@pytest.mark.parametrize("fixture, order", [
    ("datafordeler_wfs_latlon.geojson", "lat/lon (swapped to lon/lat)"),
    ("dawa_kommuner.geojson", "lon/lat"),
    ("kortforsyningen_utm32.geojson", "EPSG:25832 (reprojected to WGS84)"),
])
def test_every_known_shape_becomes_the_snapshot_format(fixture: str, order: str) -> None:
    result = parse_boundaries((DAGI / fixture).read_bytes(), file=fixture, universe=UNIVERSE)
    assert result.axis_order == order and result.codes == sorted(UNIVERSE)
    document = json.loads(result.geojson)
    assert document["crs"]["properties"]["name"].endswith("CRS84")
    properties = {f["properties"]["KOMKODE"]: f["properties"]["KOMNAVN"] for f in document["features"]}
    assert properties["0101"] == "København" and "0411" not in properties
    assert first_corner(result.geojson, 825) == pytest.approx(expected_corner(825), abs=1e-5)


def test_the_output_is_read_by_the_build(tmp_path: Path) -> None:
    from atlas.build.snapshot import read_boundaries

    result = parse_boundaries((DAGI / "datafordeler_wfs_latlon.geojson").read_bytes(), file="f",
                              universe=UNIVERSE)
    (tmp_path / "boundaries").mkdir()
    (tmp_path / "boundaries" / "kommuner.geojson").write_bytes(result.geojson)
    shapes = read_boundaries(tmp_path)
    assert set(shapes) == UNIVERSE
    assert 10.9 < shapes[825][1].centroid.x < 11.1 and 57.2 < shapes[825][1].centroid.y < 57.3


@pytest.mark.parametrize("mangle, message", [
    (lambda d: {**d, "features": [f for f in d["features"] if f["properties"].get("kode") != "0825"]},
     "no boundary for 1 municipality: 825 Læsø"),
    (lambda d: {**d, "features": d["features"] + [
        {**d["features"][0], "properties": {"kode": "0999", "navn": "Atlantis"}}]},
     "unknown municipality code"),
    (lambda d: {**d, "features": [{**f, "geometry": {"type": "Point", "coordinates": [10, 56]}}
                                  for f in d["features"]]}, "expected a Polygon"),
    (lambda d: {"type": "FeatureCollection", "features": []}, "with features"),
])
def test_incomplete_or_wrong_boundaries_are_refused(mangle, message: str) -> None:
    document = json.loads((DAGI / "dawa_kommuner.geojson").read_text(encoding="utf-8"))
    with pytest.raises(DagiError, match=message):
        parse_boundaries(json.dumps(mangle(document)).encode(), file="f", universe=UNIVERSE)


def test_coordinates_outside_denmark_are_refused() -> None:
    document = json.loads((DAGI / "dawa_kommuner.geojson").read_text(encoding="utf-8"))
    for feature in document["features"]:
        for ring in feature["geometry"]["coordinates"]:
            for point in ring:
                point[0] += 40
    with pytest.raises(DagiError, match="neither WGS84 lon/lat nor ETRS89"):
        parse_boundaries(json.dumps(document).encode(), file="f", universe=UNIVERSE)


def test_wfs_errors_and_truncation_are_explained() -> None:
    report = (b'<?xml version="1.0"?><ows:ExceptionReport><ows:Exception><ows:ExceptionText>'
              b'Bruger ikke autoriseret</ows:ExceptionText></ows:Exception></ows:ExceptionReport>')
    with pytest.raises(DagiError, match="WFS answered with an error: Bruger ikke autoriseret"):
        parse_boundaries(report, file="f", universe=UNIVERSE)
    data = (DAGI / "dawa_kommuner.geojson").read_bytes()
    with pytest.raises(DagiError, match="truncated"):
        parse_boundaries(data[: len(data) // 2], file="f", universe=UNIVERSE)


def test_wfs_needs_credentials_and_never_leaks_them(transport, fake) -> None:
    with pytest.raises(DagiError, match="needs a user: set ATLAS_DAGI_USERNAME"):
        fetch_dagi(transport, None, UNIVERSE, environ={})
    environ = {"ATLAS_DAGI_USERNAME": "alice", "ATLAS_DAGI_PASSWORD": "s3cret"}
    result = fetch_dagi(transport, None, UNIVERSE, environ=environ)
    method, url, params = fake.calls[-1]
    assert url == DAGI_URL and params["password"] == "s3cret" and params["srsName"] == "EPSG:4326"
    assert "s3cret" not in json.dumps(result.manifest) + json.dumps(result.source_rows)
    assert "s3cret" not in json.dumps(transport.log)
    fake.script(DAGI_URL, response("Unauthorized", 401))
    with pytest.raises(DagiError, match="HTTP 401.*refused"):
        fetch_dagi(transport, None, UNIVERSE, environ=environ)


def test_a_closed_dawa_endpoint_says_so(transport, fake) -> None:
    fake.script("dataforsyningen", response("Gone", 410))
    with pytest.raises(DagiError, match="410 Gone"):
        fetch_dagi(transport, "https://api.dataforsyningen.dk/kommuner?format=geojson",
                   UNIVERSE, environ={})


def test_geopackage_files_are_read(tmp_path: Path) -> None:
    import geopandas as gpd

    frame = gpd.read_file(DAGI / "kortforsyningen_utm32.geojson")
    frame = frame.set_crs(25832, allow_override=True).rename(columns={"KOMKODE": "kommunekode",
                                                                      "KOMNAVN": "navn"})
    frame.to_file(tmp_path / "dagi.gpkg", layer="kommuneinddeling", driver="GPKG")
    result = fetch_dagi(None, str(tmp_path / "dagi.gpkg"), UNIVERSE, environ={})
    corner = first_corner(result.files["boundaries/kommuner.geojson"], 101)
    assert corner == pytest.approx(expected_corner(101), abs=1e-5)
