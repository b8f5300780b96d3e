"""Place-of-death file: the project's documented layout, suppression, aggregates, refusals."""

from __future__ import annotations

import pytest

from atlas.connectors.place_of_death import PlaceOfDeathError, parse_place_of_death
from tests.connectors.conftest import UNIVERSE
from tests.connectors.fakes import FIXTURES

FILE = FIXTURES / "deaths" / "doedssted_kommuner.csv"


def shares(data: bytes, universe=UNIVERSE) -> dict:
    result = parse_place_of_death(data, file="deaths.csv", universe=universe)
    return {(o.kommune_kode, o.period): o.value for o in result.observations}


def test_share_is_hospital_over_all_deaths_and_hospice_is_not_hospital() -> None:
    values = shares(FILE.read_bytes())
    assert values[(101, "2023")] == pytest.approx(100 * 2105 / (2105 + 170 + 1100 + 1320 + 240))
    assert values[(825, "2023")] == pytest.approx(50.0)
    assert len(values) == 12


def test_a_suppressed_count_makes_the_share_empty_not_a_guess() -> None:
    result = parse_place_of_death(FILE.read_bytes(), file="deaths.csv", universe=UNIVERSE)
    values = {(o.kommune_kode, o.period): o.value for o in result.observations}
    assert values[(825, "2022")] is None and result.suppressed_shares == 1
    assert any("Hele landet" in row or ": 0 " in row for row in result.skipped)


def test_an_i_alt_row_is_the_denominator_even_with_suppressed_parts() -> None:
    data = ("kommune_kode;periode;doedssted;antal\n"
            "825;2022;sygehus;5\n825;2022;andet;< 5\n825;2022;i alt;25\n").encode()
    assert shares(data)[(825, "2022")] == pytest.approx(20.0)


def test_plain_layout_variants_are_accepted() -> None:
    data = ("kommune_navn,periode,doedssted,antal\n"       # comma, no BOM, LF, names only
            "Københavns Kommune,2021:2023,Sygehus,6000\n"
            "Københavns Kommune,2021:2023,Eget hjem,4000\n").encode("cp1252")
    assert shares(data) == {(101, "2021-2023"): pytest.approx(60.0)}


@pytest.mark.parametrize("text, message", [
    ("region_kode;region_navn;periode;doedssted;antal\n1084;Region Hovedstaden;2023;sygehus;5420\n",
     "region-level file"),
    ("kommune_kode;periode;antal\n101;2023;5\n", "header lacks doedssted"),
    ("kommune_kode;periode;doedssted;antal\n101;2023;ambulance;5\n",
     "line 2.*unknown place of death 'ambulance'"),
    ("kommune_kode;periode;doedssted;antal\n999;2023;sygehus;5\n", "unknown municipality code"),
    ("kommune_kode;kommune_navn;periode;doedssted;antal\n101;Aarhus;2023;sygehus;5\n",
     "different municipalities"),
    ("kommune_navn;periode;doedssted;antal\nOdens;2023;sygehus;5\n", "did you mean Odense"),
    ("kommune_kode;periode;doedssted;antal\n101;2023;sygehus;\n", "empty count"),
    ("kommune_kode;periode;doedssted;antal\n101;2023;sygehus;mange\n", "whole number"),
    ("kommune_kode;periode;doedssted;antal\n101;2023K1;sygehus;5\n", "year or a span"),
    ("kommune_kode;periode;doedssted;antal\n101;2023;sygehus;5\n101;2023;sygehus;5\n",
     "second sygehus row.*first on line 2"),
    ("kommune_kode;periode;doedssted;antal\n101;2023;hospice;5\n", "no sygehus row"),
    ("", "empty"),
])
def test_unusable_files_are_refused_with_line_and_reason(text: str, message: str) -> None:
    with pytest.raises(PlaceOfDeathError, match=message):
        parse_place_of_death(text.encode(), file="deaths.csv", universe=UNIVERSE)


def test_the_committed_region_fixture_is_refused() -> None:
    with pytest.raises(PlaceOfDeathError, match="region-level"):
        parse_place_of_death((FIXTURES / "deaths" / "doedssted_regioner.csv").read_bytes(),
                             file="doedssted_regioner.csv", universe=UNIVERSE)
