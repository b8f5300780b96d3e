"""Municipality centroids in a metric CRS, for the spatial weights (atlas/stats/spatial.py).

The centroid is the area centroid of the full-detail (unsimplified) municipality boundary,
islands included, computed in ETRS89 / UTM 32N (EPSG:25832), so distances between centroids are
in metres. An area centroid may fall outside a municipality with islands or a ragged coast; that
does not matter for nearest-neighbour weights, which only compare distances.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from atlas.geo.simplify import METRIC_CRS, WGS84


def municipality_centroids(shapes: dict[int, BaseGeometry]) -> pd.DataFrame:
    """kommune_kode -> area centroid (x_25832, y_25832 in metres) of WGS84 geometries,
    ordered by code."""
    codes = sorted(shapes)
    metric = gpd.GeoSeries([shapes[code] for code in codes], index=codes,
                           crs=WGS84).to_crs(METRIC_CRS)
    centroids = metric.centroid
    return pd.DataFrame({"kommune_kode": codes,
                         "x_25832": centroids.x.to_numpy(),
                         "y_25832": centroids.y.to_numpy()})
