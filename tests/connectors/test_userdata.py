"""A user's own file: columns found by header or content, every row accounted for."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.connectors.userdata import UserDataError, read_user_table

DANISH = (
    "\ufeffKommune;År;Andel (%)\r\n"
    "Københavns Kommune;2024;12,5\r\n"
    "Kobenhavn;2023;11,9\r\n"
    "Aarhus;2024;9,75\r\n"
    "Hele landet;2024;10,0\r\n"
    "Odens;2024;8,1\r\n"
    "Bornholms Regionskommune;2024;..\r\n"
    "Høje Taastrup;2024;< 5\r\n"
    ";;\r\n"
    "Læsø;2024;abc\r\n"
    "Aarhus;2024;9,8\r\n"
    "Christiansø;2024;1,0\r\n"
)


def test_danish_csv_by_names_with_every_row_accounted_for() -> None:
    table = read_user_table(DANISH.encode("utf-8"), file_name="andel.csv")
    assert (table.name_column, table.value_column, table.period_column) == ("Kommune", "Andel (%)", "År")
    assert table.decimal == "comma"
    matched = {(r.kommune_kode, r.period): r.value for r in table.rows}
    assert matched == {(101, "2024"): 12.5, (101, "2023"): 11.9, (751, "2024"): 9.75,
                       (400, "2024"): None, (169, "2024"): None}
    assert table.suppressed == 2
    reasons = {r.line: r.reason for r in table.rejected}
    assert "not a municipality" in reasons[5]                  # Hele landet
    assert "not recognised" in reasons[6]                      # Odens
    assert next(r for r in table.rejected if r.line == 6).suggestion == "Odense"
    assert "is not a number" in reasons[10]                    # abc
    assert "duplicate" in reasons[11] and "line 4" in reasons[11]
    assert "not a municipality" in reasons[12]                 # Christiansø
    assert table.blank_lines == 1
    data_lines = DANISH.count("\r\n") - 1
    assert len(table.rows) + len(table.rejected) + table.blank_lines == data_lines


def test_xlsx_with_numeric_codes_and_a_fixed_period(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["Indikator: ventetid"])          # a title row above the header
    sheet.append(["kommunekode", "navn", "dage"])
    sheet.append([101, "København", 31.5])
    sheet.append(["0147", "Frederiksberg", 28])
    sheet.append([751, "København", 20])            # code and name disagree
    sheet.append([999, "Atlantis", 1])
    sheet.append([411, "Christiansø", 1])
    workbook.save(tmp_path / "ventetid.xlsx")
    with pytest.raises(UserDataError, match="--period"):
        read_user_table(tmp_path / "ventetid.xlsx")
    table = read_user_table(tmp_path / "ventetid.xlsx", period="2024")
    assert (table.code_column, table.name_column, table.value_column) == ("kommunekode", "navn", "dage")
    assert [(r.kommune_kode, r.period, r.value) for r in table.rows] == [
        (101, "2024", 31.5), (147, "2024", 28.0)]
    reasons = [r.reason for r in table.rejected]
    assert "are different municipalities" in reasons[0]
    assert "unknown municipality code 999" in reasons[1]
    assert "Christiansø" in reasons[2]


def test_content_detection_and_explicit_columns() -> None:
    text = "a,b,c\n101,2024,3.5\n147,2024,4.25\n751,2024,1.0\n"
    with pytest.raises(UserDataError, match="several columns could hold the values"):
        read_user_table(text.encode(), file_name="x.csv", period="2024")
    table = read_user_table(text.encode(), file_name="x.csv", value_column="c",
                            period_column="b")
    assert table.code_column == "a" and table.decimal == "point"
    assert [r.value for r in table.rows] == [3.5, 4.25, 1.0]


@pytest.mark.parametrize("text, decimal, value", [
    ("kommune;vaerdi\n101;1.234,5\n", "auto", 1234.5),
    ("kommune,value\n101,\"1,234.5\"\n", "auto", 1234.5),
    ("kommune;vaerdi\n101;12,5%\n", "auto", 12.5),
    ("kommune;vaerdi\n101;1,5\n", "point", None),
])
def test_decimal_separators(text: str, decimal: str, value) -> None:
    table = read_user_table(text.encode(), file_name="x.csv", period="2024", decimal=decimal)
    if value is None:
        assert table.rejected and not table.rows
    else:
        assert table.rows[0].value == pytest.approx(value)


@pytest.mark.parametrize("data, name, message", [
    (b"", "x.csv", "empty"),
    (b"foo;bar\nx;y\n", "x.csv", "no municipality column"),
    (b"kommune;vaerdi\n101;5\n", "x.xls", "not supported"),
    (b"PK\x03\x04 broken", "x.xlsx", "not a readable .xlsx"),
    (b"kommune;kommune\n101;5\n", "x.csv", "duplicate column names"),
])
def test_unreadable_files(data: bytes, name: str, message: str) -> None:
    with pytest.raises(UserDataError, match=message):
        read_user_table(data, file_name=name, period="2024")


def test_universe_limits_municipalities() -> None:
    table = read_user_table(b"kode;vaerdi\n101;1\n147;2\n", file_name="x.csv", period="2024",
                            universe={101})
    assert [r.kommune_kode for r in table.rows] == [101]
    assert "not in this snapshot" in table.rejected[0].reason
