"""axe-core on every page of the atlas in a real browser: zero serious or critical violations.

axe-core comes from the npm registry at install time (scripts/fetch_vendor_assets.sh, pinned
and verified like Leaflet) into static/vendor/axe-core (git-ignored) and is injected with
Playwright's add_script_tag, so nothing is fetched from the internet. A new page joins the
check by adding its path to PAGES.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atlas.paths import PROJECT_ROOT
from tests.support.devserver import wait_for_app_run, wait_for_map

pytestmark = pytest.mark.browser
AXE = PROJECT_ROOT / "static" / "vendor" / "axe-core" / "axe.min.js"
PAGES = ["/", "/?lang=en&kommune=360", "/data", "/egne-data", "/om-data?lang=en",
         "/omvendt-omsorg", "/kommune?kommune=360", "/sammenlign?kommuner=360,376", "/tabel",
         "/scenarier?off=bornholms-hospital", "/praesentation?slide=2"]
SEVERE = ("serious", "critical")


@pytest.fixture(scope="module", autouse=True)
def axe_present():
    if not AXE.is_file():
        pytest.fail("axe-core missing: run bash scripts/fetch_vendor_assets.sh")


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in SEVERE]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(server, offline_page, path):
    page = offline_page(1440, 1000)
    page.goto(server.url + path)
    if path.startswith("/?") or path == "/":
        wait_for_map(page)
    else:
        wait_for_app_run(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert axe_violations(page) == []
    assert page.blocked == []
