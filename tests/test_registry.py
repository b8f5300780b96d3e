"""The indicator registry: the project file is complete and well-formed; bad files fail."""

from __future__ import annotations

import pytest

from atlas.errors import AtlasError
from atlas.registry import load_registry, registry, registry_for_sources

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
decimals = 1
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
