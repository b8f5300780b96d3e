"""Every CSV and XLSX download of the atlas, made from the app's database (`$ATLAS_DB`, e.g.
the hostile snapshot of tests/hostile_snapshot.py), and a checker for spreadsheet formulas in
them. Shared by tests/test_export_injection.py and bench/probe.py."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from atlas import exports
from atlas.exports import FORMULA_STARTS
from tests.hostile_snapshot import HOSTILE_INDICATORS

DELIMITER = {"da": ";", "en": ","}
VIEW_URL = "http://127.0.0.1/"


def _tables(lang: str) -> dict[str, exports.ExportTable]:
    """The export table of every page that offers one, on views that show the hostile text."""
    from atlas.views import compare, municipal, profile, table

    context = municipal.context()
    indicators = ",".join(list(HOSTILE_INDICATORS) + ["life_expectancy", "gini"])
    found = {}
    state, _ = table.parse_state({"lang": lang, "ind": indicators}, context)
    found["tabel"] = table.build_view(state, context).export(VIEW_URL)
    state, _ = compare.parse_state({"lang": lang, "kommuner": "101,147,751,851"}, context)
    found["sammenlign"] = compare.build_view(state, context).export(VIEW_URL)
    state, _, _ = profile.parse_state({"lang": lang, "kommune": "101"}, context)
    found["profil"] = profile.build_view(state, context).export(VIEW_URL)
    return found


def _inverse_care_csv(lang: str) -> bytes:
    from atlas.views.inverse_care.export import csv_text
    from atlas.views.inverse_care.model import build_view
    from atlas.views.inverse_care.state import choices, parse_state

    context = choices(lang)
    raw = {"lang": lang}
    if HOSTILE_INDICATORS[0] in context.periods:
        raw["need"] = HOSTILE_INDICATORS[0]
    state, _ = parse_state(raw, context)
    return csv_text(build_view(state, context)).encode("utf-8")


def every_export(lang: str) -> dict[str, bytes]:
    """file name -> bytes of every CSV and XLSX download, as the pages offer them."""
    files = {}
    for name, table in _tables(lang).items():
        files[f"{name}.csv"] = exports.to_csv(table)
        files[f"{name}-kilder.csv"] = exports.provenance_csv(table)
        files[f"{name}.xlsx"] = exports.to_xlsx(table)
    files["omvendt-omsorg.csv"] = _inverse_care_csv(lang)
    return files


def csv_cells(name: str, data: bytes, lang: str) -> list[str]:
    """Every cell of a CSV download (the inverse-care CSV is always comma-separated)."""
    delimiter = "," if name.startswith("omvendt-omsorg") else DELIMITER[lang]
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter)
            for cell in row]


def live_formulas(name: str, data: bytes, lang: str) -> list[str]:
    """Cells a spreadsheet would run: in a CSV, text starting with `= + - @`/tab/CR that is not
    a plain number; in an XLSX, any cell stored as a formula."""
    if name.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(data))
        return [f"{sheet.title}!{cell.coordinate}: {cell.value!r}" for sheet in book
                for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    return [cell for cell in csv_cells(name, data, lang)
            if cell.startswith(FORMULA_STARTS) and exports.spreadsheet_text(cell) != cell]
