"""An article with two embedded maps against the same article with one: how much longer does
a reader wait before both are drawn? (issue 21: two embeds took about 12 s.)

    .venv/bin/python bench/two_embeds.py [--db data/atlas.duckdb] [--rounds 5]

One atlas server (`python -m atlas.serve`) and a local article server on another loopback
port (so the atlas is a cross-origin iframe, as on a newspaper's site). Each round, in
alternating order, a new reader (a fresh browser context: empty cache) opens

  one   the article with one embed code (the map, `?embed=true`)
  two   the article with two embed codes (the map of two other indicators)

and the time is taken from the navigation's start to the last map painted
(`window.atlasPaintedAt` in each map's iframe). Prints the medians, the spread and the
ratio two/one (1.0: the second embed costs nothing; 2.0: the embeds load one after the other).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from atlas.views.urlstate import embed_code  # noqa: E402
from tests.support.devserver import (  # noqa: E402
    MAP_FRAME,
    StreamlitServer,
    launch_browser,
    offline_context,
)

VIEWS = {"one": [{"lang": "da", "indicator": "gini"}],
         "two": [{"lang": "da", "indicator": "life_expectancy"},
                 {"lang": "da", "indicator": "daily_smoking_share"}]}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def write_articles(folder: Path, atlas_url: str) -> None:
    for name, views in VIEWS.items():
        figures = "".join(f"<figure>{embed_code(atlas_url + '/kort', params, 'kort')}</figure>"
                          for params in views)
        (folder / f"{name}.html").write_text(
            '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Artikel</title>'
            '</head><body style="max-width:760px;margin:0 auto"><h1>Artikel</h1>'
            f"<p>Indledning.</p>{figures}<p>Slut.</p></body></html>", encoding="utf-8")


def read(browser, url: str, embeds: int) -> float:
    """Seconds from the navigation's start to the last of `embeds` maps painted."""
    blocked: list[str] = []
    context = offline_context(browser, blocked, viewport={"width": 800, "height": 1000})
    context.set_default_timeout(180_000)
    try:
        page = context.new_page()
        page.goto(url)
        start = page.evaluate("() => performance.timeOrigin")
        painted = []
        for index in range(embeds):
            frame = page.frame_locator("figure iframe").nth(index)
            frame.locator(MAP_FRAME).scroll_into_view_if_needed()
            folium = frame.frame_locator(MAP_FRAME)
            folium.locator("path.leaflet-interactive").nth(97).wait_for(state="attached")
            folium.locator(".leaflet-container[data-atlas]:not([data-atlas=''])").wait_for(
                state="attached")
            painted.append(folium.locator("body").evaluate(
                "() => new Promise(r => { const check = () => window.atlasPaintedAt ? "
                "r(window.atlasPaintedAt) : setTimeout(check, 20); check(); })"))
        if blocked:
            raise RuntimeError(f"requests off the machine: {blocked}")
        return (max(painted) - start) / 1000.0
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        server = StreamlitServer(args.db, log=Path(folder) / "server.log").start()
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
            _QuietHandler, directory=folder))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            server.wait_healthy(300)
            write_articles(Path(folder), server.url)
            article = f"http://127.0.0.1:{httpd.server_address[1]}"
            times: dict[str, list[float]] = {"one": [], "two": []}
            with sync_playwright() as playwright:
                browser = launch_browser(playwright)
                read(browser, f"{article}/one.html", 1)            # warm-up, not counted
                for round_ in range(args.rounds):
                    order = ("one", "two") if round_ % 2 == 0 else ("two", "one")
                    for name in order:
                        times[name].append(read(browser, f"{article}/{name}.html",
                                                len(VIEWS[name])))
                browser.close()
        finally:
            httpd.shutdown()
            server.stop()
    for name, values in times.items():
        print(f"{name} embed{'s' if name == 'two' else ''}: median "
              f"{statistics.median(values):.2f} s (min {min(values):.2f}, "
              f"max {max(values):.2f}, n={len(values)})")
    ratio = statistics.median(times["two"]) / statistics.median(times["one"])
    print(f"two / one (medians): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
