"""Municipality name matching: every spelling people use, and nothing guessed."""

from __future__ import annotations

import pytest

from atlas.connectors import names


@pytest.mark.parametrize("text, code", [
    ("Københavns Kommune", 101), ("Kobenhavn", 101), ("københavn", 101), ("KØBENHAVN", 101),
    ("Koebenhavn", 101), ("Copenhagen", 101), ("Aarhus", 751), ("Århus", 751),
    ("Aarhus Kommune", 751), ("Bornholms Regionskommune", 400), ("Bornholm", 400),
    ("Høje-Taastrup", 169), ("Høje Taastrup", 169), ("Hoeje-Taastrup Kommune", 169),
    ("Høje-Tåstrup", 169), ("Nordfyns Kommune", 480), ("Nordfyn", 480),
    ("Vesthimmerland", 820), ("Ålborg", 851), ("Lyngby-Tårbæk", 173), ("Tarnby", 185),
    ("Frederiksbergs Kommune", 147), ("  Læsø  ", 825), ("Laesoe", 825), ("Ærø", 492),
    ("Aeroe", 492), ("Brønderslev-Dronninglund", 810),
])
def test_names_people_write_are_matched(text: str, code: int) -> None:
    assert names.match_name(text) == code


@pytest.mark.parametrize("text", ["Odens", "Atlantis", "", "Region Hovedstaden", "Hele landet",
                                  "Christiansø", "Kommune", "Lyngby"])
def test_unknown_and_aggregate_names_are_not_guessed(text: str) -> None:
    assert names.match_name(text) is None


def test_suggestions_for_unmatched_names() -> None:
    assert names.suggest("Odens") == "Odense"
    assert names.suggest("zzzz") is None


def test_aggregates_are_recognised() -> None:
    for text in ("Hele landet", "I alt", "Region Sjælland", "Christiansø", "Danmark"):
        assert names.is_aggregate_name(text)
    assert not names.is_aggregate_name("Roskilde")


@pytest.mark.parametrize("raw, code", [("0101", 101), ("101", 101), (101, 101), (101.0, 101),
                                       ("101,0", 101), (" 851 ", 851), ("abc", None),
                                       (101.5, None), (True, None), (None, None)])
def test_codes_are_normalised(raw, code) -> None:
    assert names.normalise_code(raw) == code


def test_the_98_municipalities_have_distinct_folded_names() -> None:
    assert len(names.MUNICIPALITIES) == len(names.CODES) == 98
    assert names.CHRISTIANSOE not in names.CODES
    loose = [names._loose(names.fold(m.name)) for m in names.MUNICIPALITIES]
    assert len(set(loose)) == 98
    assert all(names.match_name(m.name) == m.code for m in names.MUNICIPALITIES)
