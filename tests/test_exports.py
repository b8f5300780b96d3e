"""Exports (atlas.exports): the CSV and the .xlsx are opened again and checked — columns, row
count, number formats, the provenance sheet — for a hand-made table and for the table page's
real view."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from atlas import exports
from atlas.exports import Column, ExportTable, Provenance


def sample(lang: str) -> ExportTable:
    return ExportTable(
        name="test", lang=lang,
        columns=(Column("Kommune"), Column("Middellevetid (år)", "number", 1),
                 Column("Folketal", "number", 0), Column("Egen værdi (egne data)", "number", 2)),
        rows=(("Lolland", 78.55, 38533.0, 1.005), ("Fanø", None, 3512.0, None),
              ("Læsø", 80.04, 1700.0, 2.0)),
        provenance=(
            Provenance("Middellevetid", "2021-2025", "Danmarks Statistik", "HISBK",
                       "Middellevetid", "CC BY 4.0", "Kilde: Danmarks Statistik",
                       "https://www.statistikbanken.dk/HISBK", False),
            Provenance("Egen værdi (egne data)", "2025", "Min kommune", "", "egen fil", "",
                       "Kilde: Min kommune", "", True),
        ),
        built_at="29. november 2026 kl. 16.56 UTC", view_url="http://localhost/tabel?lang=da")


def read_csv(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")      # UTF-8 byte-order mark, for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_danish_csv_semicolons_decimal_comma_no_data_half_up():
    rows = read_csv(exports.to_csv(sample("da")), ";")
    assert rows[0] == ["Kommune", "Middellevetid (år)", "Folketal", "Egen værdi (egne data)"]
    assert len(rows) == 1 + 3
    assert rows[1] == ["Lolland", "78,6", "38533", "1,01"]     # half-up, no grouping
    assert rows[2] == ["Fanø", "", "3512", ""]       # no data: an empty cell, never 0


def test_english_csv_commas_decimal_point():
    rows = read_csv(exports.to_csv(sample("en")), ",")
    assert rows[1] == ["Lolland", "78.6", "38533", "1.01"]
    assert rows[2][1] == ""


def test_provenance_csv_lists_sources_build_date_and_view_address():
    rows = read_csv(exports.provenance_csv(sample("da")), ";")
    assert rows[0][:6] == ["Indikator", "Periode", "Udgiver", "Tabel", "Titel", "Licens"]
    assert rows[1][:4] == ["Middellevetid", "2021-2025", "Danmarks Statistik", "HISBK"]
    assert rows[2][0] == "Egen værdi (egne data)" and rows[2][-1] == "ja"
    assert ["Atlassets database bygget", "29. november 2026 kl. 16.56 UTC"] in rows
    assert ["Denne visning i atlasset", "http://localhost/tabel?lang=da"] in rows
    assert ["Tom celle", "ingen data (mangler eller er udeladt i kilden; aldrig 0)"] in rows


def test_xlsx_values_number_formats_and_provenance_sheet():
    book = load_workbook(io.BytesIO(exports.to_xlsx(sample("en"))))
    assert book.sheetnames == ["Data", "Sources"]
    data = book["Data"]
    assert [c.value for c in data[1]] == ["Kommune", "Middellevetid (år)", "Folketal",
                                          "Egen værdi (egne data)"]
    assert data.max_row == 1 + 3
    assert data["B2"].value == 78.55 and data["B2"].number_format == "#,##0.0"
    assert data["C2"].value == 38533 and data["C2"].number_format == "#,##0"
    assert data["D2"].number_format == "#,##0.00"
    assert data["B3"].value is None                  # no data: an empty cell, never 0
    assert data["A2"].number_format == "@"
    sources = book["Sources"]
    header = [c.value for c in sources[1]]
    assert header == ["Indicator", "Period", "Publisher", "Table", "Title", "Licence",
                      "Attribution", "Source address", "User-supplied"]
    assert [c.value for c in sources[2]][:7] == [
        "Middellevetid", "2021-2025", "Danmarks Statistik", "HISBK", "Middellevetid",
        "CC BY 4.0", "Kilde: Danmarks Statistik"]
    assert sources["A3"].value == "Egen værdi (egne data)" and sources["I3"].value == "yes"
    tail = {row[0]: row[1] for row in sources.iter_rows(min_row=4, values_only=True) if row[0]}
    assert tail == {"Atlas database built": "29. november 2026 kl. 16.56 UTC",
                    "This view in the atlas": "http://localhost/tabel?lang=da",
                    "Empty cell": "no data (missing or withheld in the source; never 0)"}


def test_per_row_decimals():
    table = ExportTable("t", "da", (Column("Indikator"), Column("Værdi", "number", None)),
                        (("a", 1.25), ("b", 1234.5)), (), "", "", row_decimals=(1, 0))
    assert read_csv(exports.to_csv(table), ";")[1:] == [["a", "1,3"], ["b", "1235"]]
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(table)))["Data"]
    assert (sheet["B2"].number_format, sheet["B3"].number_format) == ("#,##0.0", "#,##0")


@pytest.mark.parametrize("lang,delimiter", [("da", ";"), ("en", ",")])
def test_table_page_export_is_what_the_table_shows(atlas_db, lang, delimiter):
    from atlas.views import municipal
    from atlas.views import table as tv

    context = municipal.context()
    state, notices = tv.parse_state({"lang": lang, "ind": "life_expectancy,gini",
                                     "region": "1085", "sort": "life_expectancy",
                                     "order": "desc"}, context)
    assert notices == []
    view = tv.build_view(state, context)
    table = view.export("http://127.0.0.1/tabel?ind=life_expectancy,gini")
    rows = read_csv(exports.to_csv(table), delimiter)
    assert rows[0] == [view.labels[key] for key in view.frame.columns]
    assert len(rows) - 1 == len(view.frame) == 17        # Region Sjælland
    assert [r[1] for r in rows[1:]] == list(view.frame["name"])
    book = load_workbook(io.BytesIO(exports.to_xlsx(table)))
    data = book.worksheets[0]
    assert data.max_row - 1 == 17
    life = [c.value for c in data[1]].index(view.labels["life_expectancy"]) + 1
    values = [data.cell(row=r, column=life).value for r in range(2, 19)]
    assert values == sorted(values, reverse=True)
    assert data.cell(row=2, column=life).number_format == "#,##0.0"
    provenance = book.worksheets[1]
    publishers = {row[2] for row in provenance.iter_rows(min_row=2, values_only=True) if row[2]}
    assert ("Statistics Denmark" if lang == "en" else "Danmarks Statistik") in publishers
    labels = {row[0] for row in provenance.iter_rows(min_row=2, values_only=True)}
    assert context.indicators["gini"].label(lang) in labels


@pytest.mark.parametrize("lang,delimiter", [("da", ";"), ("en", ",")])
def test_table_export_missing_cells_empty_codes_text_language(atlas_db, lang, delimiter):
    """Issue 21: a missing value (Læsø's life expectancy) is an empty cell, never "None" or
    0; codes are text in Excel; group names, publishers and licences in the page's language."""
    from atlas.views import municipal
    from atlas.views import table as tv

    context = municipal.context(lang)
    state, _ = tv.parse_state({"lang": lang, "ind": "hospital_distance_km,life_expectancy",
                               "sort": "hospital_distance_km", "order": "desc"}, context)
    table = tv.build_view(state, context).export("http://127.0.0.1/tabel")
    rows = read_csv(exports.to_csv(table), delimiter)
    laeso = next(row for row in rows if row[1] == "Læsø")
    life = rows[0].index(next(h for h in rows[0] if h.startswith(
        context.indicators["life_expectancy"].label(lang))))
    assert laeso[life] == "" and laeso[life + 1] == ""        # value and rank: no data
    assert "None" not in laeso and "nan" not in laeso
    groups = {row[3] for row in rows[1:]}
    assert ("Rural municipalities" in groups) == (lang == "en")
    assert ("Landkommuner" in groups) == (lang == "da")
    data = load_workbook(io.BytesIO(exports.to_xlsx(table))).worksheets[0]
    assert data["A2"].value == laeso[0] and isinstance(data["A2"].value, str)
    assert data["A2"].number_format == "@"
    sources = exports.provenance_csv(table).decode("utf-8-sig")
    if lang == "en":
        for danish in ("kildeangivelse", "beregnet", "Befolkningsvægtet", "regionerne"):
            assert danish not in sources
        assert "Inequality Atlas (computed)" in sources
    # the hospital list's origin is named, not only GeoNames
    assert ("the regions" if lang == "en" else "regionerne") in sources
    assert "Sundhedsstyrelsen" in sources or "Danish Health Authority" in sources
