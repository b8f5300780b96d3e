"""The upload page in a real browser: a real atlas server (`python -m atlas.serve`) on copies of the snapshot and
the database (ATLAS_SOURCES / ATLAS_DB in a temp dir — never the real data/ or ../shared),
Debian's headless Chromium with every non-loopback request blocked. Uploads a small CSV with
three spellings of København/Aarhus, a zero-padded code and a garbage name; sees the matched
preview and the unmatched row; imports a new indicator; sees the success message and the rebuilt
database. Screenshots go to test-artifacts/ (git-ignored).

Served through app.py's navigation at /egne-data.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import require_chromium
from tests.browser.server import (
    ROOT,
    running_server,
)

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
CSV = ("Kommune;År;Ventetid (dage)\n"
       "Københavns Kommune;2024;31,5\n"
       "Kobenhavn;2023;30\n"
       "Aarhus;2024;..\n"
       "0751;2023;22,5\n"
       "Blåbærgrød;2024;3\n").encode("utf-8")
@pytest.fixture(scope="module")
def server(real_sources, tmp_path_factory):
    require_chromium()
    import shutil

    from atlas.build import build_database
    from tests.conftest import QUIET

    work = tmp_path_factory.mktemp("upload")
    sources = work / "sources"
    shutil.copytree(real_sources, sources)
    db = work / "atlas.duckdb"
    build_database(sources, db, console=QUIET)
    with running_server(db, log=work / "server.log", env={"ATLAS_SOURCES": str(sources)}) as running:
        running.page_url = running.url + "/egne-data"
        yield running


@pytest.fixture
def page(server, offline_page):
    return offline_page(1280, 2600)


def test_upload_preview_import_and_success(server, page):
    from playwright.sync_api import expect

    page.goto(server.page_url)
    page.get_by_role("heading", name="Egne data").wait_for(timeout=60_000)
    page.get_by_text("Importen ændrer atlasset på denne computer.").wait_for(timeout=30_000)

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "Ventetid psykolog.csv", "mimeType": "text/csv", "buffer": CSV}])
    # every element is waited for by its text: the page arrives element by element
    for text in ("4 rækker matchet (1 uden værdi = ikke offentliggjort) · 1 række importeres ikke",
                 "Matchede rækker (4) — egne data, brugerleveret",
                 "Rækker, der ikke importeres (1)"):
        page.get_by_text(text).wait_for(timeout=60_000)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(2)
    ARTIFACTS.mkdir(exist_ok=True)

    page.get_by_text("en ny indikator", exact=True).click()
    page.get_by_label("Id (små bogstaver, tal og _)").wait_for(timeout=30_000)
    for label, value in (("Id (små bogstaver, tal og _)", "psych_wait_days"),
                         ("Navn på dansk", "Ventetid til psykolog"),
                         ("Navn på engelsk", "Waiting time for a psychologist"),
                         ("Enhed på dansk", "dage"), ("Enhed på engelsk", "days")):
        field = page.get_by_label(label, exact=True)
        field.fill(value)
        field.press("Enter")
        expect(field).to_have_value(value)
    button = page.get_by_role("button", name="Importér og genopbyg atlasset")
    expect(button).to_be_enabled(timeout=30_000)
    page.get_by_text("Klar: 4 rækker, heraf 1 uden værdi (ikke offentliggjort) for Ventetid "
                     "til psykolog (2023, 2024).").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "upload-preview-da.png"), full_page=True)

    button.click()
    success = page.locator('[data-testid="stAlert"]').filter(has_text="er importeret")
    expect(success).to_contain_text("Ventetid til psykolog er importeret", timeout=120_000)
    expect(success).to_contain_text("mærket som brugerleverede")
    link = page.get_by_role("link", name="Se den på kortet")
    link.wait_for(timeout=30_000)
    assert link.get_attribute("href").endswith("/?indicator=psych_wait_days")
    page.screenshot(path=str(ARTIFACTS / "upload-success-da.png"), full_page=True)
    # the page needs nothing from outside: no script, style or font request was blocked
    assert not [u for u in page.blocked if u.split("?")[0].endswith((".js", ".css", ".woff2"))]

    import duckdb

    with duckdb.connect(str(server.db), read_only=True) as con:
        assert con.execute("SELECT origin FROM indicators WHERE indicator_id = "
                           "'psych_wait_days'").fetchone() == ("user",)
        assert con.execute("SELECT count(*), count(value) FROM observations WHERE "
                           "indicator_id = 'psych_wait_days'").fetchone() == (4, 3)


def test_english_page_loads(server, page):
    page.goto(server.page_url + "?lang=en")
    page.get_by_role("heading", name="Your own data").wait_for(timeout=60_000)
    page.get_by_text("Importing changes the atlas on this computer.").wait_for(timeout=30_000)
