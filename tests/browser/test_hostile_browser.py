"""Every page on the hostile snapshot (tests/hostile_snapshot.py: HTML and Markdown in every
name, label, caveat and source field), plus hostile URL parameters, in a real browser with every
non-loopback request blocked: zero blocked requests, no dialog (no injected `alert`), and no
injected element in the page or the map's frame — no image or link pointing at the payload's
host, no script of the payload, no inline event handler. Also opens a municipality's tooltip
(keyboard cursor) so the map's tooltip (HTML built from the data) is drawn. Screenshots go
to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import require_chromium, screenshot
from tests.hostile_snapshot import EVIL_HOST, HOSTILE_INDICATORS
from tests.support.devserver import map_frame, running_server, wait_for_app_run, wait_for_map

pytestmark = pytest.mark.browser

PAGES = [  # (name, path and query, is the map)
    ("map-hostile", f"/?indicator={HOSTILE_INDICATORS[0]}&kommune=101", True),
    ("map-url", f"/?indicator=![u](http://{EVIL_HOST}/u.png)&kommune=[k](http://{EVIL_HOST})",
     True),
    ("data", "/data?lang=en", False),
    ("about", f"/om-data?lang=[klik](http://{EVIL_HOST})", False),
    ("upload", "/egne-data", False),
    ("profile", "/kommune?kommune=101", False),
    ("compare", "/sammenlign?kommuner=101,147", False),
    ("table", "/tabel", False),
    ("inverse-care", "/omvendt-omsorg?kommune=101", True),
    ("scenario", f"/scenarier?add=55.5,11.5,[evil](http://{EVIL_HOST})", True),
    ("presenter", "/praesentation?slide=2", True),
]

INJECTED = """(host) => {
  const found = [];
  const pointsAt = (address) => {  // the host an address leads to (not its query text)
    try { return new URL(address, location.href).hostname.endsWith(host); }
    catch (e) { return address.includes(host); }
  };
  for (const el of document.querySelectorAll('img, a, script, iframe, object, embed, *')) {
    const src = el.getAttribute('src') || '';
    const href = el.getAttribute('href') || '';
    if ((el.tagName === 'IMG' || el.tagName === 'IFRAME') && pointsAt(src))
      found.push(el.tagName + ' src=' + src);
    if (el.tagName === 'A' && (pointsAt(href) || href.trim().toLowerCase().startsWith('javascript:')))
      found.push('A href=' + href);
    if (el.tagName === 'SCRIPT' && /alert\\(/.test(el.textContent || ''))
      found.push('SCRIPT ' + el.textContent.slice(0, 40));
    for (const attr of el.getAttributeNames())
      if (attr.startsWith('on') && /alert/.test(el.getAttribute(attr)))
        found.push(el.tagName + ' ' + attr);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def server(hostile_db, tmp_path_factory):
    require_chromium()
    work = tmp_path_factory.mktemp("hostile-browser")
    # no warm-up (ATLAS_PRELOAD=0): each page is visited here once, and the warm-up's other
    # runs (every indicator's map, both languages) cost about 10 s of CPU the checks never see
    with running_server(hostile_db, log=work / "server.log",
                        env={"ATLAS_SOURCES": str(hostile_db.parent / "sources"),
                             "ATLAS_PRELOAD": "0"}) as running:
        yield running


def injected(page) -> list[str]:
    found = page.evaluate(INJECTED, EVIL_HOST)
    for frame in page.frames[1:]:
        found += [f"frame {frame.url[:40]}: {item}" for item in frame.evaluate(INJECTED, EVIL_HOST)]
    return found


@pytest.mark.parametrize("name,path,is_map", PAGES, ids=[p[0] for p in PAGES])
def test_hostile_text_injects_nothing(server, offline_page, name, path, is_map):
    page = offline_page(1440, 1400)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server.url + path)
    if is_map:
        # a first load leaves the URL as it is (ui.sync_url): invalid values stay in it and in
        # the navigation's links (same-origin; INJECTED looks at where a link points)
        wait_for_app_run(page)
        wait_for_map(page)
        # the keyboard cursor opens a municipality's tooltip (a hover may hit an empty shape;
        # the map's permanent name labels are tooltips too, so count the data tooltip only)
        box = map_frame(page).locator(".leaflet-container")
        box.focus()
        box.press("ArrowRight")
        expect(map_frame(page).locator(".leaflet-tooltip.atlas-tip")).to_have_count(1)
    else:
        wait_for_app_run(page)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator('[role="dialog"]')).to_have_count(0)
    screenshot(page, f"hostile-{name}.png")
    assert injected(page) == []
    assert dialogs == []
    assert page.blocked == []
