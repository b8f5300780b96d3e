"""The build's spatial weights: k = 5 nearest municipality centroids (EPSG:25832),
row-standardised, built once per database from the `municipality_centroid` table."""

from __future__ import annotations

from atlas.db import database, per_build
from atlas.stats.spatial import MoranResult, SpatialWeights, knn_weights


@per_build
def spatial_weights() -> SpatialWeights:
    """The weights over all 98 municipalities in code order (a shared object: do not modify).
    Values for `atlas.stats.spatial` must be aligned with its `codes`."""
    frame = database().df("queries/municipality_centroids")
    return knn_weights(frame["kommune_kode"].tolist(),
                       frame[["x_25832", "y_25832"]].to_numpy(dtype=float))


def _moran(row: dict) -> MoranResult:
    z = row["z"]
    return MoranResult(i=float(row["moran_i"]), expected=float(row["expected"]),
                       z=float("nan") if z is None or z != z else float(z),
                       p_value=float(row["p_value"]), permutations=int(row["permutations"]),
                       n=int(row["n"]))


@per_build
def indicator_moran(indicator_id: str, period: str) -> MoranResult | None:
    """Global Moran's I of an indicator in a period, as the build computed it (table
    `indicator_moran`); None where it was not computed (too few values)."""
    rows = database().df("queries/indicator_moran",
                         {"indicator": indicator_id, "period": period}).to_dict("records")
    return _moran(rows[0]) if rows else None
