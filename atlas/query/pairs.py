"""Two indicators side by side per municipality (the inverse-care page's need x access pair and
the commission's chart), and the statistics the build stored for the registered pairs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from atlas.db import database, per_build
from atlas.stats.pairs import PairStatistics
from atlas.stats.spatial import AdjustedCorrelation, LocalCluster, MoranResult
from atlas.stats.stored import load_adjusted_correlation, load_moran, load_pair_statistics

PairKey = tuple[str, str, str, str]     # need, need_period, access, access_period


@per_build
def pair_values(first: str, first_period: str, second: str, second_period: str) -> pd.DataFrame:
    """All 98 municipalities by code: name, region, kommunegruppe, population and the two
    indicators' values (`first_value`, `second_value`; NaN = no data, never 0).

    A shared frame (cached per build): do not modify."""
    return database().df("queries/pair_values", {
        "first": first, "first_period": first_period,
        "second": second, "second_period": second_period,
    })


@dataclass(frozen=True)
class StoredPair:
    """A registered pair's statistics as the build computed them (table `pair_statistics`,
    atlas/build/pair_statistics.py): the same results the views compute for it."""

    n_total: int                                  # municipalities in the spatial weights
    statistics: PairStatistics                    # values as published, population weights
    correlation: AdjustedCorrelation | None       # oriented values (Dutilleul)
    moran: MoranResult | None                     # bivariate Moran's I (oriented values)
    problem: str | None                           # too_few | constant (the two above None)
    clusters: Mapping[int, LocalCluster]          # local bivariate Moran by code (may be empty)


@per_build
def stored_pairs() -> Mapping[PairKey, StoredPair]:
    """(need, need_period, access, access_period) -> its stored statistics, for every
    registered pair with data in the latest periods. A shared mapping: do not modify."""
    clusters: dict[PairKey, dict[int, LocalCluster]] = {}
    for row in database().df("queries/pair_clusters").to_dict("records"):
        key = (row["need"], row["need_period"], row["access"], row["access_period"])
        code = int(row["kommune_kode"])
        clusters.setdefault(key, {})[code] = LocalCluster(
            code=code, quadrant=str(row["quadrant"]), p_value=float(row["p_value"]),
            q_value=float(row["q_value"]), significant=bool(row["significant"]),
            local_i=float(row["local_i"]))
    stored = {}
    for row in database().df("queries/pair_statistics").to_dict("records"):
        key = (row["need"], row["need_period"], row["access"], row["access_period"])
        problem = row["problem"]
        stored[key] = StoredPair(
            n_total=int(row["n_total"]), statistics=load_pair_statistics(row["statistics"]),
            correlation=load_adjusted_correlation(_text(row["correlation"])),
            moran=load_moran(_text(row["moran"])),
            problem=_text(problem), clusters=clusters.get(key, {}))
    return stored


def stored_pair(need: str, need_period: str, access: str, access_period: str
                ) -> StoredPair | None:
    """The build's statistics of this pair in these periods; None when it did not store them
    (not a registered pair, or not the latest periods): the views then compute them."""
    return stored_pairs().get((need, need_period, access, access_period))


def _text(value) -> str | None:
    """A nullable VARCHAR from a frame (NULL may arrive as None or NaN)."""
    return None if value is None or value != value else str(value)
