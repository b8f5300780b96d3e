"""Two languages for every UI string; Danish and English number formatting; "no data"."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from atlas.i18n import (
    STRINGS,
    format_count,
    format_datetime,
    format_number,
    format_range,
    format_value,
    is_missing,
    parse_lang,
    t,
)
from atlas.registry import registry


@pytest.mark.parametrize("value, decimals, da, en", [
    (1234.5, 1, "1.234,5", "1,234.5"),
    (1234567, 0, "1.234.567", "1,234,567"),
    (0.05, 1, "0,1", "0.1"),          # half-up, not banker's rounding
    (2.675, 2, "2,68", "2.68"),       # as written, not as the binary float
    (12.25, 1, "12,3", "12.3"),
    (-1234.56, 1, "-1.234,6", "-1,234.6"),
    (-0.04, 1, "0,0", "0.0"),         # no negative zero
    (999.96, 1, "1.000,0", "1,000.0"),
    (7, 0, "7", "7"),
    (np.float64(81.55), 1, "81,6", "81.6"),
    (np.int64(98), 0, "98", "98"),
    (Decimal("3.14159"), 3, "3,142", "3.142"),
])
def test_number_format(value, decimals, da, en):
    assert format_number(value, decimals, "da") == da
    assert format_number(value, decimals, "en") == en


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_missing_values_read_no_data_never_zero(missing):
    assert is_missing(missing)
    assert format_number(missing, 1, "da") == "ingen data"
    assert format_number(missing, 1, "en") == "no data"
    indicator = registry()["life_expectancy"]
    assert format_value(missing, indicator, "da") == "ingen data"
    assert format_value(missing, indicator, "en") == "no data"


def test_numbers_beyond_the_default_decimal_precision_keep_every_digit():
    assert format_number(1.5e30, 1, "da") == "1.500.000.000.000.000.000.000.000.000.000,0"
    assert format_number(-1.7e308, 0, "en").startswith("-170,000,000,")
    assert format_number(float("inf"), 1, "da") == "∞"
    assert format_number(float("-inf"), 1, "en") == "-∞"


def test_zero_is_a_value():
    assert not is_missing(0) and format_number(0, 1, "da") == "0,0"


def test_format_value_uses_registry_decimals_and_unit():
    smoking = registry()["daily_smoking_share"]
    assert format_value(12.345, smoking, "da") == f"12,3 {smoking.unit_da}"
    assert format_value(12.345, smoking, "en") == f"12.3 {smoking.unit_en}"
    assert format_value(12.345, smoking, "en", unit=False) == "12.3"
    population = registry()["population"]
    assert format_value(671714, population, "da").startswith("671.714")


def test_range_and_count():
    assert format_range(1.25, 1234.5, 1, "da") == "1,3 – 1.234,5"
    assert format_range(1.25, 1234.5, 1, "en") == "1.3 – 1,234.5"
    assert format_count(1, "da") == "1 kommune"
    assert format_count(12, "en") == "12 municipalities"
    assert format_count(1234, "da") == "1.234 kommuner"


def test_every_string_exists_in_both_languages_with_the_same_fields():
    for key, (da, en) in STRINGS.items():
        assert da.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)}", da)) == set(re.findall(r"{(\w+)}", en)), key


def test_registry_labels_exist_in_both_languages():
    for indicator in registry().values():
        assert indicator.label("da") and indicator.label("en")
        assert indicator.description("da") and indicator.description("en")
        assert t(f"role.{indicator.role}", "en") and t(f"direction.{indicator.direction}", "da")


def test_t_fills_fields_and_rejects_unknown_keys():
    assert t("map.group_avg", "da", group="Hovedstadskommuner") == \
        "Gennemsnit, Hovedstadskommuner"
    assert t("map.group_avg", "en", group="Capital municipalities") == \
        "Average, Capital municipalities"
    with pytest.raises(KeyError):
        t("no.such.key", "da")


def test_parse_lang():
    assert parse_lang(None) == ("da", True)
    assert parse_lang("en") == ("en", True)
    assert parse_lang("EN") == ("en", True)
    assert parse_lang("fr") == ("da", False)


def test_format_datetime():
    assert format_datetime("2026-11-22T05:42:53+00:00", "da") == "22. november 2026 kl. 05.42 UTC"
    assert format_datetime("2026-11-22T05:42:53+00:00", "en") == "22 November 2026, 05:42 UTC"
    assert format_datetime("2026-01-02T23:05:00+02:00", "da") == "2. januar 2026 kl. 23.05"
    assert format_datetime("2026-01-02T23:05:00", "en") == "2 January 2026, 23:05"
    assert format_datetime(None, "da") is None
    assert format_datetime("not a date", "en") == "not a date"
