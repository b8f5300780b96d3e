"""The spatial statistics of a need x access pair, once per build: Spearman's rho with its naive
and spatially adjusted interval (Dutilleul), the bivariate Moran's I and the local bivariate
Moran clusters (LISA, permutation p, Benjamini-Hochberg q), all from atlas.stats.spatial.

Values are oriented before they are tested (`orientation`): x = need, higher = more need;
y = access, higher = worse access (or higher value, for an access indicator without a
direction). So rho > 0 and a "high-high" cluster both mean more need with worse access, the
inverse-care direction, whichever way the indicators are published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from atlas.db import per_build
from atlas.query import core as queries
from atlas.query import pairs as pair_queries
from atlas.query.spatial import spatial_weights
from atlas.registry import Indicator
from atlas.stats import spatial as spatial_stats
from atlas.stats.arrays import oriented_pair
from atlas.views.inverse_care.orientation import access_oriented, access_sign, need_sign

# verdicts of a pair, after the spatial adjustment
INVERSE, NONE, OPPOSITE, UNDIRECTED = "inverse", "none", "opposite", "undirected"
VERDICTS = (INVERSE, NONE, OPPOSITE, UNDIRECTED)


@dataclass(frozen=True)
class PairSpatial:
    """One pair in given periods; `problem` set (and the statistics None) when there is too
    little data or a constant variable."""

    need: str
    need_period: str
    access: str
    access_period: str
    n_total: int                                         # municipalities in the weights (98)
    correlation: spatial_stats.AdjustedCorrelation | None
    moran: spatial_stats.MoranResult | None
    problem: str | None = None

    @property
    def verdict(self) -> str | None:
        """inverse | none | opposite | undirected (a clear relation, access without a
        direction); follows the spatially adjusted interval."""
        if self.correlation is None:
            return None
        if self.correlation.adjusted.spans_zero:
            return NONE
        if not access_oriented(_indicators()[self.access]):
            return UNDIRECTED
        return INVERSE if self.correlation.rho > 0 else OPPOSITE


def _indicators() -> Mapping[str, Indicator]:
    """The loaded indicators (registry and user-supplied ones), by id."""
    return queries.catalogue().indicators


def oriented_arrays(need: str, need_period: str, access: str, access_period: str,
                    codes: tuple[int, ...]) -> tuple[list[float], list[float]]:
    """(need, access) aligned with `codes`, oriented (see the module docstring); NaN = no data."""
    indicators = _indicators()
    s_need, s_access = need_sign(indicators[need]), access_sign(indicators[access])
    frame = pair_queries.pair_values(need, need_period, access, access_period)
    return oriented_pair(frame.to_dict("records"), codes, s_need, s_access)


def stored(state) -> bool:
    """Whether the build stored this state's pair statistics (a registered pair in its latest
    periods): then showing it needs no statistics library."""
    return pair_queries.stored_pair(state.need, state.need_period, state.access,
                                    state.access_period) is not None


@per_build
def pair_spatial(need: str, need_period: str, access: str, access_period: str) -> PairSpatial:
    """Spearman's rho (naive and adjusted) and the bivariate Moran's I of the pair (as the
    build stored them for a registered pair in its latest periods, else computed here)."""
    stored = pair_queries.stored_pair(need, need_period, access, access_period)
    if stored is not None:
        return PairSpatial(need=need, need_period=need_period, access=access,
                           access_period=access_period, n_total=stored.n_total,
                           correlation=stored.correlation, moran=stored.moran,
                           problem=stored.problem)
    weights = spatial_weights()
    x, y = oriented_arrays(need, need_period, access, access_period, weights.codes)
    base = dict(need=need, need_period=need_period, access=access, access_period=access_period,
                n_total=weights.n)
    try:
        correlation = spatial_stats.spearman_spatial(x, y, weights)
        moran = spatial_stats.bivariate_moran(x, y, weights)
    except ValueError as error:
        problem = "constant" if "constant" in str(error) else "too_few"
        return PairSpatial(**base, correlation=None, moran=None, problem=problem)
    return PairSpatial(**base, correlation=correlation, moran=moran)


@per_build
def pair_clusters(need: str, need_period: str, access: str, access_period: str
                  ) -> Mapping[int, spatial_stats.LocalCluster]:
    """The local bivariate Moran cluster of every municipality with both values, by code
    (999 permutations, fixed seed, FDR 5 %); empty when there is too little data. Stored by
    the build for a registered pair in its latest periods, else computed here."""
    stored = pair_queries.stored_pair(need, need_period, access, access_period)
    if stored is not None:
        return stored.clusters
    weights = spatial_weights()
    x, y = oriented_arrays(need, need_period, access, access_period, weights.codes)
    try:
        clusters = spatial_stats.local_bivariate(x, y, weights)
    except ValueError:
        return {}
    return {cluster.code: cluster for cluster in clusters}
