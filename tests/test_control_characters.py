"""Control characters in names and labels (issue 22, item 1): the build refuses them naming the
file and the line, uploads drop them, and the .xlsx writer (openpyxl) takes any text."""

from __future__ import annotations

import io
import shutil

import pytest
import tomli_w
from openpyxl import load_workbook

from atlas import exports
from atlas.build.pipeline import build_database
from atlas.connectors.user_import import UserIndicatorSpec
from atlas.connectors.userdata import inspect_user_file, read_user_table
from atlas.errors import AtlasError, SourceError
from atlas.exports import Column, ExportTable, Provenance
from atlas.sanitize import control_character
from tests.conftest import QUIET
from tests.hostile_snapshot import CONTROL_PAYLOAD, with_control_characters

NASTY = f"Kø{CONTROL_PAYLOAD}benhavn\x85\x7f"


@pytest.fixture
def sources(real_sources, tmp_path):
    return shutil.copytree(real_sources, tmp_path / "sources")


@pytest.mark.parametrize("file,column", [("municipalities.csv", "name"),
                                         ("municipalities.csv", "region_name"),
                                         ("sources.csv", "publisher"),
                                         ("sources.csv", "url"),
                                         ("hospitals.csv", "town")])
def test_the_build_refuses_control_characters_naming_file_and_line(sources, tmp_path, file,
                                                                   column):
    line = with_control_characters(sources, file, column, row=3)
    with pytest.raises(SourceError) as refused:
        build_database(sources, tmp_path / "atlas.duckdb", console=QUIET)
    message = str(refused.value)
    assert (refused.value.file, refused.value.line, refused.value.column) == (file, line, column)
    assert f"{file}, line {line}, column '{column}'" in message and "U+001B" in message
    assert not (tmp_path / "atlas.duckdb").exists()          # nothing half-written


def test_the_build_refuses_control_characters_in_user_indicator_labels(sources, tmp_path):
    entry = {"id": "egen", "role": "context", "direction": "neutral", "core": False,
             "origin": "user", "source": "user_egen", "unit_da": "pct.", "unit_en": "pct.",
             "decimals": 1, "plausible": [0.0, 100.0], "national": "population_weighted_mean",
             "label_da": f"Egen {CONTROL_PAYLOAD}", "label_en": "Own", "description_da": "d",
             "description_en": "d", "caveats_da": "", "caveats_en": ""}
    (sources / "user_indicators.toml").write_text(tomli_w.dumps({"indicator": [entry]}),
                                                   encoding="utf-8")
    with pytest.raises(AtlasError, match=r"user_indicators.toml: indicator #1 \('egen'\): "
                                         r"label_da contains the control character U\+001B"):
        build_database(sources, tmp_path / "atlas.duckdb", console=QUIET)


def test_uploads_drop_control_characters():
    data = (f"kode;navn{CONTROL_PAYLOAD};andel\n101;{NASTY};12,5\n147;Frederiksberg\x00;3\n"
            .encode())
    layout = inspect_user_file(data, file_name=f"fil{CONTROL_PAYLOAD}.csv")
    assert all(control_character(header) is None for header in layout.header)
    table = read_user_table(data, file_name=f"fil{CONTROL_PAYLOAD}.csv", period="2024")
    assert table.file_name == "fil[31m.csv"
    assert [row.kommune_kode for row in table.rows] == [101, 147] and not table.rejected
    spec = UserIndicatorSpec(label_da=f"Egen {CONTROL_PAYLOAD}", label_en="Own\x07",
                             unit_da="pct.\x1b", unit_en="pct.", description_da="a\nb\x00")
    assert (spec.label_da, spec.label_en, spec.unit_da, spec.description_da) == \
        ("Egen [31m", "Own", "pct.", "a\nb")


def test_xlsx_takes_control_characters_in_every_text():
    table = ExportTable(
        name="x", lang="da", columns=(Column(f"Kommune {CONTROL_PAYLOAD}"), Column("Værdi",
                                                                                  "number", 1)),
        rows=((NASTY, 1.5), ("Aarhus\x0b", None)),
        provenance=(Provenance(NASTY, "2024", f"DST{CONTROL_PAYLOAD}", "T\x00", "Titel\x1b",
                               "CC BY\x07", "a", "https://x\x1b", False),),
        built_at="2026-01-01\x00", view_url=f"http://localhost/{CONTROL_PAYLOAD}")
    book = load_workbook(io.BytesIO(exports.to_xlsx(table)))
    data, sources = book.worksheets
    assert data["A1"].value == "Kommune [31m" and data["A2"].value == "Kø[31mbenhavn"
    assert data["A3"].value == "Aarhus" and data["B2"].value == 1.5
    texts = [cell.value for sheet in (data, sources) for row in sheet.iter_rows()
             for cell in row if isinstance(cell.value, str)]
    assert all(control_character(text) is None for text in texts)
    assert "DST[31m" in texts
