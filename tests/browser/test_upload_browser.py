"""The upload page in a real browser: a real atlas server (`python -m atlas.serve`) on copies
of the snapshot and the database (ATLAS_SOURCES / ATLAS_DB in a temp dir — never the real data/
or ../shared),
Debian's headless Chromium with every non-loopback request blocked. Uploads a small CSV with
three spellings of København/Aarhus, a zero-padded code and a garbage name; sees the matched
preview and the unmatched row; imports a new indicator; sees the success message and the rebuilt
database. Screenshots go to test-artifacts/ (git-ignored).

Served through app.py's navigation at /egne-data.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import require_chromium, screenshot
from tests.support.devserver import running_server, wait_for_app_run

pytestmark = pytest.mark.browser
CSV = ("Kommune;År;Ventetid (dage)\n"
       "Københavns Kommune;2024;31,5\n"
       "Kobenhavn;2023;30\n"
       "Aarhus;2024;..\n"
       "0751;2023;22,5\n"
       "Blåbærgrød;2024;3\n").encode("utf-8")


@pytest.fixture(scope="module")
def server(real_sources, real_db, tmp_path_factory):
    require_chromium()
    import shutil

    from tests.support.builds import copied_build

    work = tmp_path_factory.mktemp("upload")
    sources = work / "sources"
    shutil.copytree(real_sources, sources)
    db = copied_build(real_db, sources, work / "atlas.duckdb")
    # no warm-up (ATLAS_PRELOAD=0): about 10 s of CPU for pages and maps this module never
    # shows; the session's server (conftest.server) tests the warm-up
    with running_server(db, log=work / "server.log",
                        env={"ATLAS_SOURCES": str(sources), "ATLAS_PRELOAD": "0"}) as running:
        running.page_url = running.url + "/egne-data"
        yield running


@pytest.fixture
def page(server, offline_page):
    return offline_page(1280, 2600)


def test_upload_preview_import_and_success(server, page):
    page.goto(server.page_url)
    wait_for_app_run(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Egne data")
    expect(page.get_by_text("Importen ændrer atlasset på denne computer.")).to_be_visible()

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "Ventetid psykolog.csv", "mimeType": "text/csv", "buffer": CSV}])
    # texts only the run on the uploaded file produces, then the end of that run
    for text in ("4 rækker matchet (1 uden værdi = ikke offentliggjort) · 1 række importeres ikke",
                 "Matchede rækker (4) — egne data, brugerleveret",
                 "Rækker, der ikke importeres (1)"):
        expect(page.get_by_text(text)).to_be_visible()
    wait_for_app_run(page)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(2)

    page.get_by_text("en ny indikator", exact=True).click()
    expect(page.get_by_label("Id (små bogstaver, tal og _)")).to_be_visible()
    # typing shows Streamlit's hint under the field: in Danish (issue 13, bug 9)
    page.get_by_label("Navn på dansk", exact=True).type("x")
    hint = page.get_by_test_id("InputInstructions").first
    expect(hint).to_be_attached()
    assert "Tryk Enter" in hint.evaluate("e => getComputedStyle(e, '::after').content")
    assert hint.evaluate("e => [...e.children].every(c => getComputedStyle(c).display"
                         " === 'none')")
    for label, value in (("Id (små bogstaver, tal og _)", "psych_wait_days"),
                         ("Navn på dansk", "Ventetid til psykolog"),
                         ("Navn på engelsk", "Waiting time for a psychologist"),
                         ("Enhed på dansk", "dage"), ("Enhed på engelsk", "days")):
        field = page.get_by_label(label, exact=True)
        field.fill(value)
        field.press("Enter")
        expect(field).to_have_value(value)
    button = page.get_by_role("button", name="Importér og genopbyg atlasset")
    expect(button).to_be_enabled()
    expect(page.get_by_text("Klar: 4 rækker, heraf 1 uden værdi (ikke offentliggjort) for "
                            "Ventetid til psykolog (2023, 2024).")).to_be_visible()
    wait_for_app_run(page)
    screenshot(page, "upload-preview-da.png")

    button.click()
    success = page.get_by_test_id("stAlert").filter(has_text="er importeret")
    expect(success).to_contain_text("Ventetid til psykolog er importeret", timeout=180_000)
    wait_for_app_run(page)
    expect(success).to_contain_text("mærket som brugerleverede")
    expect(page.get_by_role("link", name="Se den på kortet")).to_have_attribute(
        "href", re.compile(r"/\?indicator=psych_wait_days$"))
    screenshot(page, "upload-success-da.png")
    # the page needs nothing from outside the machine
    assert page.blocked == []

    import duckdb

    with duckdb.connect(str(server.db), read_only=True) as con:
        assert con.execute("SELECT origin FROM indicators WHERE indicator_id = "
                           "'psych_wait_days'").fetchone() == ("user",)
        assert con.execute("SELECT count(*), count(value) FROM observations WHERE "
                           "indicator_id = 'psych_wait_days'").fetchone() == (4, 3)


def test_english_page_loads(server, page):
    page.goto(server.page_url + "?lang=en")
    wait_for_app_run(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your own data")
    expect(page.get_by_text("Importing changes the atlas on this computer.")).to_be_visible()
    assert page.blocked == []


def test_a_too_large_file_is_refused_in_danish(server, page):
    """Streamlit's uploader refuses a file over the limit in the browser, in English of its own
    ("File must be 10.0MB or smaller."): a Danish page says it in Danish."""
    from atlas.upload.flow import MAX_FILE_BYTES

    page.goto(server.page_url)
    wait_for_app_run(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "for-stor.csv", "mimeType": "text/csv",
                "buffer": b"x" * (MAX_FILE_BYTES + 1)}])
    expect(page.get_by_text(f"Filen må højst fylde {MAX_FILE_BYTES // 2**20} MB.")).to_be_visible()
    expect(page.get_by_text("or smaller", exact=False)).to_have_count(0)
    assert page.blocked == []
