"""Hardening of the user-file reader and `atlas import` (issue 8): Excel formulas without a
stored result, extreme values, absurd periods, size limits, at most 50 rejected rows listed,
two imports into one folder, and the server's memory for a 50 MB upload."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from rich.console import Console

from atlas import cli
from atlas.connectors import userdata, userfile
from atlas.connectors.user_import import ImportFailed, UserIndicatorSpec, folder_lock
from atlas.connectors.userdata import UserDataError, read_user_table
from atlas.paths import PROJECT_ROOT

LABELS = ["--label-da", "Ventetid", "--label-en", "Waiting", "--unit", "dage"]


def workbook(rows: list[list], extra: dict[str, bytes] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if not extra:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- item 5: formulas without a stored result -------------------------------------------------

def test_a_formula_without_a_stored_result_is_an_error_naming_the_cell():
    # openpyxl writes formulas without results, like a script or an online converter would
    rows = [["Kommune", "År", "Værdi"]]
    rows += [[101, 2024, 10.5], [147, 2024, "=B3/100"], [151, 2024, None]]
    table = read_user_table(workbook(rows), file_name="formler.xlsx")
    assert [(r.kommune_kode, r.value) for r in table.rows] == [(101, 10.5), (151, None)]
    (formula,) = table.rejected
    assert formula.kind == "formula" and formula.detail == {"cell": "C3"}
    assert "cell C3: formula without a stored result" in formula.reason
    assert "open and save the file in Excel/LibreOffice, or export CSV" in formula.reason
    assert table.suppressed == 1                      # only the truly empty cell


def test_formula_rows_are_worded_in_danish():
    from atlas.upload.text import reject_reason

    table = read_user_table(workbook([["Kommune", "År", "Værdi"], [101, 2024, "=1+1"]]),
                            file_name="f.xlsx")
    assert reject_reason(table.rejected[0], "da").startswith(
        "celle C2: en formel uden gemt resultat")


# --- items 7 and 9: extreme values --------------------------------------------------------

@pytest.mark.parametrize("cell", ["1" + "0" * 308, "1" + "0" * 400, "-" + "9" * 20])
def test_extreme_values_are_rejected_with_a_reason(cell):
    data = f"Kommune;År;Værdi\nAarhus;2024;{cell}\nOdense;2024;3\n".encode()
    table = read_user_table(data, file_name="x.csv")
    assert [r.kommune_kode for r in table.rows] == [461]
    (extreme,) = table.rejected
    assert extreme.kind == "extreme_value" and "beyond" not in extreme.reason
    assert len(extreme.reason) < 150


def test_extreme_numbers_in_a_workbook_are_rejected():
    table = read_user_table(workbook([["Kommune", "År", "Værdi"], [101, 2024, 1e308],
                                      [147, 2024, 2.5]]), file_name="x.xlsx")
    assert [r.kind for r in table.rejected] == ["extreme_value"]


def test_the_cli_reports_extreme_values_without_a_traceback(base, tmp_path, capsys):
    path = tmp_path / "big.csv"
    path.write_text("Kommune;År;Værdi\nAarhus;2024;" + "1" + "0" * 308 + "\nOdense;2024;"
                    + "1" + "0" * 400 + "\nKøbenhavn;2024;4\n", encoding="utf-8")
    code = cli.main(["import", str(path), "--indicator", "big_values", *LABELS,
                     "--sources", str(tmp_path / "sources"), "--base", str(base)])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert "2 unmatched or invalid" in " ".join(err.split())


def test_an_extreme_plausible_range_is_refused():
    with pytest.raises(ImportFailed) as refused:
        UserIndicatorSpec(plausible=(0.0, float("inf")))
    assert refused.value.kind == "bad_plausible"
    with pytest.raises(ImportFailed):
        UserIndicatorSpec(plausible=(5.0, 1.0))


def test_default_plausible_range_of_the_largest_allowed_values_is_finite():
    from atlas.connectors.user_import import default_plausible

    low, high = default_plausible([-userdata.MAX_ABS_VALUE, userdata.MAX_ABS_VALUE])
    assert low < high and all(abs(v) < float("inf") for v in (low, high))


# --- item 8: absurd periods -----------------------------------------------------------------

def test_periods_before_1900_or_after_next_year_are_rejected():
    next_year = userdata.last_allowed_year()
    data = (f"Kommune;År;Værdi\nAarhus;1000;1\nOdense;{next_year + 1};2\nVejle;1900;3\n"
            f"Horsens;{next_year};4\nRanders;1899-2024;5\n").encode()
    table = read_user_table(data, file_name="aar.csv")
    assert sorted(r.period for r in table.rows) == ["1900", str(next_year)]
    assert [r.kind for r in table.rejected] == ["period_out_of_range"] * 3
    assert table.rejected[0].reason == f"period 1000 is not a year from 1900 to {next_year}"
    with pytest.raises(UserDataError, match="--period '1000' is not a year from 1900"):
        read_user_table(b"Kommune;Vaerdi\nAarhus;1\n", file_name="x.csv", period="1000")


def test_the_page_refuses_an_absurd_fixed_period():
    from atlas.upload import flow as upload

    assert upload.valid_period("2024") and upload.valid_period("2021-2025")
    assert not upload.valid_period("1000") and not upload.valid_period("9999")


# --- item 10: limits ------------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(userfile, "MAX_FILE_BYTES", 1000)
    with pytest.raises(UserDataError, match=r"the file is 0\.1 MB; the atlas reads files of at"):
        read_user_table("Kommune;År;Værdi\n".encode() + b"Aarhus;2024;1\n" * 100, file_name="x.csv")
    path = tmp_path / "x.csv"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(UserDataError, match="at most"):
        read_user_table(path)


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(userfile, "MAX_DATA_ROWS", 10)
    data = "Kommune;År;Værdi\n".encode() + b"Aarhus;2024;1\n" * 11
    with pytest.raises(UserDataError, match="more than 10 rows"):
        read_user_table(data, file_name="x.csv")
    read_user_table("Kommune;År;Værdi\n".encode() + b"Aarhus;2024;1\n" * 10, file_name="x.csv")
    with pytest.raises(UserDataError, match="more than 10 rows"):
        read_user_table(workbook([["Kommune", "År", "Værdi"]] + [[101, 2024, 1]] * 11),
                        file_name="x.xlsx")


def test_too_many_columns_are_refused():
    header = ";".join(f"c{n}" for n in range(userfile.MAX_COLUMNS + 1))
    with pytest.raises(UserDataError, match="201 columns; the atlas reads at most 200"):
        read_user_table(f"{header}\n".encode() + b"1;" * 201 + b"\n", file_name="x.csv")


def test_a_workbook_that_unpacks_too_large_is_refused_from_its_zip_directory():
    # 60 MB of spaces compress to about 60 KB: the reader must not unpack them to find out
    data = workbook([["Kommune", "År", "Værdi"], [101, 2024, 1]],
                    extra={"xl/padding.xml": b" " * 60_000_000})
    assert len(data) < 200_000
    with pytest.raises(UserDataError, match=r"unpacks to 57\.3 MB; the atlas reads workbooks of "
                                            r"at most 50 MB unpacked"):
        read_user_table(data, file_name="bomb.xlsx")


def test_the_cli_lists_the_first_50_rejected_rows_and_a_count(base, tmp_path, capsys,
                                                              monkeypatch):
    monkeypatch.setattr(cli, "console", Console(stderr=True, width=200))
    path = tmp_path / "many.csv"
    path.write_text("Kommune;År;Værdi\n" + "".join(f"Sted{n};2024;1\n" for n in range(500))
                    + "Aarhus;2024;2\n", encoding="utf-8")
    cli.main(["import", str(path), "--indicator", "many_rows", *LABELS, "--dry-run",
              "--sources", str(tmp_path / "sources"), "--base", str(base)])
    err = capsys.readouterr().err
    assert "Sted49" in err and "Sted50" not in err
    assert "… and 450 more rows not imported (the first 50 of 500 are listed)." in err


# --- item 4: two imports into one folder ----------------------------------------------------

def _import_command(path: Path, indicator: str, sources: Path, base: Path) -> list[str]:
    return [sys.executable, "-m", "atlas.cli", "import", str(path), "--indicator", indicator,
            *LABELS, "--sources", str(sources), "--base", str(base)]


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200")


HOLD_LOCK = """
import sys
from pathlib import Path
from atlas.connectors.user_import import folder_lock
with folder_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.readline()
"""


@pytest.mark.slow
def test_a_second_import_waits_for_the_first(base, tmp_path):
    """Another process holds the folder (as an import + rebuild would): `atlas import` says
    it waits, and once the folder is free imports on top of what is there then."""
    sources = tmp_path / "sources"
    data = tmp_path / "values.csv"
    data.write_text("Kommune;År;Værdi\nAarhus;2024;2\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(sources)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env=_env())
    try:
        assert holder.stdout.readline().strip() == "locked"
        second = subprocess.Popen(_import_command(data, "second_one", sources, base),
                                  stderr=subprocess.PIPE, text=True, env=_env(), cwd=tmp_path)
        waited = []
        for line in second.stderr:
            waited.append(line)
            if "Waiting for another import" in line:
                break
        assert "Waiting for another import" in "".join(waited)
        assert not (sources / "observations.csv").exists()     # it did not go ahead
        holder.stdin.write("\n")
        holder.stdin.flush()
        rest = second.stderr.read()
        assert second.wait(timeout=120) == 0, rest
    finally:
        holder.kill()
        holder.wait()
    with open(sources / "observations.csv", encoding="utf-8", newline="") as handle:
        assert {row["indicator"] for row in csv.DictReader(handle)} >= {"second_one"}


@pytest.mark.slow
def test_two_concurrent_imports_keep_both_indicators(base, tmp_path):
    sources = tmp_path / "sources"
    runs = []
    for name in ("first_one", "second_one"):
        path = tmp_path / f"{name}.csv"
        path.write_text("Kommune;År;Værdi\nAarhus;2024;2\nOdense;2024;3\n", encoding="utf-8")
        runs.append(subprocess.Popen(_import_command(path, name, sources, base),
                                     stderr=subprocess.PIPE, text=True, env=_env(),
                                     cwd=tmp_path))
    for run in runs:
        _, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
    with open(sources / "observations.csv", encoding="utf-8", newline="") as handle:
        indicators = {row["indicator"] for row in csv.DictReader(handle)}
    assert {"first_one", "second_one"} <= indicators
    toml = (sources / "user_indicators.toml").read_text(encoding="utf-8")
    assert "first_one" in toml and "second_one" in toml


def test_the_lock_gives_up_after_its_timeout(tmp_path):
    sources = tmp_path / "sources"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(sources)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env=_env())
    try:
        assert holder.stdout.readline().strip() == "locked"
        told = []
        with pytest.raises(ImportFailed) as busy:
            with folder_lock(sources, timeout=0.3, waiting=lambda: told.append(True)):
                pass
        assert busy.value.kind == "busy" and told == [True]
    finally:
        holder.kill()
        holder.wait()


# --- item 10: memory ------------------------------------------------------------------------

MEASURE = """
import json, resource, sys
from atlas.upload import flow as upload
from atlas.connectors.user_import import ImportFailed, ImportTarget
from atlas.connectors import names
data = open(sys.argv[1], "rb").read()
target = ImportTarget(None, None, frozenset(names.CODES))
outcome = "read"
try:
    layout = upload.inspect_file(data, "big.csv")
    table = upload.read_file(data, "big.csv", target, code_column=layout.code_column,
                             name_column=layout.name_column, value_column=layout.value_column,
                             period_column=layout.period_column)
    upload.preview_frames(table, "da")
except ImportFailed as problem:
    outcome = problem.kind + ": " + str(problem)[:200]
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "outcome": outcome}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("megabytes", [50, 9])
def test_an_upload_keeps_the_servers_memory_small(tmp_path, megabytes):
    """The page's reading of a 50 MB CSV (refused by size) and of a 9 MB one (read: ~100,000
    rows with junk), in a fresh process: peak RSS well under 1 GB."""
    path = tmp_path / "big.csv"
    line = "Ikke en kommune med et langt navn;2024;12,5;" + "x" * 30 + "\n"
    lines = max(1, min(megabytes * 1_000_000 // len(line), userfile.MAX_DATA_ROWS - 1))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("Kommune;År;Værdi;Note\n")
        handle.write(line * lines)
        if megabytes >= 50:
            handle.write("x" * (megabytes * 1_000_000))
    result = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True,
                            text=True, env=_env(), timeout=600)
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"{path.stat().st_size / 1e6:.0f} MB CSV: peak RSS {measured['peak_mb']:.0f} MB, "
          f"{measured['outcome']}")
    assert measured["peak_mb"] < 1024
    if megabytes >= 50:
        assert measured["outcome"].startswith("unreadable") and "at most 10 MB" in \
            measured["outcome"]
    else:
        assert measured["outcome"] == "read"
