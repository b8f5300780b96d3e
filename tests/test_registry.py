"""The indicator registry: the project file is complete and well-formed; bad files fail."""

from __future__ import annotations

import pytest

from atlas.errors import AtlasError
from atlas.registry import (
    FORMATS,
    INDICATOR_COLUMNS,
    Indicator,
    default_indicator,
    load_registry,
    load_settings,
    pair_preferences,
    registry,
    registry_for_sources,
)

ENTRY = """
[[indicator]]
id = "{id}"
role = "{role}"
direction = "higher_worse"
core = false
origin = "{origin}"
source = "x"
unit_da = "%"
unit_en = "%"
format = "dec1"
plausible = [0, 100]
national = "population_weighted_mean"
label_da = "A"
label_en = "A"
description_da = "d"
description_en = "d"
caveats_da = ""
caveats_en = ""
"""


def write(tmp_path, *entries, name="reg.toml"):
    path = tmp_path / name
    path.write_text("".join(entries), encoding="utf-8")
    return path


def test_project_registry_is_complete():
    indicators = registry()
    assert len(indicators) >= 28
    for indicator in indicators.values():
        assert indicator.label_da and indicator.label_en
        assert indicator.description_da and indicator.description_en
        assert indicator.unit_da and indicator.unit_en
        assert indicator.plausible_min < indicator.plausible_max
    core = {i.id for i in indicators.values() if i.core}
    assert {"citizens_per_gp", "chronic_prevalence_per_100k", "hospital_death_share",
            "age_65plus_share", "hospital_distance_km"} <= core
    assert indicators["hospital_distance_km"].origin == "computed"
    assert "ferry" in indicators["hospital_distance_km"].caveats_en


@pytest.mark.parametrize("role,origin,message", [
    ("wellbeing", "snapshot", "role must be one of"),
    ("need", "guess", "origin must be one of"),
])
def test_bad_enum_values(tmp_path, role, origin, message):
    path = write(tmp_path, ENTRY.format(id="a", role=role, origin=origin))
    with pytest.raises(AtlasError, match=message):
        load_registry(path)


def test_duplicate_and_missing_fields(tmp_path):
    entry = ENTRY.format(id="a", role="need", origin="snapshot")
    with pytest.raises(AtlasError, match="registered twice"):
        load_registry(write(tmp_path, entry, entry))
    with pytest.raises(AtlasError, match="lacks unit_en"):
        load_registry(write(tmp_path, entry.replace('unit_en = "%"\n', "")))
    with pytest.raises(AtlasError, match="unknown keys"):
        load_registry(write(tmp_path, entry + 'colour = "red"\n'))


def test_user_registry_merges_and_may_not_clash(tmp_path):
    write(tmp_path, ENTRY.format(id="my_indicator", role="context", origin="user"),
          name="user_indicators.toml")
    combined = registry_for_sources(tmp_path)
    assert combined["my_indicator"].origin == "user"
    assert "population" in combined
    write(tmp_path, ENTRY.format(id="population", role="context", origin="user"),
          name="user_indicators.toml")
    with pytest.raises(AtlasError, match="clashes"):
        registry_for_sources(tmp_path)
    write(tmp_path, ENTRY.format(id="mine", role="context", origin="snapshot"),
          name="user_indicators.toml")
    with pytest.raises(AtlasError, match='origin = "user"'):
        registry_for_sources(tmp_path)


# --- named number formats, markers, island note, fetch hint ---------------------------------

def test_format_names_give_decimals():
    indicators = registry()
    assert indicators["population"].format == "int" and indicators["population"].decimals == 0
    assert indicators["life_expectancy"].decimals == FORMATS[indicators["life_expectancy"].format]
    assert {i.format for i in indicators.values()} <= set(FORMATS)


def test_unknown_format_is_refused(tmp_path):
    entry = ENTRY.format(id="a", role="need", origin="snapshot").replace('"dec1"', '"pct"')
    with pytest.raises(AtlasError, match=r"a\): format must be one of .*not 'pct'"):
        load_registry(write(tmp_path, entry))


def test_legacy_decimals_read_as_a_format(tmp_path):
    legacy = ENTRY.format(id="a", role="need", origin="user").replace(
        'format = "dec1"', "decimals = 2")
    indicator = load_registry(write(tmp_path, legacy))["a"]
    assert indicator.format == "dec2" and indicator.decimals == 2
    with pytest.raises(AtlasError, match="no number format shows 7 decimals"):
        load_registry(write(tmp_path, legacy.replace("decimals = 2", "decimals = 7")))
    both = legacy.replace("decimals = 2", 'decimals = 2\nformat = "int"')
    with pytest.raises(AtlasError, match="format or decimals, not both"):
        load_registry(write(tmp_path, both))


def test_markers_and_island_note(tmp_path):
    indicators = registry()
    drawn = {i.id for i in indicators.values() if i.markers == "acute_hospitals"}
    noted = {i.id for i in indicators.values() if i.island_note}
    assert drawn == noted == {"hospital_distance_km", "hospital_over_30km_share"}
    assert indicators["life_expectancy"].markers == "" and not indicators["gini"].island_note
    entry = ENTRY.format(id="a", role="need", origin="snapshot")
    with pytest.raises(AtlasError, match="markers must be one of"):
        load_registry(write(tmp_path, entry + 'markers = "gp_clinics"\n'))
    with pytest.raises(AtlasError, match="island_note must be true or false"):
        load_registry(write(tmp_path, entry + 'island_note = "yes"\n'))


def test_fetch_hints_for_online_core_indicators():
    hints = {i.id: i.fetch_hint for i in registry().values() if i.fetch_hint}
    assert hints == {
        "citizens_per_gp": "--only statbank",
        "age_65plus_share": "--only statbank",
        "age_80plus_share": "--only statbank",
        "chronic_prevalence_per_100k": "--only ruks --ruks URL",
        "hospital_death_share": "--only deaths --deaths FILE",
    }
    assert all(registry()[i].origin == "online" for i in hints)


def test_hospital_use_is_contact_not_outcome():
    indicator = registry()["hospital_use_share"]
    assert indicator.label_da == "Andel med sygehuskontakt"
    assert indicator.label_en == "Share with hospital contact"
    assert indicator.role == "need" and indicator.direction == "neutral"
    assert "ophold" in indicator.description_da and "outpatient" in indicator.description_en


# --- one field list: registry -> database row -> Indicator ---------------------------------

def test_record_round_trip_uses_every_field():
    indicator = registry()["hospital_distance_km"]
    record = indicator.record(7)
    assert tuple(record) == INDICATOR_COLUMNS
    assert record["sort_order"] == 7 and record["decimals"] == 1
    assert Indicator.from_record(record) == indicator
    assert Indicator.from_record({**record, "user_supplied": True}).user_supplied


def test_from_record_reads_missing_text_as_empty():
    record = {**registry()["population"].record(1), "caveats_en": None,
              "description_en": float("nan"), "user_supplied": False}
    del record["fetch_hint"]          # an optional column a reader did not select
    indicator = Indicator.from_record(record)
    assert indicator.caveats_en == "" and indicator.description_en == ""
    assert indicator.fetch_hint == "" and not indicator.user_supplied
    older = {key: value for key, value in record.items() if key != "format"}
    assert Indicator.from_record(older).format == "int"


def test_malformed_toml_names_the_file(tmp_path):
    with pytest.raises(AtlasError, match=r"reg.toml: not valid TOML"):
        load_registry(write(tmp_path, "[[indicator]\nid = "))
    with pytest.raises(AtlasError, match="unknown top-level keys"):
        load_registry(write(tmp_path, "[[indicators]]\nid = 'a'\n"))


# --- default indicator and need x access pairs ------------------------------------------------

def test_project_settings():
    assert default_indicator() == "life_expectancy"
    pairs = pair_preferences()
    assert pairs[0] == ("chronic_prevalence_per_100k", "citizens_per_gp")
    assert ("life_expectancy", "hospital_distance_km") in pairs
    indicators = registry()
    for need, access in pairs:
        assert indicators[need].role in ("need", "outcome")
        assert indicators[access].role == "supply"


SUPPLY = ENTRY.format(id="doctors", role="supply", origin="snapshot")
NEED = ENTRY.format(id="illness", role="need", origin="snapshot")
CONTEXT = ENTRY.format(id="income", role="context", origin="snapshot")
BEDS = ENTRY.format(id="beds", role="supply", origin="snapshot")


def settings_file(tmp_path, default="illness", pairs=(("illness", "doctors"),)):
    text = f'[atlas]\ndefault_indicator = "{default}"\n'
    text += "".join(f'[[pair]]\nneed = "{n}"\naccess = "{a}"\n' for n, a in pairs)
    return write(tmp_path, text, SUPPLY, NEED, CONTEXT, BEDS)


def test_settings_read_in_order(tmp_path):
    pairs = (("illness", "beds"), ("illness", "doctors"))
    settings = load_settings(settings_file(tmp_path, pairs=pairs))
    assert settings.default_indicator == "illness"
    assert settings.pairs == pairs


@pytest.mark.parametrize("default,pairs,message", [
    ("nothing", (("illness", "doctors"),), "default_indicator 'nothing' is not a registered"),
    ("illness", (("income", "doctors"),),
     "need 'income' has role 'context', expected need or outcome"),
    ("illness", (("illness", "illness"),), "access 'illness' has role 'need', expected supply"),
    ("illness", (("illness", "nurses"),), "access 'nurses' is not a registered indicator"),
    ("illness", (("illness", "doctors"), ("illness", "doctors")), "listed twice"),
])
def test_bad_settings_are_refused(tmp_path, default, pairs, message):
    with pytest.raises(AtlasError, match=message):
        load_settings(settings_file(tmp_path, default, pairs))
