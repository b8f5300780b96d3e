"""`atlas fetch` end to end over the fake transport: the snapshot it writes, every failure path
(nothing written, previous snapshot intact), caching, and `atlas build` on the result."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

import atlas.commands.fetch as fetch_command
from atlas import cli
from atlas.connectors.transport import ResilientTransport, SourceTimeout, SourceUnreachable
from tests.connectors.conftest import DAGI_URL, DEATHS_URL, RUKS_URL, UNIVERSE
from tests.connectors.fakes import FIXTURES, FakeStatbank, response

ALL_SOURCES = ["--ruks", RUKS_URL, "--deaths", DEATHS_URL]
ENVIRONMENT = ("ATLAS_RUKS_URL", "ATLAS_DEATHS_FILE", "ATLAS_DAGI_URL", "ATLAS_DAGI_APIKEY",
               "ATLAS_DAGI_TYPENAME", "ATLAS_STATBANK_URL", "ATLAS_DAGI_USERNAME",
               "ATLAS_DAGI_PASSWORD")


@pytest.fixture
def run(monkeypatch, transport, base, tmp_path):
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ATLAS_DAGI_USERNAME", "alice")
    monkeypatch.setenv("ATLAS_DAGI_PASSWORD", "s3cret")
    monkeypatch.setattr(fetch_command, "make_transport", lambda options: transport)
    monkeypatch.setenv("COLUMNS", "1000")                     # no line wrapping in messages
    monkeypatch.setattr(cli, "console", Console(stderr=True, width=1000))

    def run_fetch(*extra: str, out: Path | None = None) -> int:
        return cli.main(["fetch", "--out", str(out or tmp_path / "out"), "--base", str(base),
                         *extra])
    return run_fetch


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def state(directory: Path) -> dict[str, str]:
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_fetch_writes_a_snapshot_the_build_can_read(run, tmp_path, capsys) -> None:
    assert run(*ALL_SOURCES) == 0
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} == {
        "municipalities.csv", "observations.csv", "sources.csv", "hospitals.csv", "boundaries",
        "fetch_manifest.json", "README.md"}
    observations = rows(out / "observations.csv")
    by_indicator = {}
    for row in observations:
        by_indicator.setdefault(row["indicator"], []).append(row)
    for indicator in ("citizens_per_gp", "chronic_prevalence_per_100k", "hospital_death_share",
                      "age_65plus_share", "population", "chronic_copd_per_100k", "gini"):
        assert {int(r["kommune_kode"]) for r in by_indicator[indicator]} == UNIVERSE, indicator
    assert {r["period"] for r in by_indicator["population"]} == {"2026"}       # base 2025 replaced
    assert len(by_indicator["daily_smoking_share"]) == 6                       # kept from base
    assert any(r["value"] == "" for r in by_indicator["citizens_per_gp"])      # '..' stays empty
    assert all(r["value"] != "0" for r in by_indicator["hospital_death_share"])
    sources = {r["source"]: r for r in rows(out / "sources.csv")}
    assert {"dst_laby27", "sds_ruks", "sds_doedsaarsag", "dagi", "sundhedsprofil"} <= set(sources)
    manifest = (out / "fetch_manifest.json").read_text(encoding="utf-8")
    assert "s3cret" not in manifest and json.loads(manifest)["fetched"] == [
        "statbank", "ruks", "deaths", "dagi"]
    boundaries = json.loads((out / "boundaries" / "kommuner.geojson").read_text(encoding="utf-8"))
    assert len(boundaries["features"]) == 6
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]
    assert "Wrote" in capsys.readouterr().err

    from atlas.build.snapshot import read_snapshot
    from atlas.registry import registry_for_sources
    read_snapshot(out, set(registry_for_sources(out)))


def _statbank_data(table: str, mangle):
    def answer(method, url, payload):
        real = FakeStatbank()(method, url, payload)
        return response(mangle(real.body)) if payload.get("table") == table else real
    return answer


def _is_data(table: str):
    return lambda method, url, payload: url.endswith("/data") and payload.get("table") == table


ERROR_400 = (FIXTURES / "statbank" / "error_notfound.json").read_bytes()
FAILURES = {
    "dns": ("tableinfo", [(SourceUnreachable, "could not resolve the host name api.statbank.dk "
                                              "(DNS); are you online?")] * 4,
            r"Statistics Denmark \(StatBank API\).*DNS.*gave up after 4 attempts"),
    "http 400 errorTypeCode": (_is_data("LABY27"), [response(ERROR_400, 400)],
                               r"table LABY27: DST refused the data request \(HTTP 400, "
                               r"EXTRACT-NOTFOUND\): Værdien blev ikke fundet"),
    "http 503 persistent": (_is_data("HISBK"), [response("busy", 503)] * 4,
                            r"table HISBK: HTTP 503 \(server error\)"),
    "timeout": (RUKS_URL, [(SourceTimeout, "no answer from cdn1.gopublic.dk within 120 s")] * 4,
                r"RUKS workbook: no answer.*gave up after 4 attempts"),
    "truncated csv": (_is_data("LABY27"),
                      [_statbank_data("LABY27", lambda body: body[: len(body) // 2])],
                      r"table LABY27, data response.*truncated"),
    "reshaped header": (_is_data("SBR01"),
                        [_statbank_data("SBR01", lambda b: b.replace(b"OPHOLD_P\xc3\x85_SYGEHUS",
                                                                     b"OPHOLD"))],
                        r"table SBR01.*reshaped.*missing OPHOLD_PÅ_SYGEHUS"),
    "unknown area code": (_is_data("LABY27"),
                          [_statbank_data("LABY27", lambda b: b.replace(b"\r\n825;", b"\r\n999;"))],
                          r"table LABY27.*unknown area code '999'"),
    "implausible value": (_is_data("IFOR41"),
                          [_statbank_data("IFOR41", lambda b: b.replace(b"34,97", b"3497"))],
                          r"gini, municipality 101, 2024: value 3497 is outside the plausible"),
    "corrupt xlsx": (RUKS_URL, [lambda m, u, p: response(b"PK\x03\x04" + b"\x00" * 500)],
                     r"RUKS workbook \(https://cdn1.gopublic.dk/.*/RUKS.XLSX\): the workbook is damaged or truncated"),
    "web page instead of xlsx": (RUKS_URL, [response("<!DOCTYPE html><html>Siden findes ikke")],
                                 r"not an .xlsx workbook \(it looks like a web page"),
    "ruks 404": (RUKS_URL, [response("<html>Not found</html>", 404)],
                 r"Sundhedsdatastyrelsen RUKS workbook: HTTP 404"),
    "region-level deaths file": (DEATHS_URL, [response(
        (FIXTURES / "deaths" / "doedssted_regioner.csv").read_bytes())], r"region-level file"),
    "dagi missing municipality": (DAGI_URL, [response(json.dumps({
        "type": "FeatureCollection", "features": json.loads(
            (FIXTURES / "dagi" / "datafordeler_wfs_latlon.geojson").read_text())["features"][:5]}))],
        r"DAGI municipal boundaries.*no boundary for 1 municipality: 825 Læsø"),
}


@pytest.mark.parametrize("scenario", list(FAILURES))
def test_a_failing_source_writes_nothing_and_keeps_the_previous_snapshot(
        scenario, run, fake, base, tmp_path, capsys) -> None:
    previous = tmp_path / "out"
    shutil.copytree(base, previous)
    (previous / "marker.txt").write_text("previous snapshot", encoding="utf-8")
    before = state(previous)
    match, outcomes, message = FAILURES[scenario]
    fake.script(match, *outcomes)

    assert run(*ALL_SOURCES) == 1
    error = " ".join(capsys.readouterr().err.split())
    assert "atlas fetch failed" in error
    import re
    assert re.search(message, error), error
    assert "Nothing was written" in error
    assert state(previous) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base", "out"]   # no temp dirs left


def test_a_snapshot_the_build_would_refuse_is_not_published(run, base, tmp_path, capsys) -> None:
    (base / "hospitals.csv").write_text(
        "name,region,town,kind,lat,lon,coord_confidence,coord_source,status_source\n"
        "Klinik,Hovedstaden,Rønne,akutklinik,55.1,14.7,low,x,x\n", encoding="utf-8")
    assert run("--only", "statbank") == 1
    assert "no hospital of kind 'akutmodtagelse'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_http_500_then_success_completes(run, fake, sleeps) -> None:
    fake.script(_is_data("LABY27"), response("Internal Server Error", 500))
    fake.script(RUKS_URL, (SourceUnreachable, "connection reset"))
    assert run(*ALL_SOURCES) == 0
    assert sleeps == [1.0, 1.0]


def test_unconfigured_sources_are_skipped_unless_asked_for(run, monkeypatch, tmp_path,
                                                           capsys) -> None:
    monkeypatch.delenv("ATLAS_DAGI_USERNAME")
    assert run() == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "ruks skipped — RUKS has no stable URL" in err and "deaths skipped" in err
    assert "dagi skipped" in err
    out = tmp_path / "out"
    indicators = {r["indicator"] for r in rows(out / "observations.csv")}
    assert "citizens_per_gp" in indicators and "chronic_prevalence_per_100k" not in indicators
    assert json.loads((out / "fetch_manifest.json").read_text())["fetched"] == ["statbank"]

    assert run("--only", "ruks", out=tmp_path / "other") == 1
    assert "ruks was asked for but is not configured" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


def test_sources_can_come_from_environment_and_local_files(run, monkeypatch, tmp_path,
                                                           ruks_bytes) -> None:
    (tmp_path / "ruks.xlsx").write_bytes(ruks_bytes)
    monkeypatch.setenv("ATLAS_RUKS_URL", str(tmp_path / "ruks.xlsx"))
    monkeypatch.setenv("ATLAS_DEATHS_FILE", str(FIXTURES / "deaths" / "doedssted_kommuner.csv"))
    assert run("--only", "ruks", "deaths", "--ruks-include-part-year") == 0
    periods = {r["period"] for r in rows(tmp_path / "out" / "observations.csv")
               if r["indicator"] == "chronic_prevalence_per_100k"}
    assert "2025" in periods


def test_one_table_replaces_only_its_indicators(run, tmp_path) -> None:
    assert run("--only", "statbank", "--tables", "LABY27") == 0
    indicators = {r["indicator"] for r in rows(tmp_path / "out" / "observations.csv")}
    assert indicators == {"citizens_per_gp", "daily_smoking_share", "population"}


def test_raw_responses_are_cached_and_reused(monkeypatch, fake, base, tmp_path) -> None:
    cached = ResilientTransport(fake, cache_dir=tmp_path / "cache", sleep=lambda s: None,
                                min_interval=0)
    monkeypatch.setattr(fetch_command, "make_transport", lambda options: cached)
    arguments = ["fetch", "--only", "statbank", "--base", str(base), "--tables", "LABY27", "HISBK"]
    assert cli.main([*arguments, "--out", str(tmp_path / "a")]) == 0
    calls = len(fake.calls)
    assert len(list((tmp_path / "cache").glob("*.body"))) == calls
    assert cli.main([*arguments, "--out", str(tmp_path / "b")]) == 0
    assert len(fake.calls) == calls                                      # all from the cache
    manifest = json.loads((tmp_path / "b" / "fetch_manifest.json").read_text())
    assert all(request["from_cache"] for request in manifest["requests"])


BUILD_AVAILABLE = importlib.util.find_spec("atlas.commands.build") is not None


@pytest.mark.skipif(not BUILD_AVAILABLE, reason="atlas build (atlas.commands.build) is not "
                                                "available yet; the lead's build step is needed")
def test_fetch_then_build_has_the_four_core_online_indicators(run, tmp_path) -> None:
    import duckdb

    assert run(*ALL_SOURCES) == 0
    database = tmp_path / "atlas.duckdb"
    assert cli.main(["build", "--sources", str(tmp_path / "out"), "--out", str(database),
                     "--expect-municipalities", str(len(UNIVERSE))]) == 0
    connection = duckdb.connect(str(database), read_only=True)
    try:
        for indicator in ("citizens_per_gp", "chronic_prevalence_per_100k",
                          "hospital_death_share", "age_65plus_share"):
            found = connection.execute(
                "SELECT DISTINCT kommune_kode FROM indicator_values "
                "WHERE indicator_id = ? AND value IS NOT NULL", [indicator]).fetchall()
            assert {code for (code,) in found} == UNIVERSE, indicator
        derived = connection.execute(
            "SELECT count(*) FROM indicator_values WHERE indicator_id = 'chronic_per_gp_capacity' "
            "AND value IS NOT NULL").fetchone()[0]
        assert derived > 0
    finally:
        connection.close()
