"""Spatial statistics benchmark (issue 20), warm, per build: what a new build computes once.

    .venv/bin/python bench/spatial_bench.py [--db data/atlas.duckdb] [--runs 15]

- all pairs: for every registered need x access pair with data (`[[pair]]` in the registry),
  Dutilleul-adjusted Spearman (`spearman_spatial`) and bivariate Moran's I with 999
  permutations (`bivariate_moran`); target <= 200 ms;
- LISA: local bivariate Moran with 999 permutations and the FDR step for 98 municipalities
  (`local_bivariate`, the registry's first pair with data); target <= 300 ms;
- global Moran's I of every indicator with data (999 permutations), for the map and About pages;
- reference, measured in the same run: the page's existing naive statistics for all pairs
  (`atlas.stats.pairs.pair_statistics`: Pearson, Spearman, OLS, WLS), so a busy machine shows.

Warm: libraries imported and the weights built once before timing; each figure is the median
of `--runs` with the spread (min-max). The weights query (`spatial_weights`) is timed cold, once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(function, runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ["ATLAS_DB"] = str(args.db)

    import numpy as np

    from atlas.query.core import catalogue
    from atlas.query.pairs import pair_values
    from atlas.query.spatial import spatial_weights
    from atlas.query.values import values
    from atlas.registry import pair_preferences
    from atlas.stats import spatial
    from atlas.stats.pairs import pair_statistics

    spatial._import_libraries()
    started = time.perf_counter()
    weights = spatial_weights()
    weights_seconds = time.perf_counter() - started

    cat = catalogue()
    pairs = []
    for need, access in pair_preferences():
        if need in cat.indicators and access in cat.indicators:
            frame = pair_values(need, cat.latest[need], access, cat.latest[access])
            assert tuple(frame["kommune_kode"]) == weights.codes
            pairs.append((frame["first_value"].to_numpy(float),
                          frame["second_value"].to_numpy(float),
                          frame["population"].to_numpy(float)))
    indicators = []
    for ident in cat.indicators:
        frame = values(ident, cat.latest[ident]).set_index("kommune_kode")
        indicators.append(frame["value"].reindex(list(weights.codes)).to_numpy(float))

    def all_pairs() -> None:
        for x, y, _ in pairs:
            spatial.spearman_spatial(x, y, weights)
            spatial.bivariate_moran(x, y, weights)

    def reference() -> None:
        for x, y, population in pairs:
            pair_statistics(x, y, weights=population)

    def lisa() -> None:
        x, y, _ = pairs[0]
        spatial.local_bivariate(x, y, weights)

    def every_indicator() -> None:
        for series in indicators:
            spatial.moran(series, weights)

    for function in (all_pairs, reference, lisa, every_indicator):   # warm-up
        function()
    rows = [("all pairs: spearman_spatial + bivariate_moran", all_pairs, 0.200),
            ("LISA (local_bivariate, 999 permutations)", lisa, 0.300),
            ("global Moran's I, every indicator", every_indicator, None),
            ("reference: pair_statistics, all pairs", reference, None)]
    results = {name: timed(function, args.runs) for name, function, _ in rows}
    base = statistics.median(results[rows[-1][0]])
    print(f"{len(pairs)} pairs with data, {len(indicators)} indicators, {weights.n} "
          f"municipalities; median of {args.runs} warm runs (min-max)")
    for name, _, target in rows:
        values_ms = np.array(results[name]) * 1000
        median = float(np.median(values_ms))
        goal = f"  target <= {target * 1000:.0f} ms" if target else ""
        print(f"{median:8.1f} ms ({values_ms.min():.1f}-{values_ms.max():.1f})  "
              f"x{median / (base * 1000):5.2f} of reference  {name}{goal}")
    print(f"{weights_seconds * 1000:8.1f} ms  spatial_weights() once per build (cold query "
          "+ libpysal KNN)")


if __name__ == "__main__":
    main()
