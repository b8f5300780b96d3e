"""Property-based fuzzing (hypothesis, a bounded number of examples, derandomised so every run
tries the same inputs): the map's URL-state parser (`parse_state` over the `urlstate.Schema`)
and the upload reader.

- Any query parameters → a valid state and notices, never an exception; the notices carry no
  Markdown link, image or HTML however hostile the value; the state's permalink parses back to
  the same state without a notice.
- Any bytes or any small table as a CSV/.xlsx upload → a table (every data row matched or
  rejected, none dropped) or a UserDataError, never another exception; every matched value is
  finite and within the reader's bounds.
"""

from __future__ import annotations

import io
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas.connectors import userdata
from atlas.connectors.userdata import UserDataError, inspect_user_file, read_user_table
from atlas.views.map_page import SCHEMA, Choices, parse_state
from tests.conftest import examples
from tests.hostile_snapshot import PAYLOAD
from tests.test_hardening import markdown_problems

# view functions here read the build's own tables (e.g. the towns of municipal.resolve)
pytestmark = pytest.mark.usefixtures("module_db")

FUZZ = settings(max_examples=examples(150), derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

CONTEXT = Choices(
    periods={"life_expectancy": ("2021-2025",), "daily_smoking_share": ("2021", "2025"),
             "hostile": ("2024",)},
    latest={"life_expectancy": "2021-2025", "daily_smoking_share": "2025", "hostile": "2024"},
    registered=frozenset({"life_expectancy", "daily_smoking_share", "citizens_per_gp",
                          "hostile"}),
    labels={"life_expectancy": "Middellevetid", "daily_smoking_share": "Dagligrygere",
            "citizens_per_gp": "Borgere pr. lægekapacitet", "hostile": PAYLOAD},
    municipalities={101: "København", 751: "Aarhus", 147: PAYLOAD},
    regions={1084: "Region Hovedstaden", 1082: PAYLOAD},
    groups={1: "Hovedstadskommuner", 2: PAYLOAD},
)

# values people (and attackers) put in URLs: the schema's own words, numbers, Markdown, HTML
URL_WORDS = st.sampled_from([
    "life_expectancy", "daily_smoking_share", "citizens_per_gp", "hostile", "2021", "2025",
    "2021-2025", "2024", "quantiles", "equal", "jenks", "fisher_jenks", "3", "5", "7", "9",
    "0751", "101", "147", "1084", "1082", "1", "2", "kbh", "dk", "osm", "da", "en", "DA", " en ",
    "-1", "1e9", "NaN", "", " ", "![u](http://evil.example/u.png)", "[klik](http://evil.example)",
    "<img src=x onerror=alert(1)>", "`code`", ":red[x]", "$x$", "%00", "\x00", "\n# h",
])
URL_VALUES = st.one_of(URL_WORDS, st.text(max_size=300),
                       st.lists(URL_WORDS, min_size=0, max_size=3))
URL_PARAMS = st.dictionaries(st.sampled_from([*SCHEMA.names, "other", "Indicator"]),
                             URL_VALUES, max_size=len(SCHEMA.names) + 2)


@FUZZ
@given(URL_PARAMS)
def test_any_url_parses_to_a_valid_state(raw):
    state, notices = parse_state(raw, CONTEXT)
    assert state.indicator in CONTEXT.periods
    assert state.period in CONTEXT.periods[state.indicator]
    assert state.kommune is None or state.kommune in CONTEXT.municipalities
    assert state.region is None or state.region in CONTEXT.regions
    assert state.gruppe is None or state.gruppe in CONTEXT.groups
    assert state.lang in ("da", "en")
    for notice in notices:
        assert markdown_problems(notice) == [], notice
        assert len(notice) < 600
    again, no_notices = parse_state(state.to_params(CONTEXT), CONTEXT)
    assert again == state and no_notices == []


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x.xls"]))
def test_any_bytes_are_read_or_refused_with_a_reason(data, name):
    for read in (lambda: inspect_user_file(data, file_name=name),
                 lambda: read_user_table(data, file_name=name, period="2024")):
        try:
            read()
        except UserDataError:
            pass


CELLS = st.one_of(
    st.sampled_from(["København", "Kobenhavn", "Aarhus", "0751", "101", "411", "Hele landet",
                     "Region Hovedstaden", "..", "< 5", "", "12,5", "12.5", "1.234,5", "1,234.5",
                     "2024", "1000", "2021-2025", "9999", "1" + "0" * 400, "-0", "1e308",
                     "nan", "inf", PAYLOAD, "=SUM(A1)", "\ufeff", '"', ";", "\t"]),
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
)
TABLES = st.lists(st.lists(CELLS, min_size=3, max_size=3), min_size=1, max_size=25)


def _csv(rows: list[list[str]], delimiter: str) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["Kommune", "År", "Værdi"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _check(table, rows: int) -> None:
    assert len(table.rows) + len(table.rejected) + table.blank_lines == rows
    for row in table.rows:
        assert row.value is None or (math.isfinite(row.value)
                                     and abs(row.value) <= userdata.MAX_ABS_VALUE)
        first, *rest = row.period.split("-")
        assert 1900 <= int(first) <= userdata.last_allowed_year()


@FUZZ
@given(TABLES, st.sampled_from([";", ",", "\t"]), st.sampled_from(["auto", "comma", "point"]))
def test_any_small_csv_table_accounts_for_every_row(rows, delimiter, decimal):
    data = _csv(rows, delimiter)
    try:
        table = read_user_table(data, file_name="fuzz.csv", code_column=None,
                                name_column="Kommune", value_column="Værdi",
                                period_column="År", decimal=decimal, detect=False)
    except UserDataError:
        return
    _check(table, len(rows))


@settings(max_examples=examples(40), derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(CELLS, st.floats(allow_nan=True, allow_infinity=False),
                                   st.integers(min_value=-10**15, max_value=10**15),
                                   st.booleans(), st.none()),
                         min_size=3, max_size=3), min_size=1, max_size=12))
def test_any_small_workbook_accounts_for_every_row(rows):
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kommune", "År", "Værdi"])
    try:
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
    except (IllegalCharacterError, ValueError, TypeError):   # no workbook holds such a cell
        return
    try:
        table = read_user_table(buffer.getvalue(), file_name="fuzz.xlsx", name_column="Kommune",
                                value_column="Værdi", period_column="År", detect=False)
    except UserDataError:
        return
    _check(table, len(rows))
