"""What a figure download costs: the profile's spine chart of /kommune?kommune=101, the
inverse-care scatter of the default pair and the map of life expectancy as PNG (web and slide)
and SVG, through atlas.charts.export (vl-convert in its worker process), median of --runs after
the worker has started.

    .venv/bin/python bench/figure_bench.py [--db data/atlas.duckdb] [--runs 7]

Reference: vl-convert called in this process on the same spec (what export.py did before
issue 22), measured in the same run; "worker" is the same conversion in the worker process,
"ratio" its median over the reference, "figure()" the whole download (spec, sanitising,
conversion, and for the slide the 1920 x 1080 canvas), "click" what a click on the download
button costs the server: the chart built as the page's callback builds it, then figure().
"first PNG" is the first figure right
after the worker was started (its engine's start included): a visitor who clicks at once.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def charts() -> dict:
    from atlas.charts.export import titled
    from atlas.charts.scatter import scatter_figure
    from atlas.charts.spine import spine_chart
    from atlas.charts.static_map import static_map
    from atlas.i18n import render, t
    from atlas.views import map_page as mv
    from atlas.views import municipal
    from atlas.views import profile as pv
    from atlas.views.inverse_care import figures, model
    from atlas.views.inverse_care import state as ic
    from atlas.views.text import plain

    context = municipal.context()
    state, _, _ = pv.parse_state({"kommune": "101"}, context)
    view = pv.build_view(state, context)
    choices = mv.choices("da")
    map_state = mv.MapState(indicator="life_expectancy", period=choices.latest["life_expectancy"],
                            lang="da")
    choropleth = mv.build_view(map_state, choices).choropleth
    ic_state, _ = ic.parse_state({}, ic.choices("da"))
    ic_view = model.build_view(ic_state, ic.choices("da"))
    numbers = model.statistics_view(ic_view)
    scatter = figures.scatter_model(ic_view, numbers)
    return {
        "profile 101": lambda size: titled(spine_chart(view.spine, view.role_order,
                                                       view.spine_labels, "da"),
                                           plain(view.title),
                                           [plain(render(view.sources_line, "da"))], size),
        "scatter": lambda size: scatter_figure(
            scatter, plain(ic_view.title),
            [plain(ic_view.period_line), plain(render(numbers.reading, "da")),
             f"{t('source', 'da')}: {plain(ic_view.need_source)}; "
             f"{plain(ic_view.access_source)}"], size),
        "map": lambda size: static_map(choropleth, mv.map_geometry(True), size, lang="da"),
    }


def timed(function, runs: int) -> float:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ["ATLAS_DB"] = str(args.db)
    import vl_convert as vlc

    from atlas.charts import export
    from atlas.charts.converter import CONVERTER, convert

    made = charts()
    started = time.perf_counter()
    CONVERTER.start().result()
    print(f"worker started (engine warmed) in {time.perf_counter() - started:.2f} s")
    CONVERTER.stop()
    CONVERTER.start()
    started = time.perf_counter()
    export.png(made["profile 101"]("web"))
    print(f"first PNG right after the start: {time.perf_counter() - started:.2f} s")
    vlc.vegalite_to_svg({"mark": "point"})               # the in-process engine, warmed
    print(f"{'figure':24} {'in-process':>11} {'worker':>9} {'ratio':>6} {'figure()':>9} "
          f"{'click':>9}")
    for name, make in made.items():
        for label, size, fmt in (("PNG web", "web", "png"), ("PNG slide", "slide", "png"),
                                 ("SVG web", "web", "svg")):
            chart = make(size)
            spec = export.spec(chart)
            direct = functools.partial(vlc.vegalite_to_png, spec, scale=1.0) if fmt == "png" \
                else functools.partial(vlc.vegalite_to_svg, spec)
            reference = timed(direct, args.runs)
            worker = timed(functools.partial(CONVERTER.run, convert, fmt, spec, 1.0), args.runs)
            whole = timed(functools.partial(export.figure, chart, "x", fmt, size), args.runs)
            click = timed(lambda: export.figure(make(size), "x", fmt, size),  # noqa: B023
                          args.runs)
            print(f"{name + ' ' + label:24} {reference * 1000:9.0f}ms {worker * 1000:7.0f}ms "
                  f"{worker / reference:6.2f} {whole * 1000:7.0f}ms {click * 1000:7.0f}ms")
    CONVERTER.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
