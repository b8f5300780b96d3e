"""AppTest of the "Egne data" page: loads in Danish and English, missing database, a file
uploaded and previewed (matched rows, suppressed as "ingen data", unmatched rows listed), a new
indicator imported and the atlas rebuilt, and refusals shown before anything is written.

Every test points ATLAS_SOURCES and ATLAS_DB at fresh copies in its pytest folders: the real
data/ and the offline snapshot are never written."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_page
from tests.test_upload import CSV


def open_upload_page(**params) -> AppTest:
    return open_page("pages/upload.py", **params)


def digest(folder: Path) -> str:
    hashes = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hashes.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return hashes.hexdigest()


@pytest.fixture(autouse=True)
def private_server(monkeypatch):
    """The atlas on its owner's computer (AppTest names no server address, which Streamlit
    reads as every interface: public mode). The public-mode tests switch it on."""
    monkeypatch.setenv("ATLAS_PUBLIC", "0")


@pytest.fixture
def workspace(real_sources: Path, real_db: Path, tmp_path: Path, monkeypatch):
    """A fresh copy of the snapshot and the database a build of that copy gives, as the app
    would have: the real build with the copy's folder recorded (tests/support/builds.py)."""
    from tests.support.builds import copied_build

    sources = tmp_path / "sources"
    shutil.copytree(real_sources, sources)
    db = copied_build(real_db, sources, tmp_path / "db" / "atlas.duckdb")
    monkeypatch.setenv("ATLAS_SOURCES", str(sources))
    monkeypatch.setenv("ATLAS_DB", str(db))
    return sources, db


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def upload_file(at: AppTest, name: str = "Ventetid 2024.csv", data: bytes = CSV) -> AppTest:
    at.file_uploader[0].set_value((name, data, "text/csv"))
    return at.run()


def test_loads_in_danish_without_a_file(workspace):
    at = open_upload_page()
    assert not at.exception
    assert at.title[0].value == "Egne data"
    assert at.file_uploader[0].label == "Fil (CSV eller .xlsx)"
    assert at.file_uploader[0].allowed_type == [".csv", ".xlsx"]
    notice = at.info[0].value
    assert "Importen ændrer atlasset på denne computer" in notice
    assert str(workspace[0]) in notice and str(workspace[1]) in notice
    assert not at.error and not at.button          # nothing to import before a file


def test_loads_in_english(workspace):
    at = open_upload_page(lang="en")
    assert not at.exception
    assert at.title[0].value == "Your own data"
    assert "Importing changes the atlas on this computer" in at.info[0].value
    assert not at.warning


def test_a_database_built_from_another_folder_is_pointed_out(real_sources_copy, real_db,
                                                             real_sources, monkeypatch):
    monkeypatch.setenv("ATLAS_SOURCES", str(real_sources_copy))
    monkeypatch.setenv("ATLAS_DB", str(real_db))
    at = open_upload_page()
    assert not at.exception
    assert at.warning[0].value.startswith(f"Databasen er bygget fra `{real_sources.resolve()}`")


def test_missing_database_explains_how_to_build(real_sources_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_SOURCES", str(real_sources_copy))
    monkeypatch.setenv("ATLAS_DB", str(tmp_path / "absent.duckdb"))
    at = open_upload_page()
    assert not at.exception
    assert "ikke bygget" in at.error[0].value
    assert at.code[0].value == "atlas build"
    assert not at.file_uploader


def test_a_file_is_previewed_with_every_row_accounted_for(workspace):
    at = upload_file(open_upload_page())
    assert not at.exception
    chosen = {box.label: box.value for box in at.selectbox}
    assert (chosen["Kommunekode"], chosen["Kommunenavn"], chosen["Værdi"], chosen["Periode"]) == (
        None, "Kommune", "Værdi", "År")
    assert "4 rækker matchet (1 uden værdi = ikke offentliggjort) · 1 række importeres ikke" \
        in texts(at)
    matched, rejected = (frame.value for frame in at.dataframe)
    assert matched["Kode"].tolist() == [101, 101, 751, 751]
    assert matched["Som skrevet i filen"].tolist() == [
        "Københavns Kommune", "Kobenhavn", "Aarhus", "0751"]
    assert matched["Værdi"].tolist() == ["45,2", "44", "ingen data", "40,1"]
    assert rejected["Årsag"].tolist() == ["kommunenavnet «Nowhere» genkendes ikke"]
    assert "Rækker, der ikke importeres (1)" in texts(at)
    # no indicator is chosen for the user; nothing can be imported until one is
    assert at.selectbox(key="upload_indicator").value is None
    assert not at.error and at.button(key="upload_import").disabled
    # a core indicator without data: these values are not plausible for it (citizens per GP
    # are in the thousands), so the import is refused before anything is written
    at.selectbox(key="upload_indicator").set_value("citizens_per_gp").run()
    assert at.error[0].value == (
        "3 værdi(er) ligger uden for det tilladte interval for denne indikator (500–5000 "
        "borgere pr\\. lægekapacitet), fx linje 2: 45,2, linje 3: 44, linje 5: 40,1. Tjek "
        "enheden (procent, promille, pr. 100.000 …).")
    assert at.button(key="upload_import").disabled


def test_english_preview_says_no_data(workspace):
    at = upload_file(open_upload_page(lang="en"))
    matched, rejected = (frame.value for frame in at.dataframe)
    assert matched["Value"].tolist() == ["45.2", "44", "no data", "40.1"]
    assert rejected["Reason"].tolist() == ["the municipality name “Nowhere” is not recognised"]


def test_a_new_indicator_is_imported_and_the_atlas_rebuilt(workspace):
    sources, db = workspace
    at = upload_file(open_upload_page())
    at.radio(key="upload_mode").set_value("new").run()
    assert any("Udfyld «Id»" in info.value for info in at.info)
    assert at.button(key="upload_import").disabled
    at.text_input(key="upload_new_id").input("psych_wait_days")
    at.text_input(key="upload_new_label_da").input("Ventetid til psykolog")
    at.text_input(key="upload_new_label_en").input("Waiting time for a psychologist")
    at.text_input(key="upload_new_unit_da").input("dage")
    at.text_input(key="upload_new_unit_en").input("days")
    at.selectbox(key="upload_new_direction").set_value("higher_worse").run()
    assert not at.error
    assert ("Klar: 4 rækker, heraf 1 uden værdi (ikke offentliggjort) for **Ventetid til "
            "psykolog** (2023, 2024).") in texts(at)
    at.button(key="upload_import").click().run()
    assert not at.exception
    success = at.success[0].value
    assert success.startswith("**Ventetid til psykolog** er importeret: 4 rækker, heraf 1 uden "
                              "værdi (ikke offentliggjort) for 2023, 2024")
    assert "mærket som brugerleverede (udgiver «Brugerens egen fil», kilde `user_ventetid_2024`)" \
        in success
    assert ":material/map: [Se den på kortet](./?indicator=psych_wait_days)" in texts(at)
    assert not at.dataframe                              # the uploader is empty again
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT origin, direction FROM indicators "
                           "WHERE indicator_id = 'psych_wait_days'").fetchone() == (
            "user", "higher_worse")
        assert con.execute("SELECT count(*), count(value) FROM observations "
                           "WHERE indicator_id = 'psych_wait_days'").fetchone() == (4, 3)
    assert "psych_wait_days" in (sources / "user_indicators.toml").read_text(encoding="utf-8")


def test_a_registered_indicator_and_a_clash_needs_replace(workspace):
    sources, db = workspace
    data = "kode;andel\n101;45,2\n147;48\n".encode()
    at = upload_file(open_upload_page(), "doedssted.csv", data)
    assert at.info[-1].value.startswith("Filen har ingen periodekolonne")
    at.text_input(key=next(w.key for w in at.text_input
                           if w.key.startswith("upload_fixed_"))).input("2023").run()
    at.selectbox(key="upload_indicator").set_value("hospital_death_share").run()
    assert not at.error
    at.button(key="upload_import").click().run()
    assert not at.exception and at.success

    before = digest(sources)
    at = upload_file(at, "doedssted.csv", "kode;andel\n101;40\n".encode())
    at.text_input(key=next(w.key for w in at.text_input
                           if w.key.startswith("upload_fixed_"))).input("2023").run()
    at.selectbox(key="upload_indicator").set_value("hospital_death_share").run()
    assert at.warning[-1].value.startswith(
        "Atlasset har allerede 2 værdier for denne indikator i 2023 (kilde user\\_doedssted)")
    assert at.button(key="upload_import").disabled
    at.checkbox(key="upload_replace").check().run()
    assert "erstatter 2 eksisterende" in texts(at)
    assert digest(sources) == before                    # nothing written by the checks
    at.button(key="upload_import").click().run()
    assert at.success
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT kommune_kode, value FROM observations "
                           "WHERE indicator_id = 'hospital_death_share'").fetchall() == [
            (101, 40.0)]


def test_an_unreadable_file_is_a_clear_error(workspace):
    at = upload_file(open_upload_page(), "bad.xlsx", b"PK\x03\x04 not really a workbook")
    assert not at.exception
    assert at.error[0].value.startswith("Filen kan ikke læses")


def test_text_from_the_file_is_shown_literally(workspace):
    data = "Kommune;Værdi *fed*\nAarhus;1\n".encode()
    at = upload_file(open_upload_page(), "[klik](http://x).csv", data)
    assert not at.exception
    period = at.text_input(key=next(w.key for w in at.text_input
                                    if w.key.startswith("upload_fixed_")))
    period.input("20[2]4").run()
    assert at.warning[-1].value == (
        "Perioden «20\\[2\\]4» er hverken et år (2024) eller et spænd (2021-2025).")
    period.input("2024").run()
    assert ("**\\[klik\\]\\(http\u2060\\://x\\)\\.csv**: kommune fra «Kommune», værdier fra "
            "«Værdi \\*fed\\*»") in texts(at)


def shown(at: AppTest) -> str:
    """Every text the page shows (Markdown, alerts, captions, labels, tables)."""
    parts = [str(getattr(element, "value", "")) for kind in (
        at.markdown, at.caption, at.info, at.warning, at.error, at.success, at.title,
        at.subheader) for element in kind]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(parts)


def test_public_mode_previews_in_the_session_and_writes_nothing(workspace, monkeypatch):
    sources, db = workspace
    before, db_before = digest(sources), db.read_bytes()
    monkeypatch.setenv("ATLAS_PUBLIC", "1")
    at = upload_file(open_upload_page())
    assert not at.exception
    assert at.info[0].value.startswith("**Din fil vises kun for dig, i denne session.**")
    matched, rejected = (frame.value for frame in at.dataframe)
    assert matched["Kode"].tolist() == [101, 101, 751, 751]
    assert "Her stopper den offentlige udgave" in at.info[-1].value
    # no indicator to choose, no import button, no server path anywhere
    assert not at.button and not at.radio
    page = shown(at)
    for path in (sources, db, sources.parent):
        assert str(path) not in page
    assert digest(sources) == before and db.read_bytes() == db_before


def test_public_mode_is_the_default_without_a_loopback_address(workspace, monkeypatch):
    monkeypatch.delenv("ATLAS_PUBLIC")
    at = open_upload_page(lang="en")          # AppTest: no server.address = every interface
    assert at.info[0].value.startswith("**Your file is shown only to you, in this session.**")
    assert str(workspace[0]) not in shown(at)


def test_many_rejected_rows_list_the_first_50_and_the_count(workspace):
    data = ("Kommune;År;Værdi\n" + "".join(f"Sted{n};2024;1\n" for n in range(300))
            + "Aarhus;2024;2\n").encode()
    at = upload_file(open_upload_page(), "mange.csv", data)
    assert not at.exception
    rejected = at.dataframe[1].value
    assert len(rejected) == 50
    assert "Rækker, der ikke importeres (300)" in texts(at)
    assert any(c.value == "De første 50 af 300 rækker vises." for c in at.caption)


@pytest.mark.parametrize(("cell", "reason"), [
    ("1" + "0" * 308, "is beyond ±1e+12 — check the unit"),
    ("1" + "0" * 400, "is beyond ±1e+12 — check the unit"),
    ("1e308", "is not a number"),
])
def test_extreme_values_are_a_rows_problem_not_a_traceback(workspace, cell, reason):
    data = f"Kommune;År;Værdi\nAarhus;2024;{cell}\nOdense;2024;3\n".encode()
    at = upload_file(open_upload_page(lang="en"), "big.csv", data)
    assert not at.exception
    rejected = at.dataframe[1].value
    assert rejected["Line"].tolist() == [2]
    assert reason in rejected["Reason"][0]
    assert len(rejected["Reason"][0]) < 120           # the value is shortened, not echoed whole


def test_a_value_far_from_the_others_is_kept_with_a_warning(workspace):
    """Issue 21: a value ten times the others was accepted without a word. It is still
    imported (it may be right), with a warning naming it (Tukey's far-out rule)."""
    codes = (101, 147, 151, 153, 155, 157, 159, 161, 163, 165)
    rows = [f"{code};{45 + i % 4},{i}" for i, code in enumerate(codes)] + ["167;99"]
    data = ("kode;andel\n" + "\n".join(rows) + "\n").encode()
    for lang, start in (("da", "1 værdi(er) ligger langt fra de øvrige i filen, fx linje 12: 99"),
                        ("en", "1 value(s) lie far from the others in the file, e.g. line 12: 99")):
        at = upload_file(open_upload_page(lang=lang), "doedssted.csv", data)
        at.text_input(key=next(w.key for w in at.text_input
                               if w.key.startswith("upload_fixed_"))).input("2023").run()
        at.selectbox(key="upload_indicator").set_value("hospital_death_share").run()
        assert not at.exception and not at.error
        assert any(w.value.startswith(start) for w in at.warning), [w.value for w in at.warning]
        assert not at.button(key="upload_import").disabled
    at.button(key="upload_import").click().run()
    assert at.success
    _, db = workspace
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT value FROM observations WHERE indicator_id = "
                           "'hospital_death_share' AND kommune_kode = 167").fetchone() == (99.0,)


def test_far_out_rule():
    from atlas.upload.steps import far_out_values

    low, high, outside = far_out_values([45, 46, 47, 48, 45, 46, 47, 48, 45, 460])
    assert outside == [9] and low < 45 and 48 < high < 460
    assert far_out_values([1, 2, 3])[2] == []                 # too few values to judge
