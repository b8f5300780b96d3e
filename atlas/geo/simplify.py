"""Municipality and region geometry for the browser: coverage-preserving simplification.

Simplification runs on the whole coverage at once (`shapely.coverage_simplify`, GEOS ≥ 3.12)
in a metric CRS (ETRS89 / UTM 32N, EPSG:25832), so neighbouring municipalities keep sharing
exactly the same border: no slivers or gaps appear between them. Coordinates are then
snapped to a fixed grid in WGS84, identically for every municipality, which keeps shared
borders identical and the GeoJSON small.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from atlas.errors import AtlasError

METRIC_CRS = "EPSG:25832"
WGS84 = "EPSG:4326"
# 1e-4 degrees is about 11 m north-south and 6 m east-west in Denmark: far below what a
# national choropleth can show, and it keeps every coordinate to four decimals.
GRID_DEGREES = 1e-4


@dataclass(frozen=True)
class SimplifiedShapes:
    municipalities: dict[int, BaseGeometry]   # kommune_kode -> simplified WGS84 geometry
    regions: dict[int, BaseGeometry]           # region_code -> union of its municipalities
    area_km2: dict[int, float]                 # from the full-detail geometry


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only polygon parts (snapping can leave stray lines or points in a collection)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [part for part in getattr(geometry, "geoms", [])
                if part.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons)


def simplify_coverage(shapes: dict[int, BaseGeometry], region_of: dict[int, int],
                      tolerance_m: float = 250.0) -> SimplifiedShapes:
    """Simplify all municipalities together and derive region shapes from the result."""
    codes = sorted(shapes)
    frame = gpd.GeoSeries([shapes[code] for code in codes], index=codes, crs=WGS84)
    metric = frame.to_crs(METRIC_CRS)
    area_km2 = dict(zip(codes, (metric.area / 1e6).round(2).tolist()))
    simplified = shapely.coverage_simplify(np.asarray(metric.values), tolerance_m)
    back = gpd.GeoSeries(simplified, index=codes, crs=METRIC_CRS).to_crs(WGS84)
    snapped = shapely.set_precision(np.asarray(back.values), GRID_DEGREES)
    municipalities: dict[int, BaseGeometry] = {}
    for code, geometry in zip(codes, snapped):
        geometry = _polygonal(shapely.make_valid(geometry))
        if geometry.is_empty or not geometry.is_valid:
            raise AtlasError(f"municipality {code}: simplification produced an invalid or empty "
                             "geometry; lower the tolerance")
        municipalities[code] = geometry
    by_region: dict[int, list[BaseGeometry]] = {}
    for code, geometry in municipalities.items():
        by_region.setdefault(region_of[code], []).append(geometry)
    regions = {
        region: _polygonal(shapely.set_precision(shapely.union_all(parts), GRID_DEGREES))
        for region, parts in sorted(by_region.items())
    }
    return SimplifiedShapes(municipalities, regions, area_km2)


def to_geojson(geometry: BaseGeometry) -> str:
    """Compact GeoJSON geometry text with coordinates at four decimals."""
    def rounded(coords):
        if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
            return [round(coords[0], 4), round(coords[1], 4)]
        return [rounded(part) for part in coords]

    geo = mapping(geometry)
    return json.dumps({"type": geo["type"], "coordinates": rounded(geo["coordinates"])},
                      separators=(",", ":"))
