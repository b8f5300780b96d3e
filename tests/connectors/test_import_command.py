"""`atlas import FILE --indicator ID`: user rows, sources row and user registry, all-or-nothing."""

from __future__ import annotations

import csv
import importlib.util
import tomllib
from pathlib import Path

import pytest
from rich.console import Console

from atlas import cli
from atlas.registry import registry_for_sources

USER_FILE = (
    "\ufeffKommune;År;Ventetid (dage)\r\n"
    "Københavns Kommune;2024;31,5\r\n"
    "Frederiksberg;2024;28\r\n"
    "Aarhus;2024;..\r\n"
    "Odens;2024;12\r\n"
    "Hele landet;2024;25\r\n"
    "[bold]Nowhere;2024;3\r\n"
)
LABELS = ["--label-da", "Ventetid til psykolog", "--label-en", "Waiting time for a psychologist",
          "--unit-da", "dage", "--unit-en", "days"]


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "Ventetid psykolog 2024.csv"
    path.write_bytes(USER_FILE.encode("utf-8"))
    return path


@pytest.fixture
def run(monkeypatch, base, tmp_path):
    monkeypatch.setenv("COLUMNS", "1000")
    monkeypatch.setattr(cli, "console", Console(stderr=True, width=1000))

    def run_import(path: Path, *extra: str) -> int:
        return cli.main(["import", str(path), "--sources", str(tmp_path / "sources"),
                         "--base", str(base), *extra])
    return run_import


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_new_indicator_is_imported_and_labelled_as_user_supplied(run, user_file, tmp_path,
                                                                   capsys) -> None:
    assert run(user_file, "--indicator", "psych_wait_days", *LABELS) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "3 matched (1 empty = not published) · 3 unmatched or invalid" in err
    assert "Odens" in err and "Odense" in err and "Hele landet" in err
    assert "[bold]Nowhere" in err                      # user text is shown, not taken as markup
    sources = tmp_path / "sources"
    imported = [r for r in rows(sources / "observations.csv") if r["indicator"] == "psych_wait_days"]
    assert {(r["kommune_kode"], r["value"]) for r in imported} == {
        ("101", "31.5"), ("147", "28"), ("751", "")}
    assert {r["source"] for r in imported} == {"user_ventetid_psykolog_2024"}
    source_row = next(r for r in rows(sources / "sources.csv")
                      if r["source"] == "user_ventetid_psykolog_2024")
    assert source_row["publisher"] == "Brugerens egen fil (user-supplied)"
    assert source_row["title"] == "Ventetid psykolog 2024.csv"
    assert source_row["licence"] == "ukendt / unknown"
    with open(sources / "user_indicators.toml", "rb") as handle:
        (entry,) = tomllib.load(handle)["indicator"]
    assert (entry["origin"], entry["role"], entry["direction"]) == ("user", "context", "neutral")
    assert entry["plausible"][0] <= 28 and entry["plausible"][1] >= 31.5
    assert registry_for_sources(sources)["psych_wait_days"].unit_en == "days"


@pytest.mark.skipif(importlib.util.find_spec("atlas.commands.build") is None,
                    reason="atlas build is not available yet")
def test_the_build_merges_the_user_indicator(run, user_file, tmp_path) -> None:
    import duckdb

    assert run(user_file, "--indicator", "psych_wait_days", *LABELS) == 0
    database = tmp_path / "atlas.duckdb"
    assert cli.main(["build", "--sources", str(tmp_path / "sources"), "--out", str(database),
                     "--expect-municipalities", "6"]) == 0
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("SELECT origin, source FROM indicators WHERE indicator_id = ?",
                                  ["psych_wait_days"]).fetchone() == (
            "user", "user_ventetid_psykolog_2024")


def test_a_new_indicator_needs_labels_and_nothing_is_written(run, user_file, tmp_path,
                                                            capsys) -> None:
    assert run(user_file, "--indicator", "psych_wait_days", "--label-da", "x") == 1
    assert "describe it with --label-en, --unit" in " ".join(capsys.readouterr().err.split())
    assert not (tmp_path / "sources").exists()


def test_a_registered_indicator_keeps_its_definition_and_range(run, tmp_path, capsys) -> None:
    path = tmp_path / "doedssted.csv"
    path.write_text("kode,andel\n101,45.2\n147,48\n", encoding="utf-8")
    assert run(path, "--indicator", "hospital_death_share", "--period", "2023") == 0
    assert not (tmp_path / "sources" / "user_indicators.toml").exists()
    imported = [r for r in rows(tmp_path / "sources" / "observations.csv")
                if r["indicator"] == "hospital_death_share"]
    assert {r["source"] for r in imported} == {"user_doedssted"}

    path.write_text("kode,andel\n101,452\n", encoding="utf-8")       # per mille by mistake
    assert run(path, "--indicator", "hospital_death_share", "--period", "2022") == 1
    assert "outside hospital_death_share's plausible range [0, 100]" in capsys.readouterr().err


def test_reimport_needs_replace(run, user_file, tmp_path, capsys) -> None:
    assert run(user_file, "--indicator", "psych_wait_days", *LABELS) == 0
    before = (tmp_path / "sources" / "observations.csv").read_bytes()
    assert run(user_file, "--indicator", "psych_wait_days") == 1
    assert "add --replace" in capsys.readouterr().err
    assert (tmp_path / "sources" / "observations.csv").read_bytes() == before
    user_file.write_bytes(USER_FILE.replace("31,5", "40").encode())
    assert run(user_file, "--indicator", "psych_wait_days", "--replace") == 0
    values = {r["kommune_kode"]: r["value"] for r in rows(tmp_path / "sources" / "observations.csv")
              if r["indicator"] == "psych_wait_days"}
    assert values == {"101": "40", "147": "28", "751": ""}


def test_strict_and_dry_run_write_nothing(run, user_file, tmp_path, capsys) -> None:
    assert run(user_file, "--indicator", "psych_wait_days", *LABELS, "--strict") == 1
    assert "--strict" in capsys.readouterr().err
    assert run(user_file, "--indicator", "psych_wait_days", *LABELS, "--dry-run") == 0
    assert not (tmp_path / "sources").exists()


def test_bad_ids_and_unreadable_files_are_refused(run, tmp_path, capsys) -> None:
    path = tmp_path / "x.csv"
    path.write_text("foo;bar\n1;2\n", encoding="utf-8")
    assert run(path, "--indicator", "Bad Id") == 1
    assert run(path, "--indicator", "ok_id", *LABELS) == 1
    err = capsys.readouterr().err
    assert "must be lower-case" in err and "no municipality column" in err


def test_the_offline_snapshot_is_never_written(tmp_path, capsys) -> None:
    from atlas.build.snapshot_writer import protected
    from atlas.paths import PROJECT_ROOT

    shared = PROJECT_ROOT.parent / "shared" / "data" / "sources"
    assert protected(shared) and not protected(tmp_path)
    path = tmp_path / "x.csv"
    path.write_text("kode;vaerdi\n101;1\n", encoding="utf-8")
    assert cli.main(["import", str(path), "--indicator", "x_y", "--sources", str(shared)]) == 1
    assert cli.main(["fetch", "--out", str(shared), "--only", "statbank"]) == 1
    assert " ".join(capsys.readouterr().err.split()).count("read-only offline snapshot") == 2
