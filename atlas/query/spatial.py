"""The build's spatial weights: k = 5 nearest municipality centroids (EPSG:25832),
row-standardised, built once per database from the `municipality_centroid` table."""

from __future__ import annotations

from atlas.db import database, per_build
from atlas.stats.spatial import SpatialWeights, knn_weights


@per_build
def spatial_weights() -> SpatialWeights:
    """The weights over all 98 municipalities in code order (a shared object: do not modify).
    Values for `atlas.stats.spatial` must be aligned with its `codes`."""
    frame = database().df("queries/municipality_centroids")
    return knn_weights(frame["kommune_kode"].tolist(),
                       frame[["x_25832", "y_25832"]].to_numpy(dtype=float))
