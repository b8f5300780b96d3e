"""The build's statistics of the registered need x access pairs (tables `pair_statistics` and
`pair_clusters`): what the inverse-care page's overview, a pair's detail view, the presenter
and `atlas export-story` show of a registered pair in the latest periods, computed once per
build with the same functions (atlas.stats) on the same values (sql/queries/pair_values.sql),
so that a process that only reads them never imports scipy, statsmodels, libpysal or esda.

Per pair, as the views compute it (atlas/views/inverse_care/model.py `statistics_view` and
spatial.py `pair_spatial`, `pair_clusters`; tests/test_pair_statistics_stored.py checks that
both agree bit for bit):
- the pair statistics (Pearson, Spearman, OLS, WLS with population weights) of the values as
  published, municipalities in code order, named for `excluded`;
- on the oriented values (x = more need, y = worse access; atlas.registry.need_sign,
  access_sign): Spearman's rho with its Dutilleul-adjusted interval, the bivariate Moran's I,
  and the local bivariate Moran clusters.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from atlas.registry import Indicator, access_sign, indicators_with_data, need_sign, pair_preferences
from atlas.sqlfiles import load_sql

PAIR_COLUMNS = ["need", "need_period", "access", "access_period", "n_total", "statistics",
                "correlation", "moran", "problem"]
CLUSTER_COLUMNS = ["need", "need_period", "access", "access_period", "kommune_kode",
                   "quadrant", "p_value", "q_value", "significant", "local_i"]


def _value(raw) -> float | None:
    """A query value as the views read it: None for no data (NULL, NaN), else a float."""
    return None if raw is None or raw != raw else float(raw)


def loaded_indicators(con: duckdb.DuckDBPyConnection
                      ) -> tuple[dict[str, Indicator], dict[str, str]]:
    """The indicators with data and each one's latest period, as the app's catalogue reads
    them (atlas.query.core.catalogue, from the same query)."""
    records = con.execute(load_sql("queries/map_indicators")).df().to_dict("records")
    indicators, _, latest = indicators_with_data(records)
    return indicators, latest


def pair_statistics_frames(con: duckdb.DuckDBPyConnection
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pair_statistics, pair_clusters) rows of every registered pair with data in the
    latest periods (see the module docstring)."""
    from atlas.stats import pairs as statistics
    from atlas.stats import spatial
    from atlas.stats.arrays import oriented_pair
    from atlas.stats.stored import dump

    indicators, latest = loaded_indicators(con)
    centroids = con.execute(load_sql("queries/municipality_centroids")).df()
    if len(centroids) <= spatial.K_NEIGHBOURS:
        return pd.DataFrame(columns=PAIR_COLUMNS), pd.DataFrame(columns=CLUSTER_COLUMNS)
    weights = spatial.knn_weights(centroids["kommune_kode"].tolist(),
                                  centroids[["x_25832", "y_25832"]].to_numpy(dtype=float))
    pairs, clusters = [], []
    for need, access in pair_preferences():
        if need not in indicators or access not in indicators:
            continue
        key = [need, latest[need], access, latest[access]]
        records = con.execute(load_sql("queries/pair_values"), {
            "first": need, "first_period": latest[need],
            "second": access, "second_period": latest[access]}).df().to_dict("records")
        result = statistics.pair_statistics(
            [_value(rec["first_value"]) for rec in records],
            [_value(rec["second_value"]) for rec in records],
            weights=[_value(rec["population"]) for rec in records],
            labels=[str(rec["name"]) for rec in records])
        x, y = oriented_pair(records, weights.codes, need_sign(indicators[need]),
                             access_sign(indicators[access]))
        correlation = moran = problem = None
        try:
            correlation = spatial.spearman_spatial(x, y, weights)
            moran = spatial.bivariate_moran(x, y, weights)
        except ValueError as error:
            correlation = moran = None
            problem = "constant" if "constant" in str(error) else "too_few"
        pairs.append([*key, weights.n, dump(result), dump(correlation), dump(moran), problem])
        try:
            local = spatial.local_bivariate(x, y, weights)
        except ValueError:
            local = ()
        clusters += [[*key, c.code, c.quadrant, c.p_value, c.q_value, c.significant, c.local_i]
                     for c in local]
    return (pd.DataFrame(pairs, columns=PAIR_COLUMNS),
            pd.DataFrame(clusters, columns=CLUSTER_COLUMNS))

