"""What parsing the worst URLs costs: CPU time (median of --runs) and peak memory (tracemalloc)
of the pages' URL-state parsers, for the URLs of issue 22 (items 3 and 4).

    .venv/bin/python bench/url_bench.py [--db data/atlas.duckdb] [--runs 5]

Reference: the parse of a plain `/tabel?ind=gini`, measured in the same run; every line gives
its ratio to it. Parsing only (no page run, no rendering): the part a URL alone decides.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNKNOWN_NAMES = ",".join(f"Ukendtby{number}" for number in range(20_000))
MANY_SITES = ";".join(f"55.{number % 9000:04d},11.7601,Sted {number}"
                      for number in range(100_000))


def cases():
    from atlas.views import compare as cv
    from atlas.views import municipal
    from atlas.views import table as tv
    from atlas.views.scenario import parse_state, scenario_model

    context, model = municipal.context(), scenario_model()
    return {
        "reference /tabel?ind=gini": lambda: tv.parse_state({"ind": "gini"}, context),
        "/tabel?pop_min=10000&pop_max=600000":
            lambda: tv.parse_state({"pop_min": "10000", "pop_max": "600000"}, context),
        "/sammenlign?kommuner=<20,000 unknown names>":
            lambda: cv.parse_state({"kommuner": UNKNOWN_NAMES}, context),
        "/scenarier?add=<100,000 sites>": lambda: parse_state({"add": MANY_SITES}, model),
    }


def measure(parse, runs: int) -> tuple[float, float, int, int]:
    """(median CPU seconds, max CPU seconds, peak bytes, notices) of `parse`."""
    seconds = []
    for _ in range(runs):
        started = time.process_time()
        result = parse()
        seconds.append(time.process_time() - started)
    tracemalloc.start()
    parse()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(seconds), max(seconds), peak, len(result[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ["ATLAS_DB"] = str(args.db)
    reference = None
    print(f"{'URL':48} {'CPU median':>11} {'max':>8} {'ratio':>8} {'peak MB':>8} {'notices':>8}")
    for name, parse in cases().items():
        median, worst, peak, notices = measure(parse, args.runs)
        reference = reference or median
        print(f"{name:48} {median * 1000:9.3f}ms {worst * 1000:6.1f}ms "
              f"{median / reference:7.1f}x {peak / 1e6:8.2f} {notices:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
