"""DAGI municipal boundaries -> the snapshot's `boundaries/kommuner.geojson`.

DAWA (api.dataforsyningen.dk/kommuner) closed in 2026, so the default is Datafordeler's WFS,
which needs a (free) Datafordeler user or API key. Any of these inputs is accepted
(shared/docs/source-formats.md §4):

* Datafordeler WFS 2.0 GeoJSON (`kommunekode`, `navn`, `udenforKommuneinddeling`), asked for in
  EPSG:4326 — WFS 2.0 may then return **lat/lon** axis order, which is detected and swapped;
* a DAWA-era `/kommuner` GeoJSON (`kode`, `navn`, `udenforkommuneinddeling`);
* an old Kortforsyningen/snapshot GeoJSON (`KOMKODE`, `KOMNAVN`), in lon/lat or in
  ETRS89 / UTM 32N (EPSG:25832) metres, which is reprojected;
* a GeoPackage file with any of those attribute names.

Output: one feature per municipality, `KOMKODE` as 4-digit text ("0101"), `KOMNAVN` in DST
spelling, WGS84 lon/lat (CRS84), 2-D; Christiansø (0411 / udenforkommuneinddeling) dropped.

Configuration: `--dagi URL_OR_FILE` or $ATLAS_DAGI_URL; $ATLAS_DAGI_TYPENAME;
credentials $ATLAS_DAGI_USERNAME + $ATLAS_DAGI_PASSWORD, or $ATLAS_DAGI_APIKEY.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from atlas.build.snapshot import feature_collection, feature_list
from atlas.connectors import names
from atlas.connectors.common import SourceResult
from atlas.connectors.transport import Transport, redact_url
from atlas.errors import SourceError

SOURCE = "DAGI municipal boundaries"
SOURCE_KEY = "dagi"
BOUNDARIES_FILE = "boundaries/kommuner.geojson"
DEFAULT_WFS_URL = "https://wfs.datafordeler.dk/DAGI/DAGI_WFS/1.0.0/WFS"
DEFAULT_TYPENAME = "dagi_v001:Kommuneinddeling_current"
CRS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
LON_RANGE, LAT_RANGE = (7.5, 15.5), (54.0, 58.0)
UTM_X_RANGE, UTM_Y_RANGE = (300_000.0, 1_000_000.0), (6_000_000.0, 6_450_000.0)
CODE_KEYS = ("kommunekode", "komkode", "kode", "kommune_kode", "lau1")
NAME_KEYS = ("navn", "komnavn", "kommunenavn", "name")
OUTSIDE_KEYS = ("udenforkommuneinddeling",)


class DagiError(SourceError):
    """Boundaries that cannot be used."""


@dataclass
class Boundaries:
    geojson: bytes
    codes: list[int]
    axis_order: str                  # "lon/lat", "lat/lon (swapped)" or "EPSG:25832 (reprojected)"
    dropped: list[str] = field(default_factory=list)


def _property(properties: Mapping[str, Any], keys: Iterable[str]) -> Any:
    lowered = {str(k).lower(): v for k, v in properties.items()}
    for key in keys:
        if key in lowered and lowered[key] not in (None, ""):
            return lowered[key]
    return None


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "ja", "yes")
    return bool(value)


def _polygons(geometry: Mapping[str, Any] | None, where: str, file: str) -> list[list]:
    if not geometry:
        raise DagiError(f"{where}: no geometry", file=file)
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return [coordinates]
    if kind == "MultiPolygon":
        return list(coordinates)
    raise DagiError(f"{where}: expected a Polygon or MultiPolygon, found {kind}", file=file)


def _positions(polygons: Iterable[list]) -> Iterable[list]:
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def _axis_order(polygons_by_feature: list[list], declared_crs: str, file: str) -> str:
    xs, ys = [], []
    for polygons in polygons_by_feature:
        for position in _positions(polygons):
            try:
                xs.append(float(position[0]))
                ys.append(float(position[1]))
            except (TypeError, ValueError, IndexError):
                raise DagiError(f"a coordinate is not a number pair: {position!r}",
                                file=file) from None
    if not xs:
        raise DagiError("no coordinates", file=file)
    x, y = (min(xs), max(xs)), (min(ys), max(ys))

    def inside(span, bounds):
        return bounds[0] <= span[0] and span[1] <= bounds[1]

    if "25832" in declared_crs or (inside(x, UTM_X_RANGE) and inside(y, UTM_Y_RANGE)):
        return "utm"
    if inside(x, LON_RANGE) and inside(y, LAT_RANGE):
        return "lonlat"
    if inside(x, LAT_RANGE) and inside(y, LON_RANGE):
        return "latlon"
    raise DagiError(f"coordinates span x {x[0]:.3f}…{x[1]:.3f}, y {y[0]:.3f}…{y[1]:.3f}: neither "
                    "WGS84 lon/lat nor ETRS89/UTM 32N in Denmark (declared CRS "
                    f"{declared_crs or 'none'})", file=file)


def _converter(order: str):
    if order == "lonlat":
        return lambda x, y: (x, y)
    if order == "latlon":
        return lambda x, y: (y, x)
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
    return lambda x, y: transformer.transform(x, y)


def _read_geopackage(data: bytes, file: str) -> dict:
    """A GeoPackage -> a GeoJSON dict in lon/lat, via geopandas/pyogrio (already dependencies)."""
    import geopandas as gpd
    import pyogrio

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "boundaries.gpkg"
        path.write_bytes(data)
        try:
            layers = [str(layer[0]) for layer in pyogrio.list_layers(path)]
        except Exception as problem:
            raise DagiError(f"unreadable GeoPackage ({problem})", file=file) from None
        for layer in layers:
            frame = gpd.read_file(path, layer=layer)
            columns = {c.lower() for c in frame.columns}
            if columns & set(CODE_KEYS):
                if frame.crs is None:
                    raise DagiError(f"GeoPackage layer {layer!r} has no CRS", file=file)
                return json.loads(frame.to_crs(4326).to_json())
    raise DagiError(f"no GeoPackage layer with a municipality code column (layers: "
                    f"{', '.join(layers) or 'none'})", file=file)


def parse_boundaries(data: bytes, *, file: str, universe: Iterable[int]) -> Boundaries:
    universe = set(universe)
    if data.startswith(b"SQLite format 3\x00"):
        document: Any = _read_geopackage(data, file)
        features = feature_list(document, file, DagiError)
    else:
        stripped = data.lstrip()
        if stripped[:1] == b"<":
            text = stripped[:2000].decode("utf-8", "replace")
            if "ExceptionReport" in text or "ExceptionText" in text:
                import re
                detail = re.search(r"<(?:\w+:)?ExceptionText>(.*?)</", text, re.S)
                raise DagiError("the WFS answered with an error: "
                                + (detail.group(1).strip() if detail else text[:300]), file=file)
            raise DagiError("the response is XML/GML or HTML, not GeoJSON; ask for "
                            "outputFormat=application/json", file=file)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as problem:
            raise DagiError(f"not valid UTF-8 ({problem.reason}); the download may be truncated",
                            file=file) from None
        document, features = feature_collection(text, file, DagiError)
    declared = str(((document.get("crs") or {}).get("properties") or {}).get("name", ""))

    parts: dict[int, list[list]] = {}
    dropped: list[str] = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        raw_code = _property(properties, CODE_KEYS)
        code = names.normalise_code(raw_code)
        where = f"feature #{number} ({raw_code!r})"
        if code is None:
            raise DagiError(f"feature #{number}: no municipality code (looked for "
                            f"{', '.join(CODE_KEYS + ('KOMKODE',))})", file=file)
        if code == names.CHRISTIANSOE or _truthy(_property(properties, OUTSIDE_KEYS)):
            dropped.append(f"{raw_code} (Christiansø / outside the municipal division)")
            continue
        if code not in names.CODES:
            raise DagiError(f"{where}: unknown municipality code", file=file)
        name = _property(properties, NAME_KEYS)
        if name and names.match_name(name) not in (None, code):
            raise DagiError(f"{where}: code and name {name!r} are different municipalities",
                            file=file)
        if code not in universe:
            dropped.append(f"{raw_code} (not in the snapshot's municipalities)")
            continue
        parts.setdefault(code, []).extend(_polygons(feature.get("geometry"), where, file))
    missing = sorted(universe - set(parts))
    if missing:
        raise DagiError(f"no boundary for {len(missing)} municipalit"
                        f"{'y' if len(missing) == 1 else 'ies'}: "
                        + ", ".join(f"{c} {names.municipality_name(c)}" for c in missing[:10]),
                        file=file)
    order = _axis_order(list(parts.values()), declared, file)
    convert = _converter(order)
    out_features = []
    for code in sorted(parts):
        polygons = [[[list(map(lambda v: round(v, 7), convert(float(p[0]), float(p[1]))))
                      for p in ring] for ring in polygon] for polygon in parts[code]]
        geometry = ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
                    else {"type": "MultiPolygon", "coordinates": polygons})
        out_features.append({"type": "Feature",
                             "properties": {"KOMKODE": f"{code:04d}",
                                            "KOMNAVN": names.municipality_name(code)},
                             "geometry": geometry})
    output = {"type": "FeatureCollection", "crs": CRS84, "features": out_features}
    text = json.dumps(output, ensure_ascii=False, separators=(",", ":"))
    described = {"lonlat": "lon/lat", "latlon": "lat/lon (swapped to lon/lat)",
                 "utm": "EPSG:25832 (reprojected to WGS84)"}[order]
    return Boundaries(text.encode("utf-8"), sorted(parts), described, dropped)


def wfs_parameters(environ: Mapping[str, str]) -> dict[str, str]:
    params = {"service": "WFS", "version": "2.0.0", "request": "GetFeature",
              "typenames": environ.get("ATLAS_DAGI_TYPENAME", DEFAULT_TYPENAME),
              "outputFormat": "application/json", "srsName": "EPSG:4326"}
    if environ.get("ATLAS_DAGI_USERNAME") and environ.get("ATLAS_DAGI_PASSWORD"):
        params["username"] = environ["ATLAS_DAGI_USERNAME"]
        params["password"] = environ["ATLAS_DAGI_PASSWORD"]
    if environ.get("ATLAS_DAGI_APIKEY"):
        params["apikey"] = environ["ATLAS_DAGI_APIKEY"]
    return params


def has_credentials(environ: Mapping[str, str]) -> bool:
    return bool((environ.get("ATLAS_DAGI_USERNAME") and environ.get("ATLAS_DAGI_PASSWORD"))
                or environ.get("ATLAS_DAGI_APIKEY"))


def fetch_dagi(transport: Transport, location: str | None, universe: set[int], *,
               environ: Mapping[str, str] | None = None) -> SourceResult:
    """Boundaries from a file, a complete URL, or the Datafordeler WFS (default)."""
    environ = os.environ if environ is None else environ
    location = location or environ.get("ATLAS_DAGI_URL") or DEFAULT_WFS_URL
    label = f"{SOURCE} ({redact_url(location) if '://' in location else location})"
    if "://" not in location:
        path = Path(location)
        if not path.is_file():
            raise DagiError(f"{SOURCE}: file {location} does not exist")
        data, origin = path.read_bytes(), str(path)
    else:
        if urlsplit(location).query:
            response = transport.get(location, source=SOURCE)
        else:
            if location == DEFAULT_WFS_URL and not has_credentials(environ):
                raise DagiError(
                    f"{SOURCE}: Datafordeler's WFS needs a user: set ATLAS_DAGI_USERNAME and "
                    "ATLAS_DAGI_PASSWORD (or ATLAS_DAGI_APIKEY), or give --dagi FILE_OR_URL")
            response = transport.get(location, params=wfs_parameters(environ), source=SOURCE)
        if response.status in (401, 403):
            raise DagiError(f"{label}: HTTP {response.status} — the Datafordeler user or API key "
                            "was refused (check ATLAS_DAGI_USERNAME/PASSWORD/APIKEY)")
        if response.status == 410:
            raise DagiError(f"{label}: HTTP 410 Gone — this service has closed (DAWA closed in "
                            "2026); use Datafordeler or a downloaded file")
        response.raise_for_status(SOURCE)
        data, origin = response.body, redact_url(response.url)
    boundaries = parse_boundaries(data, file=label, universe=universe)
    result = SourceResult("dagi", files={BOUNDARIES_FILE: boundaries.geojson})
    result.source_rows.append({
        "source": SOURCE_KEY, "publisher": "Klimadatastyrelsen (tidl. SDFI), Datafordeleren",
        "table": "DAGI Kommuneinddeling",
        "title": f"Kommunegrænser (DAGI), hentet {date.today().isoformat()}",
        "url": origin if origin.startswith("http") else "https://datafordeler.dk/",
        "licence": "Frie geografiske data, gengivelse med kildeangivelse",
    })
    result.manifest = {"origin": origin, "sha256": hashlib.sha256(data).hexdigest(),
                       "axis_order": boundaries.axis_order, "municipalities": len(boundaries.codes),
                       "dropped": boundaries.dropped}
    if boundaries.axis_order != "lon/lat":
        result.notes.append(f"DAGI: coordinates were {boundaries.axis_order}")
    return result
