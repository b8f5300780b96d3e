"""Map geometry for the browser: compact GeoJSON, the Bornholm inset and region border lines.

Input is the database's simplified WGS84 GeoJSON (one (Multi)Polygon per municipality, one per
region). Output is sent to the browser on every rerun, so it is kept small: coordinates rounded
to 4 decimals (about 6-11 m here, far below the simplification tolerance; shared vertices round
identically, so neighbours still meet), repeated points dropped, one property per feature (the
municipality code). Region borders are only the lines where two regions meet: coasts are
already drawn by the municipalities, so whole region outlines would double the payload.

With no basemap, Bornholm is moved into a framed inset at the top right (as on Statistics
Denmark's maps), so the rest of the country can be drawn about 50 % larger.

It depends on the build's geometry alone, so the build prepares it once for each kind of map
(with and without the inset) and stores it (`map_geometry`, as `MapGeometry.to_json`): a
server reads it before its first map instead of rounding the GeoJSON and computing the region
borders with shapely (issue 23). The views reach it as `atlas.views.geometry`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

PRECISION = 4
KBH_GROUP = 1  # DST kommunegruppe "Hovedstadskommuner": the Copenhagen-area zoom preset
BORNHOLM = 400
# Where the inset frame's top-right corner goes, relative to the rest of Denmark's bounds.
_INSET_PAD = 0.07           # degrees between Bornholm and its frame
_INSET_MARGIN = (0.02, 0.02)  # (lat, lon) degrees between the frame and the national corner


@dataclass(frozen=True)
class InsetMove:
    """The move of Bornholm into its inset: (lon, lat) -> (lon, lat), a shift in longitude
    and, about the island's centre, a shift and rescale in latitude (see `inset_move`)."""

    centre_lon: float
    centre_lat: float
    target_lon: float
    target_lat: float
    factor: float

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        return x - self.centre_lon + self.target_lon, \
            self.target_lat + (y - self.centre_lat) * self.factor


@dataclass(frozen=True)
class MapGeometry:
    """Everything geographic the map script needs; language- and indicator-independent."""

    features_json: str                     # FeatureCollection, properties {"k": code}
    regions_json: str | None               # MultiLineString of region borders, or None
    bounds: tuple[tuple[float, float], tuple[float, float]]       # ((s, w), (n, e))
    kbh_bounds: tuple[tuple[float, float], tuple[float, float]] | None
    inset_frame: tuple[tuple[float, float], tuple[float, float]] | None
    codes: tuple[int, ...]
    # where Bornholm really is (w, s, e, n) and the move that put it into the inset
    inset_source: tuple[float, float, float, float] | None = None
    inset_move: InsetMove | None = None

    def place(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a real (lon, lat) is drawn: points on Bornholm move into the inset with it."""
        if self.inset_move and self.inset_source:
            west, south, east, north = self.inset_source
            if west <= lon <= east and south <= lat <= north:
                return self.inset_move(lon, lat)
        return lon, lat

    @property
    def size_bytes(self) -> int:
        return len(self.features_json) + len(self.regions_json or "")

    def to_json(self) -> str:
        """One JSON text that `from_json` turns back into an equal MapGeometry."""
        return json.dumps({
            "features": self.features_json, "regions": self.regions_json,
            "bounds": self.bounds, "kbh_bounds": self.kbh_bounds,
            "inset_frame": self.inset_frame, "codes": self.codes,
            "inset_source": self.inset_source,
            "inset_move": None if self.inset_move is None else vars(self.inset_move),
        }, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "MapGeometry":
        data = json.loads(text)

        def corners(value: Any) -> Any:
            return None if value is None else tuple(tuple(corner) for corner in value)

        move = data["inset_move"]
        return cls(features_json=data["features"], regions_json=data["regions"],
                   bounds=corners(data["bounds"]), kbh_bounds=corners(data["kbh_bounds"]),
                   inset_frame=corners(data["inset_frame"]), codes=tuple(data["codes"]),
                   inset_source=(None if data["inset_source"] is None
                                 else tuple(data["inset_source"])),
                   inset_move=None if move is None else InsetMove(**move))


def _round_ring(ring: Iterable[Iterable[float]], precision: int) -> list[list[float]]:
    out: list[list[float]] = []
    for point in ring:
        x, y = round(float(point[0]), precision), round(float(point[1]), precision)
        if not out or out[-1][0] != x or out[-1][1] != y:
            out.append([x, y])
    return out


def round_geometry(geometry: Mapping[str, Any], precision: int = PRECISION) -> dict[str, Any]:
    """Round a Polygon/MultiPolygon/LineString/MultiLineString's coordinates; drop duplicates.

    A ring reduced below 4 points by rounding is dropped (it would be invisible anyway).
    """
    kind = geometry["type"]
    coords = geometry["coordinates"]
    if kind == "Polygon":
        rings = [_round_ring(r, precision) for r in coords]
        rings = [r for r in rings if len(r) >= 4]
        return {"type": "Polygon", "coordinates": rings}
    if kind == "MultiPolygon":
        polygons = []
        for polygon in coords:
            rings = [_round_ring(r, precision) for r in polygon]
            if rings and len(rings[0]) >= 4:
                polygons.append([r for r in rings if len(r) >= 4])
        if len(polygons) == 1:
            return {"type": "Polygon", "coordinates": polygons[0]}
        return {"type": "MultiPolygon", "coordinates": polygons}
    if kind == "LineString":
        return {"type": "LineString", "coordinates": _round_ring(coords, precision)}
    if kind == "MultiLineString":
        lines = [_round_ring(line, precision) for line in coords]
        return {"type": "MultiLineString", "coordinates": [ln for ln in lines if len(ln) >= 2]}
    raise ValueError(f"unsupported geometry type {kind!r}")


def _points(geometry: Mapping[str, Any]) -> Iterable[tuple[float, float]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords
    elif kind == "LineString":
        polygons = [[coords]]
    elif kind == "MultiLineString":
        polygons = [coords]
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")
    for polygon in polygons:
        for ring in polygon:
            for point in ring:
                yield float(point[0]), float(point[1])


def bbox(geometries: Iterable[Mapping[str, Any]]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of all geometries."""
    xs, ys = [], []
    for geometry in geometries:
        for x, y in _points(geometry):
            xs.append(x)
            ys.append(y)
    if not xs:
        raise ValueError("no coordinates")
    return min(xs), min(ys), max(xs), max(ys)


def _map_coords(geometry: Mapping[str, Any], fn) -> dict[str, Any]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        new = [[list(fn(x, y)) for x, y in ring] for ring in coords]
    elif kind == "MultiPolygon":
        new = [[[list(fn(x, y)) for x, y in ring] for ring in polygon] for polygon in coords]
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")
    return {"type": kind, "coordinates": new}


def inset_move(geometry: Mapping[str, Any], rest_bounds: tuple[float, float, float, float]
               ) -> tuple[InsetMove, tuple[tuple[float, float], tuple[float, float]]]:
    """How to move `geometry` (Bornholm) into a frame at the top-right corner of
    `rest_bounds`: the (lon, lat) -> (lon, lat) move and the frame ((s, w), (n, e)).

    Latitudes are rescaled by the ratio of Mercator scale factors, so the island keeps its
    shape at its new latitude.
    """
    west, south, east, north = bbox([geometry])
    _, _, rest_east, rest_north = rest_bounds
    centre_lat = (south + north) / 2
    frame_north = rest_north - _INSET_MARGIN[0]
    frame_east = rest_east - _INSET_MARGIN[1]
    height = (north - south)
    width = east - west
    # new centre: frame top-right corner minus half the (padded) island
    target_lat_guess = frame_north - _INSET_PAD - height / 2
    factor = math.cos(math.radians(target_lat_guess)) / math.cos(math.radians(centre_lat))
    new_height = height * factor
    target_lat = frame_north - _INSET_PAD - new_height / 2
    target_lon = frame_east - _INSET_PAD - width / 2
    centre_lon = (west + east) / 2
    fn = InsetMove(centre_lon, centre_lat, target_lon, target_lat, factor)
    frame = ((target_lat - new_height / 2 - _INSET_PAD, target_lon - width / 2 - _INSET_PAD),
             (frame_north, frame_east))
    return fn, frame


def region_border_lines(region_geojson: Mapping[int, str], precision: int = PRECISION
                        ) -> dict[str, Any] | None:
    """The lines where two regions meet, as one MultiLineString (needs shapely)."""
    try:
        import shapely
        from shapely.geometry import shape
        from shapely.ops import linemerge
    except ImportError:  # pragma: no cover - shapely is a project dependency
        return None
    shapes = [shape(json.loads(text)) for _, text in sorted(region_geojson.items())]
    pieces = []
    for i, first in enumerate(shapes):
        for second in shapes[i + 1:]:
            if not first.intersects(second):
                continue
            shared = first.boundary.intersection(second.boundary)
            for part in getattr(shared, "geoms", [shared]):
                if part.geom_type in ("LineString", "MultiLineString") and not part.is_empty:
                    pieces.append(part)
    if not pieces:
        return None
    borders = shapely.union_all(pieces)
    # one border line (two regions, as in a small snapshot) is merged already: linemerge
    # takes only a collection of lines
    merged = linemerge(borders) if borders.geom_type == "MultiLineString" else borders
    lines = [list(map(list, line.coords)) for line in getattr(merged, "geoms", [merged])]
    return round_geometry({"type": "MultiLineString", "coordinates": lines}, precision)


def _dumps(value: Any) -> str:
    # compact, and safe inside a <script> element
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")


def prepare_geometry(municipality_geojson: Mapping[int, str],
                     region_geojson: Mapping[int, str] | None = None, *,
                     inset: bool = True, kbh_codes: Iterable[int] = (),
                     precision: int = PRECISION) -> MapGeometry:
    """Compact browser geometry from the database's GeoJSON texts (code -> GeoJSON)."""
    geometries = {int(code): round_geometry(json.loads(text), precision)
                  for code, text in sorted(municipality_geojson.items())}
    inset_frame = inset_source = move = None
    rest = [g for code, g in geometries.items() if code != BORNHOLM]
    if inset and BORNHOLM in geometries and rest:
        inset_source = bbox([geometries[BORNHOLM]])
        move, inset_frame = inset_move(geometries[BORNHOLM], bbox(rest))
        geometries[BORNHOLM] = round_geometry(_map_coords(geometries[BORNHOLM], move), precision)
    features = [{"type": "Feature", "properties": {"k": code}, "geometry": geometry}
                for code, geometry in geometries.items()]
    west, south, east, north = bbox(geometries.values())
    kbh = [geometries[c] for c in kbh_codes if c in geometries]
    kbh_bounds = None
    if kbh:
        kw, ks, ke, kn = bbox(kbh)
        kbh_bounds = ((ks, kw), (kn, ke))
    regions = region_border_lines(region_geojson, precision) if region_geojson else None
    return MapGeometry(
        features_json=_dumps({"type": "FeatureCollection", "features": features}),
        regions_json=_dumps(regions) if regions else None,
        bounds=((south, west), (north, east)),
        kbh_bounds=kbh_bounds,
        inset_frame=inset_frame,
        codes=tuple(geometries),
        inset_source=inset_source,
        inset_move=move,
    )
