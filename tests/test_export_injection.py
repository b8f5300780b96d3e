"""Issue 22 item 6: no download carries a live spreadsheet formula. Text cells that start with
`= + - @` (or a tab or CR) get a leading `'` in CSV (OWASP's CSV-injection guidance) and are
written as strings in XLSX; numbers, negative ones too, stay numbers."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from atlas import exports
from atlas.exports import Column, ExportTable, Provenance, spreadsheet_text
from tests.hostile_exports import csv_cells, every_export, live_formulas
from tests.hostile_snapshot import FORMULAS, HYPERLINK, build_hostile_db


@pytest.mark.parametrize(("text", "safe"), [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(1)", "'@SUM(1)"),
    ("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r=1+1"), (HYPERLINK, "'" + HYPERLINK),
    ("-3,5", "-3,5"), ("-12", "-12"), ("+4.5", "+4.5"), ("København", "København"),
    ("a=b", "a=b"), ("", ""),
])
def test_spreadsheet_text(text, safe):
    assert spreadsheet_text(text) == safe


def test_spreadsheet_text_leaves_numbers_alone():
    assert spreadsheet_text(-3.5) == -3.5 and spreadsheet_text(None) is None


def _hostile_table() -> ExportTable:
    return ExportTable(
        name="t", lang="da", columns=(Column("=Navn"), Column("Værdi", "number", 1)),
        rows=((HYPERLINK, -3.5), ("@SUM(A1)", 2.0), ("-2+3", None)),
        provenance=(Provenance("=Label", "2024", HYPERLINK, "+tabel", "@titel", "-licens",
                               "=kilde", "https://example.org", False),),
        built_at="i dag", view_url="http://127.0.0.1/tabel")


def test_csv_cells_are_neutralised_and_numbers_stay_numbers():
    cells = csv_cells("t.csv", exports.to_csv(_hostile_table()), "da")
    assert "'" + HYPERLINK in cells and "'=Navn" in cells and "-3,5" in cells
    assert live_formulas("t.csv", exports.to_csv(_hostile_table()), "da") == []
    assert live_formulas("k.csv", exports.provenance_csv(_hostile_table()), "da") == []


def test_xlsx_hyperlink_stays_text_when_read_back():
    book = load_workbook(io.BytesIO(exports.to_xlsx(_hostile_table())))
    data, sources = book.worksheets
    assert data["A2"].value == HYPERLINK and data["A2"].data_type == "s"
    assert data["A1"].value == "=Navn" and data["A1"].data_type == "s"
    assert data["B2"].value == -3.5 and data["B2"].data_type == "n"
    assert sources["C2"].value == HYPERLINK and sources["C2"].data_type == "s"
    assert live_formulas("t.xlsx", exports.to_xlsx(_hostile_table()), "da") == []


@pytest.fixture(scope="module")
def hostile_db(real_sources, tmp_path_factory):
    return build_hostile_db(real_sources, tmp_path_factory.mktemp("hostile-exports"))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_export_of_the_hostile_snapshot_is_formula_free(hostile_db, use_db, lang):
    use_db(hostile_db)
    files = every_export(lang)
    assert {"tabel.csv", "tabel.xlsx", "sammenlign.csv", "profil.xlsx",
            "omvendt-omsorg.csv"} <= set(files)
    planted = 0
    for name, data in files.items():
        assert live_formulas(name, data, lang) == [], name
        if name.endswith(".csv"):
            planted += sum(cell.startswith("'" + FORMULAS[key].strip()[:2])
                           for cell in csv_cells(name, data, lang) for key in FORMULAS)
    assert planted > 98          # the hostile text did reach the files, neutralised
