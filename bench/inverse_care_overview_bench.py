"""Inverse-care overview benchmark, per build: the overview of every registered pair computed
from scratch (Spearman with Dutilleul's adjustment and the bivariate Moran's I for each pair),
then warm (the per-build cache), and one pair's local bivariate Moran with 999 permutations;
each as a median, with the map page's view of one indicator (computed, uncached) measured in
the same run as the reference the ratios are given to.

    .venv/bin/python bench/inverse_care_overview_bench.py [--db data/atlas.duckdb] [--runs 7]

Targets on the 2-core machine: the overview warm <= 200 ms; LISA for 98 municipalities
<= 300 ms. The first run (imports of libpysal, esda, scipy) is reported apart.
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

TARGET_WARM, TARGET_LISA = 0.200, 0.300


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "data" / "atlas.duckdb"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ["ATLAS_DB"] = str(Path(args.db).resolve())

    from atlas.views import map_page as mv
    from atlas.views.inverse_care import overview, spatial
    from atlas.views.inverse_care.state import choices

    first = timed(lambda: overview.overview("da"), 1)[0]
    context = choices("da")
    need, access = context.preferred[0]
    pair = (need, context.latest[need], access, context.latest[access])

    def uncached_overview() -> None:
        for n, a in context.preferred:
            spatial.pair_spatial.uncached(n, context.latest[n], a, context.latest[a])
        overview.overview.uncached("da")

    map_context = mv.choices("da")
    map_state = mv.parse_state({}, map_context)[0]
    mv.build_view(map_state, map_context)
    reference = timed(lambda: mv.build_view.uncached(map_state, map_context), args.runs)
    cold = timed(uncached_overview, args.runs)
    warm = timed(lambda: overview.overview("da"), args.runs)
    lisa = timed(lambda: spatial.pair_clusters.uncached(*pair), args.runs)

    print(f"first overview in this process (imports included): {first:.2f} s")
    print(f"pairs with data: {len(context.preferred)}; runs: {args.runs} (medians)")
    rows = [("overview, computed", cold, None), ("overview, warm (per build)", warm, TARGET_WARM),
            (f"LISA 999 permutations, {need} x {access}", lisa, TARGET_LISA)]
    ref = statistics.median(reference)
    print(f"reference: the map page's view of one indicator, computed: {ref * 1000:.1f} ms")
    for label, times, target in rows:
        median = statistics.median(times)
        ratio = f"; ratio to reference {median / ref:.2f}"
        goal = f" (target <= {target * 1000:.0f} ms)" if target else ""
        print(f"{label}: {median * 1000:.1f} ms{goal}{ratio}")


if __name__ == "__main__":
    main()
