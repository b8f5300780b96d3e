"""The upload page's logic (atlas/upload/flow.py, atlas/upload/text.py): where it writes, what it
previews, how it words reasons, and that import + rebuild is all or nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from atlas.connectors.user_import import ImportFailed, UserIndicatorSpec
from atlas.connectors.userdata import REJECT_KINDS, FileLayout, read_user_table
from atlas.upload import flow as upload
from atlas.upload.steps import (
    ColumnChoice,
    Notice,
    column_options,
    column_problem,
    import_failed,
    map_link,
    page_setup,
    plan_import,
    preview,
    read_columns,
    success,
)
from atlas.upload.text import (
    FAILURES,
    REJECT_REASONS,
    TEXT,
    code_span,
    escape_markdown,
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


@pytest.fixture(autouse=True)
def private_server(monkeypatch):
    """The atlas on its owner's computer (not public mode, whatever Streamlit's address)."""
    monkeypatch.setenv("ATLAS_PUBLIC", "0")


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
        "The id “life\\_expectancy” is already in the atlas; choose it under “an atlas "
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

    monkeypatch.setattr("atlas.build.pipeline.build_database", broken_build)
    with pytest.raises(ImportFailed) as failed:
        upload.import_and_rebuild(table, indicator_id="psych_wait", spec=SPEC, target=target,
                                  replace=False)
    assert failed.value.kind == "build_failed" and "disk full" in failed.value.detail["problem"]
    assert digest(sources) == before and db.read_bytes() == db_before
    # no backup or half-written copy is left; the lock file stays (removing it would race)
    assert not [p for p in sources.parent.iterdir()
                if p.name.startswith(".") and p.name != ".sources.lock"]


def test_a_failed_first_import_removes_the_folder_it_created(real_sources, real_db, tmp_path,
                                                            monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_SOURCES", str(real_sources))    # read-only base: not a target
    monkeypatch.setattr(upload, "DEFAULT_SOURCES", tmp_path / "data" / "sources")
    monkeypatch.setattr(upload, "protected", lambda path: Path(path) == real_sources)
    target = upload.upload_target()
    assert target.creates
    table = upload.read_file(CSV, "v.csv", target, code_column=None, name_column="Kommune",
                             value_column="Værdi", period_column="År")
    monkeypatch.setattr("atlas.build.pipeline.build_database",
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


# ------------------------------------------------------------------------------------------
# the page's steps (atlas/upload/steps.py): what the page shows for the choices made
# ------------------------------------------------------------------------------------------

MARKDOWN_ACTIVE = "\\`*_{}[]()#+-.!|<>~$:=&"


def layout(header: list[str], *, value_candidates: list[str] | None = None,
           **guesses) -> FileLayout:
    return FileLayout(file_name="t.csv", header=header, sheets=[], sheet=None,
                      code_column=guesses.get("code"), name_column=guesses.get("name"),
                      value_column=guesses.get("value"), period_column=guesses.get("period"),
                      value_candidates=value_candidates or [], data_rows=1, problems=[])


def test_escape_markdown_shows_every_active_character_literally() -> None:
    from atlas.views.text import md
    from tests.test_hardening import rendered_text

    escaped = escape_markdown(MARKDOWN_ACTIVE)
    assert escaped == md(MARKDOWN_ACTIVE)                     # the atlas's one helper
    assert rendered_text(escaped) == MARKDOWN_ACTIVE
    assert upload.escape_markdown is escape_markdown          # the page's helper, re-exported
    # one line: a file's text cannot start a heading, list or block of its own
    assert rendered_text(escape_markdown("a\n===\n# b\r\n1. c")) == "a === # b 1. c"
    assert rendered_text(escape_markdown("- a\n+ b\n1) c")) == "- a + b 1) c"
    assert escape_markdown("Ærø Kommune 2024") == "Ærø Kommune 2024"


def test_code_span_fences_paths_with_backticks() -> None:
    assert code_span("/data/sources") == "`/data/sources`"
    assert code_span("/tmp/a`b") == "``/tmp/a`b``"
    assert code_span("`x``") == "``` `x`` ```"


def test_failure_details_from_the_file_or_user_are_escaped() -> None:
    unreadable = ImportFailed("x", kind="unreadable", problem="line 2: **[bad](http://x)**")
    assert failure_message(unreadable, "en") == (
        "The file cannot be read: line 2\\: \\*\\*\\[bad\\]\\(http\u2060\\://x\\)\\*\\*")
    protected = ImportFailed("x", kind="protected", target="/a/`b`")
    assert failure_message(protected, "en").startswith("`` /a/`b` `` is the atlas's")
    assert failure_message(ImportFailed("no *kind*"), "da") == "no \\*kind\\*"


@pytest.mark.parametrize(("choice", "candidates", "expected"), [
    (ColumnChoice(value="v", period="p"), [], ("warning", "Vælg en kolonne med kommunekode")),
    (ColumnChoice(name="n", period="p"), [], ("warning", "Vælg kolonnen med værdierne.")),
    (ColumnChoice(name="n", period="p"), ["v", "w*"],
     ("warning", "Flere kolonner kan indeholde værdierne (v, w\\*)")),
    (ColumnChoice(name="n", value="n", period="p"), [],
     ("warning", "Den samme kolonne er valgt to gange (n).")),
    (ColumnChoice(code="c", value="v", period="c"), [],
     ("warning", "Den samme kolonne er valgt to gange (c).")),
    (ColumnChoice(name="n", value="v"), [], ("info", "Filen har ingen periodekolonne")),
    (ColumnChoice(name="n", value="v", fixed_period="  "), [],
     ("info", "Filen har ingen periodekolonne")),
    (ColumnChoice(name="n", value="v", fixed_period="24[x]"), [],
     ("warning", "Perioden «24\\[x\\]» er hverken et år")),
])
def test_each_column_problem_stops_the_page(choice, candidates, expected) -> None:
    problem = column_problem(choice, layout(["c", "n", "v", "w*", "p"],
                                            value_candidates=candidates), "da")
    assert problem is not None
    assert (problem.kind, problem.text[:len(expected[1])]) == expected


@pytest.mark.parametrize("choice", [
    ColumnChoice(name="n", value="v", period="p"),
    ColumnChoice(code="c", name="n", value="v", fixed_period="2024"),
    ColumnChoice(code="c", value="v", fixed_period=" 2021 - 2025 "),
])
def test_complete_column_choices_have_no_problem(choice) -> None:
    assert column_problem(choice, layout(["c", "n", "v", "p"]), "en") is None


def test_column_options_preselect_the_readers_guess() -> None:
    options = column_options(layout(["kode", "", "andel", "år"], code="kode", value="andel"))
    assert options.headers == ["kode", "andel", "år"]
    assert options.optional == [None, "kode", "andel", "år"]
    assert (options.code_index, options.name_index, options.value_index,
            options.period_index) == (1, 0, 1, 0)
    assert column_options(layout(["a", "b"])).value_index is None     # no safe guess: ask


def test_read_columns_reads_with_the_confirmed_columns_or_says_why_not(workspace) -> None:
    target = upload.upload_target()
    file_layout = upload.inspect_file(CSV, "t.csv")
    step = read_columns(CSV, "t.csv", target, file_layout,
                        ColumnChoice(name="Kommune", value="Værdi", period="År"), "da")
    assert step.problem is None and len(step.table.rows) == 4
    stopped = read_columns(CSV, "t.csv", target, file_layout,
                           ColumnChoice(name="Kommune", value="Kommune", period="År"), "da")
    assert stopped.table is None and stopped.problem.kind == "warning"
    shown = preview(step.table, "da")
    assert shown.rejected_heading == "Rækker, der ikke importeres (1)" and shown.problem is None
    empty = read_user_table("Kommune;Værdi\nNowhere;1\n".encode(), file_name="t.csv", period="2024")
    assert preview(empty, "en").problem == Notice(
        "error", "No row could be matched to a municipality, so there is nothing to import.")


def test_public_page_setup_names_no_folder_and_reads_against_the_atlas(workspace) -> None:
    sources, db = workspace
    setup = page_setup("en", public=True)
    assert setup.public and len(setup.target.universe) == 98
    (info,) = setup.notices
    assert info.text.startswith("**Your file is shown only to you, in this session.**")
    assert str(sources) not in info.text and str(db) not in info.text
    assert setup.end is not None and "importing and rebuilding are switched off" in setup.end.text


def test_page_setup_says_what_the_import_changes(workspace, monkeypatch) -> None:
    sources, db = workspace
    setup = page_setup("en")
    assert setup.target.path == sources
    info, other_sources = setup.notices
    assert info.kind == "info" and f"`{sources}`" in info.text and f"`{db}`" in info.text
    # the database copy was built from the offline snapshot, not from the folder written into
    assert other_sources.kind == "warning"
    assert other_sources.text.startswith("The database was built from `")

    def refused():
        raise ImportFailed("x", kind="protected", target="/snapshot")

    monkeypatch.setattr(upload, "upload_target", refused)
    setup = page_setup("da")
    assert setup.target is None
    assert [n.kind for n in setup.notices] == ["error"]
    assert "`/snapshot` er atlassets skrivebeskyttede" in setup.notices[0].text


def plan(table, target, **choices):
    options = {c.id: c for c in upload.importable_indicators(target)}
    return plan_import(table, target, options, **{"mode": "existing", "indicator_id": None,
                                                  "spec": None, "replace": False, "lang": "da",
                                                  **choices})


def test_nothing_is_ready_until_an_indicator_is_described(workspace) -> None:
    target = upload.upload_target()
    table = read_user_table(CSV, file_name="v.csv")
    unchosen = plan(table, target)
    assert not unchosen.ready and not unchosen.notices and not unchosen.stop
    no_choices = plan_import(table, target, {}, mode="existing", indicator_id=None, spec=None,
                             replace=False, lang="en")
    assert no_choices.stop and no_choices.notices[0].text.startswith("Every atlas indicator")
    incomplete = plan(table, target, mode="new", indicator_id=" psych_wait ",
                      spec=UserIndicatorSpec(label_da="Ventetid"))
    assert not incomplete.ready and incomplete.indicator_id == "psych_wait"
    assert [n.kind for n in incomplete.notices] == ["info"]
    bad_id = plan(table, target, mode="new", indicator_id="[x](y)", spec=SPEC)
    assert bad_id.notices[0].text.startswith("Id'et «\\[x\\]\\(y\\)» skal bestå")


def test_a_described_new_indicator_is_ready(workspace) -> None:
    sources, _ = workspace
    before = digest(sources)
    target = upload.upload_target()
    table = read_user_table(CSV, file_name="v.csv")
    spec = UserIndicatorSpec(label_da="Ventetid *akut*", label_en="Waiting", unit_da="dage",
                             unit_en="days")
    ready = plan(table, target, mode="new", indicator_id="psych_wait", spec=spec)
    assert ready.ready and not ready.notices and not ready.needs_replace_confirmation
    assert ready.label == "Ventetid *akut*" and ready.spec == spec and not ready.replace
    assert ready.ready_text == ("Klar: 4 rækker, heraf 1 uden værdi (ikke offentliggjort) for "
                                "**Ventetid \\*akut\\*** (2023, 2024).")
    assert plan(table, target, mode="new", indicator_id="psych_wait", spec=spec,
                lang="en").label == "Waiting"
    assert digest(sources) == before                       # a plan writes nothing


def test_a_clash_asks_for_replace_and_replace_makes_it_ready(workspace) -> None:
    from atlas.connectors.user_import import import_user_values

    sources, _ = workspace
    target = upload.upload_target()
    first = read_user_table("kode;andel\n101;45,2\n147;48\n".encode(), file_name="doed.csv",
                            period="2023")
    import_user_values(first, indicator_id="hospital_death_share", target=target)
    target = upload.upload_target()
    again = read_user_table("kode;andel\n101;40\n".encode(), file_name="doed.csv", period="2023")
    before = digest(sources)

    asked = plan(again, target, indicator_id="hospital_death_share")
    assert asked.needs_replace_confirmation and not asked.ready and not asked.replace
    assert [(n.kind, n.icon) for n in asked.notices] == [("warning", ":material/content_copy:")]
    assert asked.notices[0].text.startswith("Atlasset har allerede 2 værdier")
    assert asked.described.startswith("Enhed: ")

    replacing = plan(again, target, indicator_id="hospital_death_share", replace=True)
    assert replacing.ready and replacing.replace and replacing.needs_replace_confirmation
    assert replacing.check.replaced == 2
    assert replacing.ready_text.endswith(", erstatter 2 eksisterende.")
    assert [n.kind for n in replacing.notices] == ["warning"]      # the clash stays explained
    assert digest(sources) == before


def test_replace_is_not_asked_without_a_clash_and_a_failed_recheck_is_shown(
        workspace, monkeypatch) -> None:
    target = upload.upload_target()
    table = read_user_table(CSV, file_name="v.csv")
    spec_plan = dict(mode="new", indicator_id="psych_wait", spec=SPEC)
    assert not plan(table, target, replace=True, **spec_plan).replace   # nothing to replace

    def check(table, *, replace, **kwargs):
        if not replace:
            raise ImportFailed("x", kind="clash", count=1, periods=["2024"], sources=["s"])
        raise ImportFailed("x", kind="outside_range", count=1, low=0, high=10, unit_da="dage",
                           unit_en="days", lines=[(2, 45.2)])

    monkeypatch.setattr(upload, "check_import", check)
    failed = plan(table, target, replace=True, **spec_plan)
    assert not failed.ready and failed.needs_replace_confirmation
    assert [n.kind for n in failed.notices] == ["warning", "error"]
    monkeypatch.setattr(upload, "check_import", lambda *a, **k: (_ for _ in ()).throw(
        ImportFailed("x", kind="all_empty", matched=4)))
    refused = plan(table, target, **spec_plan)
    assert not refused.needs_replace_confirmation
    assert refused.notices == (Notice("error", "Alle 4 matchede rækker er uden værdi — der er "
                                      "intet at importere.", ":material/error:"),)


def test_success_and_failure_texts_escape_the_file_and_the_labels(tmp_path) -> None:
    from atlas.connectors.user_import import ImportResult

    result = ImportResult(indicator_id="psych_wait", source="user_a_b", matched=3, rejected=0,
                          suppressed=0, replaced=0, periods=["2021-2025"], sources_dir=tmp_path,
                          start_from=tmp_path, registered=False, entry=None, dry_run=False)
    outcome = upload.UploadOutcome(result, "[a](b).csv", tmp_path, "Vente_tid", "Waiting")
    shown = success(outcome, "da")
    assert shown.kind == "success"
    assert shown.text.startswith("**Vente\\_tid** er importeret: 3 rækker for 2021-2025, fra "
                                 "filen «\\[a\\]\\(b\\)\\.csv»")
    assert "kilde `user_a_b`" in shown.text
    assert map_link(outcome, "en") == ":material/map: [See it on the map]" \
        "(./?indicator=psych_wait&lang=en)"
    failed = import_failed(ImportFailed("x", kind="build_failed", problem="disk_full"), "en")
    assert failed.text.startswith("The database could not be built: disk\\_full.")
    assert failed.text.endswith("nothing was written and the atlas is unchanged.")
