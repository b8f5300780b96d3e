"""The inverse-care page in a real browser (real `streamlit run app.py`, Debian's headless
Chromium, every non-loopback request blocked): the overview of every pair opens the page and
leads to a pair's detail; the scatter and the bivariate map render offline; clicking a dot in
the scatter selects that municipality on the map and in the URL; screenshots in Danish and
English go to test-artifacts/."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    municipality_names,
    screenshot,
)
from tests.support.devserver import map_frame, wait_for_app_run, wait_for_map

pytestmark = pytest.mark.browser

PAGE = "/omvendt-omsorg"
DEFAULT = {"need": "self_rated_good_health_share", "need_period": "2025",
           "access": "hospital_distance_km", "access_period": "2026"}
LOLLAND = 360


def render_id(**changes) -> str:
    """The render id the page's map and scatter show for a state (the default pair unless
    changed)."""
    from atlas.views.inverse_care.state import InverseCareState
    from atlas.views.inverse_care.state import render_id as state_id

    return state_id(InverseCareState(**{**DEFAULT, **changes}))


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def scatter(page, state_id: str):
    """The scatter chart showing `state_id` (its Vega description is the render id)."""
    return page.locator(f'[data-testid="stVegaLiteChart"][aria-label="{state_id}"]')


def dots(chart):
    """The municipality dots: the symbol mark with one item per municipality."""
    return chart.locator("g.mark-symbol.role-mark").first.locator("path")


def test_overview_of_every_pair_leads_to_the_default_detail(server, offline_page):
    from atlas.views.inverse_care.wording import text

    # after the server's warm-up (its figure converter started, the overview drawn once):
    # what a new visitor of a running server sees
    server.wait_for_output("atlas: the other pages warmed up", timeout=300)
    page = offline_page(1440, 2600)
    page.goto(server.url + PAGE)
    wait_for_app_run(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Omvendt omsorg: alle par af behov og adgang")
    # the forest plot first as a picture with a text alternative: no Vega code loaded
    picture = page.get_by_role("img", name=text("overview.chart.alt", "da"))
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth") > 0
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(0)
    assert page.evaluate("() => performance.getEntriesByType('resource')"
                         ".filter(r => /\\/embed\\.[^/]*\\.js$/.test(r.name)).length") == 0
    # the interactive chart, with its tooltips, one click away
    page.locator(".st-key-ic_forest_interactive summary").click()
    forest = page.locator('[data-testid="stVegaLiteChart"]')
    expect(forest).to_have_count(1)
    expect(forest.locator("text", has_text="Rumligt justeret interval (effektivt n)")
           ).to_be_visible()
    expect(picture).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^Af \d+ par med data viser \d+ en klar"))
           ).to_be_visible()
    expect(page.locator(".st-key-ic_overview_table table tbody tr")).to_have_count(3)
    expect(page.get_by_text("Registrerede par uden data")).to_be_visible()
    screenshot(page, "inverse-care-overview-da.png", full_page=False)
    # the first pair link is the registry's first pair with data: the default detail
    page.locator(".st-key-ic_pair_0 button").click()
    page.wait_for_url(re.compile(rf"[?&]need={DEFAULT['need']}\b"))
    wait_for_map(page, render_id())
    expect(scatter(page, render_id())).to_be_visible()
    assert DEFAULT.items() <= query(page).items()
    # and back to the overview
    page.locator(".st-key-ic_back button").click()
    page.wait_for_url(re.compile(r"omvendt-omsorg(\?lang=da)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Omvendt omsorg: alle par af behov og adgang")
    assert page.blocked == []


def test_scatter_and_bivariate_map_render_offline(server, offline_page):
    page = offline_page(1440, 2600)
    page.goto(server.url + PAGE + "?" + urlencode(DEFAULT))
    state_id = render_id()
    wait_for_map(page, state_id)
    chart = scatter(page, state_id)
    expect(chart).to_be_visible()
    expect(dots(chart)).to_have_count(98)
    expect(chart.locator("text", has_text="Højt behov · ringe adgang")).to_be_visible()
    frame = map_frame(page)
    expect(frame.locator("path.leaflet-interactive")).to_have_count(98)
    hot_links = page.locator(".st-key-ic_hotspots a")
    n_hot = hot_links.count()
    assert n_hot > 0
    # the hot spots are outlined on the map, and counted in the outlined legend cell
    expect(frame.locator("path.atlas-outlined")).to_have_count(n_hot)
    worst = page.locator(".atlas-bivariate-outlined")
    expect(worst).to_have_count(1)
    expect(worst).to_have_text(str(n_hot))
    expect(page.locator(".atlas-bivariate-cell")).to_have_count(9)
    expect(page.get_by_text("Statistik", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^På tværs af 98 kommuner"))).to_be_visible()
    screenshot(page, "inverse-care-da.png", full_page=False)
    assert page.blocked == []


def test_clicking_a_dot_selects_the_municipality_on_the_map(server, offline_page):
    page = offline_page(1440, 2600)
    page.goto(server.url + PAGE + "?" + urlencode(DEFAULT))
    state_id = render_id()
    wait_for_map(page, state_id)
    assert "kommune" not in query(page)
    name = municipality_names(server.db)[LOLLAND]
    dot = dots(scatter(page, state_id)).and_(
        page.locator(f'path[aria-label*=": {name};"]'))
    expect(dot).to_have_count(1)
    dot.click()
    page.wait_for_url(re.compile(rf"[?&]kommune={LOLLAND}\b"))
    selected_id = render_id(kommune=LOLLAND)
    wait_for_map(page, selected_id)
    # outlined on the map (white halo + black line, in the selection pane) ...
    expect(map_frame(page).locator(".leaflet-atlasSelect-pane path")).to_have_count(2)
    # ... ringed and named in the scatter, and described beside it
    chart = scatter(page, selected_id)
    expect(chart.locator("text", has_text=name).first).to_be_visible()
    panel = page.locator(".st-key-ic_selected")
    expect(panel).to_contain_text(name)
    expect(panel).to_contain_text("Felt på kortet: Højt behov · ringest adgang")
    wait_for_app_run(page)
    screenshot(page, "inverse-care-da-selected.png", full_page=False)
    assert page.blocked == []


def test_english_other_pair_weighted(server, offline_page):
    page = offline_page(1440, 2600)
    page.goto(server.url + PAGE + "?lang=en&need=life_expectancy&access=gp_distance_km"
              "&weighting=population&colour=region&kommune=825")
    state_id = render_id(need="life_expectancy", need_period="2021-2025",
                         access="gp_distance_km", access_period="2024",
                         weighting="population", colour="region", kommune=825, lang="en")
    wait_for_map(page, state_id)
    chart = scatter(page, state_id)
    expect(dots(chart)).to_have_count(94)          # four islands have no life expectancy
    expect(page.get_by_text(re.compile(r"Left out for missing data \(4\)"))).to_be_visible()
    expect(page.get_by_text("Læsø lacks data for Life expectancy", exact=False)).to_be_visible()
    expect(map_frame(page).locator('path.leaflet-interactive[fill="url(#atlas-nodata)"]')
           ).to_have_count(4)
    screenshot(page, "inverse-care-en.png", full_page=False)
    assert page.blocked == []


def test_statistics_table_fits_its_column_on_a_laptop(server, offline_page):
    """At 1366 px the statistics sit in a column about 320 px wide: the table wraps its texts
    to it, with nothing reaching past the column or needing a sideways scroll (the Markdown
    table it replaced reached 70-89 px past it in Danish)."""
    page = offline_page(1366, 900)
    page.goto(server.url + PAGE + "?need=life_expectancy&access=hospital_distance_km")
    wait_for_app_run(page)
    stats = page.locator(".st-key-ic_stats")
    measure = "Spearmans ρ, orienteret · rumligt justeret KI"
    expect(stats.get_by_text(measure, exact=True)).to_be_visible()
    page.evaluate("() => document.fonts.ready")
    sizes = stats.evaluate("""(stats) => {
        const column = stats.closest('[data-testid="stColumn"]').getBoundingClientRect();
        const table = stats.querySelector('table');
        const box = table.parentElement;
        const right = table.getBoundingClientRect().right;
        return {overflow: box.scrollWidth - box.clientWidth, past: right - column.right,
                window: right - window.innerWidth};
    }""")
    assert sizes["overflow"] <= 1 and sizes["past"] <= 1 and sizes["window"] <= 0, sizes
    # each row named by its measure, for a screen reader
    expect(stats.get_by_role("rowheader", name=measure)).to_be_visible()
    assert page.blocked == []


def test_corner_labels_do_not_run_into_each_other_on_a_phone(server, offline_page):
    """At a phone's width the two corner labels of a side ("Lavt behov · ringe adgang (21)",
    "Højt behov · ringe adgang (26)") overlapped; there each is written on two lines, the
    bottom ones upwards, clear of the axis labels."""
    page = offline_page(390, 844)
    page.goto(server.url + PAGE + "?need=life_expectancy&access=hospital_distance_km")
    wait_for_app_run(page)
    chart = page.locator('[data-testid="stVegaLiteChart"]')
    labels = chart.locator("g.mark-text.role-mark text", has_text=re.compile("behov"))
    expect(labels).to_have_count(4)
    expect(labels.locator("tspan")).to_have_count(8)          # two lines each
    boxes = [labels.nth(i).bounding_box() for i in range(4)]
    ticks = chart.locator("g.role-axis-label text")
    expect(ticks.first).to_be_attached()
    tick_boxes = [ticks.nth(i).bounding_box() for i in range(ticks.count())]

    def apart(one, other):
        return (one["x"] + one["width"] <= other["x"] or other["x"] + other["width"] <= one["x"]
                or one["y"] + one["height"] <= other["y"]
                or other["y"] + other["height"] <= one["y"])

    for i, one in enumerate(boxes):
        assert all(apart(one, other) for other in boxes[i + 1:] + tick_boxes), one
    assert page.blocked == []
