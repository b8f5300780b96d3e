"""Time `atlas build` on the offline snapshot: prints per-step and total seconds (median of N).

    .venv/bin/python bench/build_bench.py [--runs 3] [--sources DIR]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console

from atlas.build.pipeline import build_database
from atlas.paths import default_sources_dir


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sources", type=Path, default=None)
    args = parser.parse_args()
    sources = args.sources or default_sources_dir()
    quiet = Console(file=open("/dev/null", "w"))
    totals, steps = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            started = time.perf_counter()
            report = build_database(sources, Path(tmp) / f"atlas{run}.duckdb", console=quiet)
            totals.append(time.perf_counter() - started)
            for title, seconds in report.steps:
                steps.setdefault(title, []).append(seconds)
    for title, values in steps.items():
        print(f"{statistics.median(values):7.2f} s  {title}")
    print(f"{statistics.median(totals):7.2f} s  total build (median of {args.runs}; "
          f"first run {totals[0]:.2f} s)")
    print(f"{report.geojson_bytes / 1024:7.0f} KB municipality GeoJSON geometry, "
          f"{report.rows['observations']} observations, "
          f"{report.indicators_with_data} indicators with data")


if __name__ == "__main__":
    main()
