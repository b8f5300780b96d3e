"""StatBank: CSV parsing by the documented format, every failure path, the table specs."""

from __future__ import annotations

import json

import pytest

from atlas.connectors import statbank
from atlas.connectors.common import period_label
from atlas.connectors.statbank import (
    StatbankApiError,
    StatbankClient,
    StatbankError,
    fetch_statbank,
    load_specs,
    parse_data_csv,
)
from atlas.connectors.transport import HttpStatusError, SourceTimeout, SourceUnreachable
from atlas.registry import registry
from tests.connectors.conftest import UNIVERSE
from tests.connectors.fakes import FIXTURES, STATBANK, FakeStatbank, response

SELECTION = {"KOMGRP": ["101", "825"], "Tid": ["2023", "2024"]}


def csv_body(text: str, *, bom: bool = True, crlf: bool = True) -> bytes:
    text = text.replace("\n", "\r\n") if crlf else text
    return (("\ufeff" if bom else "") + text).encode("utf-8")


GOOD = "KOMGRP;TID;INDHOLD\n101;2023;1895\n101;2024;1914,5\n825;2023;..\n825;2024;1286\n"


@pytest.mark.parametrize("bom, crlf", [(True, True), (False, True), (True, False), (False, False)])
def test_csv_is_parsed_by_header_with_or_without_bom_and_crlf(bom: bool, crlf: bool) -> None:
    rows = parse_data_csv(csv_body(GOOD, bom=bom, crlf=crlf), table="LABY27",
                          selection=SELECTION, area="KOMGRP")
    values = {(r.codes["KOMGRP"], r.codes["Tid"]): r.value for r in rows}
    assert values == {("101", "2023"): 1895.0, ("101", "2024"): 1914.5,   # decimal comma
                      ("825", "2023"): None, ("825", "2024"): 1286.0}     # '..' = suppressed


def test_columns_are_found_by_name_not_position() -> None:
    text = "TID;KOMGRP;INDHOLD\n2023;101;1\n2024;101;2\n2023;825;3\n2024;825;4\n"
    rows = parse_data_csv(csv_body(text), table="LABY27", selection=SELECTION)
    assert {(r.codes["KOMGRP"], r.codes["Tid"]): r.value for r in rows}[("825", "2023")] == 3.0


@pytest.mark.parametrize("body, message", [
    (GOOD[:-12], "line 5: row has 1 field"),                                # cut inside the last row
    (GOOD.rsplit("\n", 2)[0] + "\n", "has 3 of the 4 requested rows"),  # cut at a line end
    ("", "empty"),
    (GOOD.replace("825;2024;1286", "825;2024;"), "empty value"),
    (GOOD.replace("KOMGRP;", "OMRÅDE;"), "reshaped.*missing KOMGRP"),
    (GOOD.replace(";INDHOLD", ";VÆRDI"), "reshaped.*missing INDHOLD"),
    (GOOD.replace("KOMGRP;TID;INDHOLD", "KOMGRP;KØN;TID;INDHOLD").replace("101;2", "101;TOT;2")
     .replace("825;2", "825;TOT;2"), "unexpected KØN"),
    (GOOD.replace("825;2024", "999;2024"), "line 5, column 'KOMGRP': unknown area code '999'"),
    (GOOD.replace("1914,5", "1.914,5x"), "expected a number"),
    (GOOD + "101;2023;1895\n", "duplicate row"),
])
def test_bad_responses_are_refused_with_line_and_column(body: str, message: str) -> None:
    with pytest.raises(StatbankError, match=message) as caught:
        parse_data_csv(csv_body(body), table="LABY27", selection=SELECTION, area="KOMGRP")
    assert "Statistics Denmark (StatBank API), table LABY27" in str(caught.value)


def test_error_body_with_http_400_names_table_and_code(transport, fake) -> None:
    fake.script("LABY27", lambda m, u, p: FakeStatbank()(m, u, p),   # tableinfo passes
                response((FIXTURES / "statbank" / "error_notfound.json").read_bytes(), 400))
    with pytest.raises(StatbankApiError) as caught:
        fetch_statbank(transport, UNIVERSE, tables=["LABY27"])
    assert caught.value.code == "EXTRACT-NOTFOUND"
    assert "table LABY27" in str(caught.value) and "Værdien blev ikke fundet" in str(caught.value)
    assert "HTTP 400" in str(caught.value)


def test_error_body_even_with_http_200_is_an_error() -> None:
    body = (FIXTURES / "statbank" / "error_limit.json").read_bytes()
    with pytest.raises(StatbankApiError, match="REQUEST-LIMIT.*1.000.000 celler"):
        parse_data_csv(body, table="FOLK1A", selection=SELECTION)


def test_http_500_then_success_is_retried(transport, fake, sleeps) -> None:
    fake.script("LABY27", response("Internal Server Error", 500), response("", 503))
    result = fetch_statbank(transport, UNIVERSE, tables=["LABY27"])
    assert sleeps == [1.0, 2.0]
    assert any(o.indicator == "citizens_per_gp" and o.value for o in result.observations)


def test_http_500_without_error_body_names_the_source(transport, fake) -> None:
    fake.script("LABY27", *[response("<html>Server Error</html>", 500)] * 4)
    with pytest.raises(HttpStatusError, match=r"Statistics Denmark \(StatBank API\), table LABY27: "
                                              r"HTTP 500"):
        fetch_statbank(transport, UNIVERSE, tables=["LABY27"])


@pytest.mark.parametrize("error", [SourceUnreachable("Statistics Denmark (StatBank API), table "
                                                     "LABY27: could not resolve the host name "
                                                     "api.statbank.dk (DNS); are you online?"),
                                   SourceTimeout("Statistics Denmark (StatBank API), table LABY27:"
                                                 " no answer from api.statbank.dk within 120 s")])
def test_connection_failures_surface_after_retries(transport, fake, error) -> None:
    fake.script("LABY27", *[error] * 4)
    with pytest.raises(type(error), match="table LABY27.*gave up after 4 attempts"):
        fetch_statbank(transport, UNIVERSE, tables=["LABY27"])


def test_requests_use_codes_danish_csv_and_explicit_municipalities(transport, fake) -> None:
    fetch_statbank(transport, UNIVERSE, tables=["FOLK1A", "LABY27"])
    (folk1a,) = fake.data_calls("FOLK1A")
    assert (folk1a["format"], folk1a["lang"], folk1a["valuePresentation"]) == ("CSV", "da", "Code")
    variables = {v["code"]: v["values"] for v in folk1a["variables"]}
    assert sorted(map(int, variables["OMRÅDE"])) == sorted(UNIVERSE)   # no 000, 084, 411
    assert variables["Tid"] == ["2026K1"]                                # latest quarter
    assert variables["ALDER"][0] == "IALT" and variables["ALDER"][1:] == [str(a) for a in range(65, 126)]
    (laby27,) = fake.data_calls("LABY27")
    assert {v["code"]: v["values"] for v in laby27["variables"]}["Tid"] == [
        str(y) for y in range(2015, 2025)]


def test_all_tables_give_the_expected_indicators(transport) -> None:
    result = fetch_statbank(transport, UNIVERSE)
    values = {(o.indicator, o.kommune_kode, o.period): o.value for o in result.observations}
    assert values[("population", 101, "2026")] == 671714
    assert values[("age_65plus_share", 825, "2026")] == pytest.approx(36.0, abs=0.1)
    assert values[("age_80plus_share", 400, "2026")] == pytest.approx(9.0, abs=0.1)
    assert values[("citizens_per_gp", 825, "2019")] is None           # '..' stays empty
    assert values[("citizens_per_gp", 101, "2015")] == 1650
    assert values[("life_expectancy", 147, "2021-2025")] == pytest.approx(82.6)
    assert values[("life_expectancy", 825, "2021-2025")] is None      # not in the table
    assert values[("hospital_use_share", 101, "2022")] == pytest.approx(42.95, abs=0.01)
    assert values[("gp_contact_share", 147, "2024")] == pytest.approx(82.99, abs=0.01)
    assert values[("home_nursing_per_1000", 400, "2025")] == pytest.approx(42.09, abs=0.05)
    assert values[("gini", 101, "2024")] == pytest.approx(34.97)
    assert values[("child_poverty_share", 825, "2024")] is None
    assert 75 < values[("education_share", 101, "2025")] < 90
    assert result.owned_indicators == {d.indicator for t in load_specs().tables
                                       for d in t.derivations}
    sources = {row["source"]: row for row in result.source_rows}
    assert "2026K1 vist som 2026" in sources["dst_folk1a"]["title"]
    assert result.manifest["population_denominator"]["quarter_by_year"] == {
        "2024": "2024K3", "2025": "2025K3"}


def _info_with(table: str, change) -> bytes:
    info = json.loads((FIXTURES / "statbank" / f"tableinfo_{table}.json").read_text())
    change(info)
    return json.dumps(info, ensure_ascii=False).encode()


def _variable(info: dict, variable_id: str) -> dict:
    return next(v for v in info["variables"] if v["id"] == variable_id)


@pytest.mark.parametrize("table, change, message", [
    ("HISBK", lambda i: _variable(i, "KØN").update(values=[{"id": "M", "text": "Mænd"}]),
     "variable KØN: code 'TOT' does not exist"),
    ("HISBK", lambda i: _variable(i, "OMRÅDE").update(id="BOPKOM"),
     "area variable 'OMRÅDE' is missing"),
    ("HISBK", lambda i: i["variables"].insert(1, {"id": "HERKOMST", "text": "herkomst",
                                                  "elimination": False, "time": False,
                                                  "values": [{"id": "1", "text": "x"}]}),
     "variable 'HERKOMST' must be selected"),
    ("HISBK", lambda i: _variable(i, "OMRÅDE")["values"].append({"id": "999", "text": "Aarhus"}),
     "unknown area code '999' for 'Aarhus'"),
    ("HISBK", lambda i: _variable(i, "OMRÅDE")["values"][1].update(text="Aalborg"),
     "codes and names disagree"),
    ("RAS200", lambda i: _variable(i, "ALDER").update(values=[{"id": "15-74", "text": "x"}]),
     r"none of \['16-64', '1666', '16-65'\] exists"),
])
def test_a_changed_table_is_refused_before_any_data_request(transport, fake, table, change,
                                                           message) -> None:
    fake.routes[STATBANK] = FakeStatbank(overrides={f"tableinfo_{table}": _info_with(table, change)})
    with pytest.raises(StatbankError, match=message):
        fetch_statbank(transport, UNIVERSE, tables=[table])
    assert fake.data_calls(table) == []


def test_truncated_tableinfo_is_refused(transport, fake) -> None:
    body = (FIXTURES / "statbank" / "tableinfo_LABY27.json").read_bytes()[:200]
    fake.routes[STATBANK] = FakeStatbank(overrides={"tableinfo_LABY27": body})
    with pytest.raises(StatbankError, match="not the expected JSON.*truncated"):
        fetch_statbank(transport, UNIVERSE, tables=["LABY27"])


def test_large_requests_are_split_by_period() -> None:
    selection = {"OMRÅDE": [str(i) for i in range(100)], "ALDER": [str(i) for i in range(130)],
                 "Tid": [f"20{y:02d}K1" for y in range(20)]}
    chunks = list(statbank._chunks(selection, "Tid"))
    assert len(chunks) > 1 and sum(len(c["Tid"]) for c in chunks) == 20
    for chunk in chunks:
        assert len(chunk["OMRÅDE"]) * len(chunk["ALDER"]) * len(chunk["Tid"]) * 4 <= 1_000_000


@pytest.mark.parametrize("code, collapse, label", [
    ("2024", False, "2024"), ("2021:2025", False, "2021-2025"), ("2026K1", True, "2026"),
    ("2025M03", True, "2025"), ("2025H1", True, "2025")])
def test_period_labels(code: str, collapse: bool, label: str) -> None:
    assert period_label(code, collapse_to_year=collapse) == label


def test_quarters_are_not_silently_turned_into_years() -> None:
    with pytest.raises(Exception, match="unexpected period code '2026K1'"):
        period_label("2026K1")


def test_specs_feed_registered_indicators_with_matching_sources() -> None:
    specs, known = load_specs(), registry()
    for table in specs.tables:
        for derivation in table.derivations:
            assert derivation.indicator in known, derivation.indicator
            assert known[derivation.indicator].source == table.source, derivation.indicator
    expected = {"FOLK1A", "LABY27", "SUNDAF01", "HISBK", "SBR01", "SYGP1", "HJEMSYG", "HFUDD11",
                "RAS200", "LABY07", "IFOR41"}
    assert {t.id for t in specs.tables} == expected


def test_client_tableinfo_parses_variables(transport) -> None:
    info = StatbankClient(transport).tableinfo("LABY27")
    assert info.time_variable.id == "Tid" and info.variable("komgrp").id == "KOMGRP"
    assert "000" in info.variable("KOMGRP").codes
