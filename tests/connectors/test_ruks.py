"""RUKS workbook: documented layout, tolerant headers, name matching, part year, corrupt files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from atlas.connectors.ruks import (
    DISEASES,
    TOTAL_INDICATOR,
    RuksError,
    parse_ruks_workbook,
    ruks_source_result,
)
from tests.connectors.conftest import UNIVERSE, make_fixtures


def values_of(result) -> dict:
    return {(o.indicator, o.kommune_kode, o.period): o.value for o in result.observations}


def build(tmp_path: Path, **variant) -> bytes:
    return make_fixtures.build_ruks_workbook(tmp_path / "ruks.xlsx", **variant).read_bytes()


def test_prevalence_per_100k_per_disease_and_total(ruks_bytes: bytes) -> None:
    result = parse_ruks_workbook(ruks_bytes, file="RUKS.xlsx", universe=UNIVERSE)
    values = values_of(result)
    expected = {indicator: make_fixtures.ruks_rate(disease, 751, 2020)
                for disease, indicator in zip(make_fixtures.DISEASES, DISEASES.values())}
    for indicator, rate in expected.items():
        assert values[(indicator, 751, "2020")] == rate
    assert values[(TOTAL_INDICATOR, 751, "2020")] == sum(expected.values())
    assert result.release_date == date(2025, 11, 28)
    assert result.title.startswith("Udvalgte Kroniske Sygdomme")


def test_blank_and_below_five_are_suppressed_and_never_summed(ruks_bytes: bytes) -> None:
    values = values_of(parse_ruks_workbook(ruks_bytes, file="RUKS.xlsx", universe=UNIVERSE))
    assert values[("chronic_schizophrenia_per_100k", 825, "2012")] is None    # blank cell
    assert values[("chronic_schizophrenia_per_100k", 825, "2011")] is None    # '< 5'
    assert values[(TOTAL_INDICATOR, 825, "2012")] is None
    assert values[(TOTAL_INDICATOR, 825, "2013")] is not None


def test_part_year_is_left_out_unless_asked_for(ruks_bytes: bytes) -> None:
    result = parse_ruks_workbook(ruks_bytes, file="RUKS.xlsx", universe=UNIVERSE)
    assert result.part_year == "2025" and result.years[-1] == "2024"
    assert not any(o.period == "2025" for o in result.observations)
    kept = parse_ruks_workbook(ruks_bytes, file="RUKS.xlsx", universe=UNIVERSE,
                               include_part_year=True)
    assert kept.years[-1] == "2025"
    notes = ruks_source_result(result, origin="RUKS.xlsx", sha256="x").notes
    assert any("2025 left out" in note for note in notes)


def test_a_release_in_a_later_year_keeps_the_newest_year(tmp_path: Path) -> None:
    result = parse_ruks_workbook(build(tmp_path, release="3. marts 2026"), file="f",
                                 universe=UNIVERSE)
    assert result.part_year is None and result.years[-1] == "2025"


def test_unrecognised_header_texts_fall_back_to_documented_positions(tmp_path: Path) -> None:
    data = build(tmp_path, header=[f"Kolonne {c}" for c in "ABCDEFGH"])
    values = values_of(parse_ruks_workbook(data, file="f", universe=UNIVERSE))
    assert values[("chronic_copd_per_100k", 101, "2015")] == make_fixtures.ruks_rate("KOL", 101, 2015)


def test_header_names_are_used_when_columns_move(tmp_path: Path) -> None:
    data = build(tmp_path, extra_column=True)
    values = values_of(parse_ruks_workbook(data, file="f", universe=UNIVERSE))
    assert values[("chronic_copd_per_100k", 101, "2015")] == make_fixtures.ruks_rate("KOL", 101, 2015)


def test_reshaped_sheet_without_recognisable_headers_is_refused(tmp_path: Path) -> None:
    data = build(tmp_path, header=[f"Kolonne {c}" for c in "ABCDEFGH"], extra_column=True)
    with pytest.raises(RuksError, match="layout changed"):
        parse_ruks_workbook(data, file="f", universe=UNIVERSE)


def test_municipality_spellings_are_matched(tmp_path: Path) -> None:
    data = build(tmp_path, kommune_names={101: "Københavns Kommune", 751: "Århus",
                                          400: "Bornholms Regionskommune", 169: "Høje Taastrup"})
    values = values_of(parse_ruks_workbook(data, file="f", universe=UNIVERSE))
    assert values[("chronic_asthma_per_100k", 751, "2020")] is not None


def test_unknown_names_are_listed_not_dropped(tmp_path: Path) -> None:
    data = build(tmp_path, kommune_names={147: "Frederiksbjerg", 825: "Atlantis"})
    with pytest.raises(RuksError, match=r"'Frederiksbjerg' \(line \d+\), did you mean "
                                        r"Frederiksberg\?.*'Atlantis'"):
        parse_ruks_workbook(data, file="f", universe=UNIVERSE)


def test_a_missing_disease_row_is_refused(tmp_path: Path) -> None:
    data = build(tmp_path, drop=("demens", 400))
    with pytest.raises(RuksError, match="dementia in Bornholm"):
        parse_ruks_workbook(data, file="f", universe=UNIVERSE)


@pytest.mark.parametrize("mangle, message", [
    (lambda data: b"", "empty"),
    (lambda data: b"\x00\x01 not a zip at all" * 10, "not an .xlsx"),
    (lambda data: b"<!DOCTYPE html><html>Siden findes ikke</html>", "looks like a web page"),
    (lambda data: data[: len(data) // 2], "damaged or truncated"),
    (lambda data: data[:4] + bytes(reversed(data[4:200])) + data[200:], "damaged"),
])
def test_corrupt_workbooks_are_refused(ruks_bytes: bytes, mangle, message: str) -> None:
    with pytest.raises(RuksError, match=message) as caught:
        parse_ruks_workbook(mangle(ruks_bytes), file="RUKS.xlsx", universe=UNIVERSE)
    assert "RUKS.xlsx" in str(caught.value)


def test_workbook_without_the_data_sheet_is_refused(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "FORSIDE"
    workbook.save(tmp_path / "x.xlsx")
    with pytest.raises(RuksError, match="no sheet 'Hovedresultater'"):
        parse_ruks_workbook((tmp_path / "x.xlsx").read_bytes(), file="x.xlsx", universe=UNIVERSE)
