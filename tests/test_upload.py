"""The upload page's logic (atlas/upload.py, atlas/upload_text.py): where it writes, what it
previews, how it words reasons, and that import + rebuild is all or nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from atlas import upload
from atlas.connectors.user_import import ImportFailed, UserIndicatorSpec
from atlas.connectors.userdata import REJECT_KINDS, read_user_table
from atlas.upload_text import (
    FAILURES,
    REJECT_REASONS,
    TEXT,
    failure_message,
    reject_reason,
    rows_phrase,
)

CSV = ("Kommune;År;Værdi\n"
       "Københavns Kommune;2024;45,2\n"
       "Kobenhavn;2023;44\n"
       "Aarhus;2024;..\n"
       "0751;2023;40,1\n"
       "Nowhere;2024;3\n").encode("utf-8")
SPEC = UserIndicatorSpec(label_da="Ventetid", label_en="Waiting time", unit_da="dage",
                         unit_en="days")


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def workspace(real_sources_copy: Path, real_db: Path, tmp_path: Path, monkeypatch):
    """ATLAS_SOURCES and ATLAS_DB on copies: nothing outside tmp_path is ever written."""
    db = tmp_path / "db" / "atlas.duckdb"
    db.parent.mkdir()
    shutil.copyfile(real_db, db)
    monkeypatch.setenv("ATLAS_SOURCES", str(real_sources_copy))
    monkeypatch.setenv("ATLAS_DB", str(db))
    return real_sources_copy, db


def test_texts_exist_in_both_languages_for_every_reason() -> None:
    assert set(REJECT_REASONS) == set(REJECT_KINDS)
    for texts in (*TEXT.values(), *REJECT_REASONS.values(), *FAILURES.values()):
        assert len(texts) == 2 and all(texts)


def test_the_upload_writes_into_atlas_sources_when_it_is_a_writable_snapshot(
        real_sources_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_SOURCES", str(real_sources_copy))
    target = upload.upload_target()
    assert target.path == real_sources_copy and not target.creates
    assert len(target.universe) == 98


def test_otherwise_data_sources_created_from_the_offline_snapshot(
        real_sources: Path, tmp_path: Path, monkeypatch) -> None:
    from atlas.paths import PROJECT_ROOT

    shared = PROJECT_ROOT.parent / "shared" / "data" / "sources"
    if not shared.is_dir():
        pytest.skip("no offline snapshot beside the checkout")
    monkeypatch.delenv("ATLAS_SOURCES", raising=False)
    monkeypatch.setattr(upload, "DEFAULT_SOURCES", tmp_path / "data" / "sources")
    target = upload.upload_target()
    assert target.path == tmp_path / "data" / "sources"
    assert target.start_from == shared and target.creates
    # the read-only offline snapshot named in ATLAS_SOURCES is a base, never a target
    monkeypatch.setenv("ATLAS_SOURCES", str(shared))
    assert upload.upload_target().path == tmp_path / "data" / "sources"


def test_preview_keeps_suppressed_values_empty_and_lists_every_unmatched_row() -> None:
    table = read_user_table(CSV, file_name="t.csv")
    matched, rejected = upload.preview_frames(table, "da")
    assert list(matched.columns) == ["Kode", "Kommune", "Som skrevet i filen", "Periode", "Værdi"]
    assert matched.to_dict("records") == [
        {"Kode": 101, "Kommune": "København", "Som skrevet i filen": "Københavns Kommune",
         "Periode": "2024", "Værdi": "45,2"},
        {"Kode": 101, "Kommune": "København", "Som skrevet i filen": "Kobenhavn",
         "Periode": "2023", "Værdi": "44"},
        {"Kode": 751, "Kommune": "Aarhus", "Som skrevet i filen": "Aarhus",
         "Periode": "2024", "Værdi": "ingen data"},
        {"Kode": 751, "Kommune": "Aarhus", "Som skrevet i filen": "0751",
         "Periode": "2023", "Værdi": "40,1"}]
    # no suggestion for any row: no empty "did you mean" column
    assert rejected.to_dict("records") == [
        {"Linje": 6, "Årsag": "kommunenavnet «Nowhere» genkendes ikke",
         "Rækken i filen": "Kommune: Nowhere · År: 2024 · Værdi: 3"}]
    english_matched, english_rejected = upload.preview_frames(table, "en")
    assert english_matched["Value"].tolist() == ["45.2", "44", "no data", "40.1"]
    assert english_rejected["Reason"].tolist() == [
        "the municipality name “Nowhere” is not recognised"]
    assert upload.counts_line(table, "da") == (
        "4 rækker matchet (1 uden værdi = ikke offentliggjort) · 1 række importeres ikke")
    assert "«Kommune»" in upload.reading_summary(table, "da")


def test_reasons_and_refusals_are_worded_in_danish() -> None:
    table = read_user_table("Kommune;År;Værdi\nOdens;2024;1\nHele landet;2024;2\n".encode(),
                            file_name="t.csv")
    assert [reject_reason(r, "da") for r in table.rejected] == [
        "kommunenavnet «Odens» genkendes ikke",
        "«Hele landet» er en sum eller en region, ikke en kommune"]
    assert table.rejected[0].suggestion == "Odense"
    _, rejected = upload.preview_frames(table, "da")
    assert rejected["Mente du"].tolist() == ["Odense", ""]
    assert rows_phrase(4, 1, "da") == "4 rækker, heraf 1 uden værdi (ikke offentliggjort)"
    assert rows_phrase(1, 0, "en") == "1 row"
    problem = ImportFailed("x", kind="outside_range", count=1, low=0, high=100, unit_da="%",
                           unit_en="%", lines=[(2, 452.5)])
    assert failure_message(problem, "da") == (
        "1 værdi(er) ligger uden for det tilladte interval for denne indikator (0–100 %), "
        "fx linje 2: 452,5. Tjek enheden (procent, promille, pr. 100.000 …).")
    assert failure_message(ImportFailed("plain message"), "da") == "plain message"


def test_importable_indicators_are_those_without_official_data(workspace) -> None:
    sources, _ = workspace
    choices = upload.importable_indicators(upload.upload_target())
    ids = [c.id for c in choices]
    # the four core indicators the offline snapshot lacks come first
    assert set(ids[:4]) == {"citizens_per_gp", "chronic_prevalence_per_100k",
                            "hospital_death_share", "age_65plus_share"}
    assert "life_expectancy" not in ids                  # has official data
    assert "chronic_per_gp_capacity" not in ids          # computed by the build
    assert "(kerneindikator)" in choices[0].label("da")


def test_new_indicator_problems(workspace) -> None:
    target = upload.upload_target()
    assert upload.new_indicator_problems("psych_wait", SPEC, target, "da") == []
    assert upload.new_indicator_problems("life_expectancy", SPEC, target, "en") == [
        "The id “life_expectancy” is already in the atlas; choose it under “an atlas "
        "indicator”, or give the new indicator another id."]
    problems = upload.new_indicator_problems("Bad", UserIndicatorSpec(), target, "da")
    assert "små bogstaver" in problems[0]
    assert problems[1] == ("Udfyld «Navn på dansk», «Navn på engelsk», «Enhed på dansk», "
                           "«Enhed på engelsk» for den nye indikator.")


def test_import_and_rebuild_labels_the_indicator_and_updates_the_database(workspace) -> None:
    sources, db = workspace
    target = upload.upload_target()
    table = upload.read_file(CSV, "Ventetid 2024.csv", target, code_column=None,
                             name_column="Kommune", value_column="Værdi", period_column="År")
    steps: list[tuple[float, str]] = []
    outcome = upload.import_and_rebuild(table, indicator_id="psych_wait", spec=SPEC,
                                        target=target, replace=False,
                                        progress=lambda f, m: steps.append((f, m)))
    assert outcome.db == db and outcome.label("en") == "Waiting time"
    assert outcome.result.matched == 4 and outcome.result.rejected == 1
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert sum("Bygger databasen" in m for _, m in steps) >= 7
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "SELECT i.origin, s.publisher FROM indicators i JOIN sources s USING (source) "
            "WHERE indicator_id = 'psych_wait'").fetchone() == (
            "user", "Brugerens egen fil (user-supplied)")
        values = con.execute("SELECT kommune_kode, period, value FROM observations "
                             "WHERE indicator_id = 'psych_wait' ORDER BY 1, 2").fetchall()
    assert values == [(101, "2023", 44.0), (101, "2024", 45.2), (751, "2023", 40.1),
                      (751, "2024", None)]
    # the app's cached connection sees the rebuilt file
    from atlas.query import core

    catalogue = core.indicator_catalogue()
    assert "psych_wait" in set(catalogue["indicator_id"])
    # now a user indicator, offered again for later years
    assert any(c.id == "psych_wait" and c.user
               for c in upload.importable_indicators(upload.upload_target()))


def test_a_failed_build_restores_the_sources_and_leaves_the_database(workspace,
                                                                     monkeypatch) -> None:
    sources, db = workspace
    before, db_before = digest(sources), db.read_bytes()
    target = upload.upload_target()
    table = upload.read_file(CSV, "v.csv", target, code_column=None, name_column="Kommune",
                             value_column="Værdi", period_column="År")

    def broken_build(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("atlas.build.build_database", broken_build)
    with pytest.raises(ImportFailed) as failed:
        upload.import_and_rebuild(table, indicator_id="psych_wait", spec=SPEC, target=target,
                                  replace=False)
    assert failed.value.kind == "build_failed" and "disk full" in failed.value.detail["problem"]
    assert digest(sources) == before and db.read_bytes() == db_before
    assert not [p for p in sources.parent.iterdir() if p.name.startswith(".")]


def test_a_failed_first_import_removes_the_folder_it_created(real_sources, real_db, tmp_path,
                                                            monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_SOURCES", str(real_sources))    # read-only base: not a target
    monkeypatch.setattr(upload, "DEFAULT_SOURCES", tmp_path / "data" / "sources")
    monkeypatch.setattr(upload, "protected", lambda path: Path(path) == real_sources)
    target = upload.upload_target()
    assert target.creates
    table = upload.read_file(CSV, "v.csv", target, code_column=None, name_column="Kommune",
                             value_column="Værdi", period_column="År")
    monkeypatch.setattr("atlas.build.build_database",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no")))
    with pytest.raises(ImportFailed):
        upload.import_and_rebuild(table, indicator_id="psych_wait", spec=SPEC, target=target,
                                  replace=False, db=tmp_path / "atlas.duckdb")
    assert not (tmp_path / "data" / "sources").exists()
    assert not (tmp_path / "atlas.duckdb").exists()


def test_one_import_at_a_time(workspace) -> None:
    target = upload.upload_target()
    table = read_user_table(CSV, file_name="v.csv")
    assert upload._import_lock.acquire(blocking=False)
    try:
        with pytest.raises(ImportFailed) as busy:
            upload.import_and_rebuild(table, indicator_id="psych_wait", spec=SPEC,
                                      target=target, replace=False)
        assert busy.value.kind == "busy"
    finally:
        upload._import_lock.release()
