"""Every way a source snapshot can be wrong fails the build with a message naming the file
and the problem, and leaves an existing database untouched."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from atlas.build.pipeline import build_database
from atlas.cli import main
from atlas.errors import AtlasError, CheckFailed, SourceError
from tests.conftest import QUIET

MINI = 4


def build(sources: Path, out: Path, expected: int = MINI):
    return build_database(sources, out, console=QUIET, expected_municipalities=expected)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rewrite(path: Path, change) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_mini_snapshot_builds(mini_sources, tmp_path):
    report = build(mini_sources, tmp_path / "atlas.duckdb")
    assert report.rows["municipalities"] == 4
    assert report.rows["municipality_shape"] == 4


def test_mini_snapshot_fails_the_98_check_by_default(mini_sources, tmp_path):
    with pytest.raises(CheckFailed, match=r"(?s)checks/010_municipality_count.*municipalities=4"):
        build(mini_sources, tmp_path / "atlas.duckdb", expected=98)
    assert not (tmp_path / "atlas.duckdb").exists()


@pytest.mark.parametrize("file", ["municipalities.csv", "observations.csv", "sources.csv",
                                  "hospitals.csv", "boundaries/kommuner.geojson"])
def test_missing_file(mini_sources, tmp_path, file):
    (mini_sources / file).unlink()
    with pytest.raises(SourceError, match=rf"{re.escape(file)}: file is missing"):
        build(mini_sources, tmp_path / "atlas.duckdb")


def test_missing_directory(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        build(tmp_path / "nowhere", tmp_path / "atlas.duckdb")


def with_features(text: str, change) -> str:
    document = json.loads(text)
    document["features"] = change(document["features"])
    return json.dumps(document)


def with_ring(text: str, feature: int, change) -> str:
    """The GeoJSON with the outer ring of the `feature`-th feature (0-based) changed."""
    def changed(features):
        ring = features[feature]["geometry"]["coordinates"][0]
        features[feature]["geometry"]["coordinates"][0] = change(ring)
        return features
    return with_features(text, changed)


# (file, change, expected message fragment)
MINI_CORRUPTIONS = {
    "malformed row": ("observations.csv",
                      lambda text: text.replace("population,902,2026,20000,dst_folk1a",
                                                "population,902,2026"),
                      r"observations.csv, line 3: row has 3 fields, expected 5"),
    "text in value": ("observations.csv",
                      lambda text: text.replace("20000", "tyve tusind"),
                      r"observations.csv, line 3, column 'value': expected a number.*'tyve tusind'"),
    "bad period": ("observations.csv",
                   lambda text: text.replace("2021-2025", "2021/25", 1),
                   r"column 'period': expected a period like 2024"),
    "unknown municipality": ("observations.csv",
                             lambda text: text.replace("population,904", "population,999"),
                             r"line 5, column 'kommune_kode': unknown municipality code 999"),
    "duplicate key": ("observations.csv",
                      lambda text: text + "population,901,2026,1,dst_folk1a\n",
                      r"duplicate key .*'kommune_kode': 901.*first on line 2"),
    "duplicate municipality": ("municipalities.csv",
                               lambda text: text + text.splitlines()[1] + "\n",
                               r"municipalities.csv, line 6: duplicate key"),
    "unregistered indicator": ("observations.csv",
                               lambda text: text.replace("population,901", "populace,901"),
                               r"indicator 'populace' is not in the indicator registry"),
    "unknown source": ("observations.csv",
                       lambda text: text.replace("2026,60000,dst_folk1a", "2026,60000,dst_nope"),
                       r"unknown source 'dst_nope'"),
    "column dropped": ("municipalities.csv",
                       lambda text: "\n".join(",".join(line.split(",")[:5])
                                              for line in text.splitlines()) + "\n",
                       r"municipalities.csv, line 1: header lacks column\(s\) kommunegruppe_name"),
    "empty file": ("sources.csv", lambda text: "", r"sources.csv, line 1: file is empty"),
    "header only": ("hospitals.csv", lambda text: text.splitlines()[0] + "\n",
                    r"hospitals.csv: file has a header but no rows"),
    "bad hospital kind": ("hospitals.csv", lambda text: text.replace("akutklinik", "skadestue"),
                          r"column 'kind': expected one of akutmodtagelse, akutklinik"),
    "swapped coordinates": ("hospitals.csv", lambda text: text.replace("56.1,9.1", "9.1,56.1"),
                            r"column 'lat': expected a number between 54.0 and 58.0"),
    "no acute hospital": ("hospitals.csv",
                          lambda text: text.replace("akutmodtagelse", "akutklinik"),
                          r"no hospital of kind 'akutmodtagelse'"),
    "unquoted comma": ("sources.csv", lambda text: text.replace("Befolkningen", "Befolk,ningen"),
                       r"sources.csv, line 2: row has 7 fields"),
    "not utf-8": ("municipalities.csv",
                  None,  # written as Latin-1 below
                  r"municipalities.csv: not valid UTF-8"),
    "truncated geojson": ("boundaries/kommuner.geojson", lambda text: text[: len(text) // 2],
                          r"kommuner.geojson: not valid GeoJSON"),
    "geojson without code": ("boundaries/kommuner.geojson",
                             lambda text: text.replace('"KOMKODE": "0903"', '"KODE": "0903"'),
                             r"feature #3: expected KOMKODE like '0101', found None"),
    "geojson point": ("boundaries/kommuner.geojson",
                      lambda text: json.dumps({"type": "FeatureCollection", "features": [
                          {"type": "Feature", "properties": {"KOMKODE": "0901"},
                           "geometry": {"type": "Point", "coordinates": [9.0, 56.0]}}]}),
                      r"expected a Polygon or MultiPolygon, found .Point."),
    "boundary missing": ("boundaries/kommuner.geojson",
                         lambda text: json.dumps({**json.loads(text), "features":
                                                  json.loads(text)["features"][:3]}),
                         r"no boundary for municipality code\(s\) \[904\]"),
    "extra municipality column": ("municipalities.csv",
                                  lambda text: "".join(line + ",x\n"
                                                       for line in text.splitlines()),
                                  r"municipalities.csv, line 1: unexpected column\(s\) 'x'"),
    "extra observation column": ("observations.csv",
                                 lambda text: text.replace("value,source", "value,source,note")
                                 .replace("\n", ",\n").replace("note,", "note"),
                                 r"observations.csv, line 1: unexpected column\(s\) 'note'"),
    "duplicated feature": ("boundaries/kommuner.geojson",
                           lambda text: with_features(text, lambda fs: fs + [fs[1]]),
                           r"kommuner.geojson: feature #5 \(KOMKODE 0902, Prøvested\) "
                           r"duplicates feature #2"),
    "unclosed ring": ("boundaries/kommuner.geojson",
                      lambda text: with_ring(text, 0, lambda ring: ring[:-1]),
                      r"feature #1 \(KOMKODE 0901, Testby\): a ring is not closed: it starts "
                      r"at \[9.0, 56.0\] and ends at \[9.0, 56.2\]"),
    "three-position ring": ("boundaries/kommuner.geojson",
                            lambda text: with_ring(text, 0, lambda ring: [ring[0], ring[1],
                                                                          ring[0]]),
                            r"feature #1 \(KOMKODE 0901, Testby\): a ring has 3 position\(s\)"),
    "ring of numbers": ("boundaries/kommuner.geojson",
                        lambda text: with_ring(text, 0, lambda ring: [9.0, 56.0, 9.1, 56.0]),
                        r"feature #1 \(KOMKODE 0901, Testby\): a ring must be a list of "),
    "polygon at 0,0": ("boundaries/kommuner.geojson",
                       lambda text: with_ring(text, 2, lambda ring: [[x - 9.0, y - 55.8]
                                                                     for x, y, *_ in ring]),
                       r"kommuner.geojson: feature #3 \(KOMKODE 0903, Eksempelø\) lies outside "
                       r"Denmark .*longitude 0…0.2, latitude 0…0.2"),
    "latitude and longitude swapped": ("boundaries/kommuner.geojson",
                                       lambda text: with_ring(text, 3, lambda ring: [
                                           [y, x] for x, y, *_ in ring]),
                                       r"feature #4 \(KOMKODE 0904, Fjernkommune\) lies outside "
                                       r"Denmark: .*latitude and longitude look swapped"),
    "boundary unknown": ("municipalities.csv",
                         lambda text: "\n".join(text.splitlines()[:-1]) + "\n",
                         r"(unknown municipality code 904|boundaries for unknown municipality)"),
}


@pytest.mark.parametrize("case", sorted(MINI_CORRUPTIONS))
def test_corrupt_mini_snapshot_leaves_database_untouched(mini_sources, tmp_path, case):
    out = tmp_path / "atlas.duckdb"
    build(mini_sources, out)
    before = digest(out)
    file, change, message = MINI_CORRUPTIONS[case]
    path = mini_sources / file
    if change is None:
        path.write_bytes(path.read_text(encoding="utf-8").replace("ø", "ø").encode("latin-1"))
    else:
        rewrite(path, change)
    with pytest.raises(SourceError, match=message):
        build(mini_sources, out)
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.duckdb", "mini"]


def test_value_outside_plausible_range_fails_check_with_rows(mini_sources, tmp_path):
    rewrite(mini_sources / "observations.csv",
            lambda text: text.replace("life_expectancy,901,2021-2025,81.0",
                                      "life_expectancy,901,2021-2025,181.0"))
    with pytest.raises(CheckFailed) as failure:
        build(mini_sources, tmp_path / "atlas.duckdb")
    message = str(failure.value)
    assert "checks/080_value_range: 1 offending row(s)" in message
    assert "indicator_id='life_expectancy', kommune_kode=901" in message
    assert "value=181.0" in message


def test_inconsistent_region_name_fails_check(mini_sources, tmp_path):
    rewrite(mini_sources / "municipalities.csv",
            lambda text: text.replace("902,Prøvested,1082,Region Test Nord",
                                      "902,Prøvested,1082,Region Test Norr"))
    with pytest.raises(CheckFailed, match=r"(?s)120_consistent_names.*Region Test Nord \| Region Test Norr"):
        build(mini_sources, tmp_path / "atlas.duckdb")


def dead_pid() -> int:
    """The id of a child process that has ended (and been reaped)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_build_removes_temporaries_of_a_killed_build(mini_sources, tmp_path):
    out = tmp_path / "atlas.duckdb"
    stale = [tmp_path / f".atlas.duckdb.{dead_pid()}.tmp",
             tmp_path / f".atlas.duckdb.{dead_pid()}.tmp.wal"]
    running = tmp_path / f".atlas.duckdb.{os.getppid()}.tmp"     # a build still at work
    unrelated = tmp_path / ".other.duckdb.1.tmp"
    for path in (*stale, running, unrelated):
        path.write_bytes(b"left over")
    build(mini_sources, out)
    assert not any(path.exists() for path in stale)
    assert running.exists() and unrelated.exists()
    assert out.is_file()


def test_cli_reports_failure_without_traceback(mini_sources, tmp_path, capsys):
    (mini_sources / "hospitals.csv").unlink()
    code = main(["build", "--sources", str(mini_sources), "--out", str(tmp_path / "a.duckdb"),
                 "--expect-municipalities", "4"])
    assert code == 1
    err = capsys.readouterr().err
    assert "atlas build failed" in err and "hospitals.csv: file is missing" in err
    assert "Traceback" not in err


def test_cli_builds(mini_sources, tmp_path, capsys):
    out = tmp_path / "a.duckdb"
    assert main(["build", "--sources", str(mini_sources), "--out", str(out),
                 "--expect-municipalities", "4"]) == 0
    assert out.is_file()


# --- the real snapshot: each file truncated, a column dropped, text in a value column ------

def truncate_mid_row(text: str) -> str:
    lines = text.splitlines(keepends=True)
    kept = "".join(lines[: len(lines) // 2])
    return kept + lines[len(lines) // 2][:7]


def drop_last_column(text: str) -> str:
    return "".join(line.rsplit(",", 1)[0] + "\n" for line in text.splitlines())


def text_in_value(column: str):
    def change(text: str) -> str:
        lines = text.splitlines()
        header = lines[0].split(",")
        fields = lines[1].split(",")
        fields[header.index(column)] = "n/a"
        lines[1] = ",".join(fields)
        return "\n".join(lines) + "\n"
    return change


REAL_CORRUPTIONS = [
    ("municipalities.csv", truncate_mid_row, r"municipalities.csv, line \d+: row has"),
    ("municipalities.csv", drop_last_column, r"municipalities.csv, line 1: header lacks column"),
    ("municipalities.csv", text_in_value("region_code"), r"line 2, column 'region_code': expected a whole number"),
    ("observations.csv", truncate_mid_row, r"observations.csv, line \d+: row has"),
    ("observations.csv", drop_last_column, r"observations.csv, line 1: header lacks column\(s\) source"),
    ("observations.csv", text_in_value("value"), r"observations.csv, line 2, column 'value': expected a number"),
    ("sources.csv", truncate_mid_row, r"sources.csv, line \d+: (row has|malformed CSV)"),
    ("sources.csv", drop_last_column, r"sources.csv, line 1: header lacks column\(s\) licence"),
    ("hospitals.csv", truncate_mid_row, r"hospitals.csv, line \d+: (row has|malformed CSV)|hospitals.csv: malformed CSV"),
    ("hospitals.csv", drop_last_column, r"hospitals.csv, line 1: header lacks column\(s\) status_source"),
    ("hospitals.csv", text_in_value("lat"), r"hospitals.csv, line 2, column 'lat': expected a number"),
    ("boundaries/kommuner.geojson", lambda text: text[: len(text) // 2], r"kommuner.geojson: not valid GeoJSON"),
    ("boundaries/kommuner.geojson", lambda text: text.replace('"KOMKODE"', '"KOMMUNE"'), r"kommuner.geojson: feature #1: expected KOMKODE"),
    ("boundaries/kommuner.geojson", lambda text: text.replace("[ [ [ 9.449194065548566", '[ [ [ "x"', 1), r"kommuner.geojson: feature #1 \(KOMKODE 0766, Hedensted\): a ring must be a list of \[longitude, latitude\] positions"),
]


@pytest.fixture(scope="module")
def good_real_db(real_db, tmp_path_factory):
    return real_db


@pytest.mark.parametrize("file,change,message", REAL_CORRUPTIONS,
                         ids=[f"{f}-{i}" for i, (f, _c, _m) in enumerate(REAL_CORRUPTIONS)])
def test_corrupt_real_snapshot(real_sources_copy, real_db, tmp_path, file, change, message):
    out = tmp_path / "atlas.duckdb"
    out.write_bytes(real_db.read_bytes())
    before = digest(out)
    rewrite(real_sources_copy / file, change)
    with pytest.raises(AtlasError, match=message):
        build_database(real_sources_copy, out, console=QUIET)
    assert digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".wal"))] == []


def test_a_self_intersecting_polygon_is_repaired_with_a_warning(mini_sources, tmp_path):
    bowtie = [[9.0, 56.0], [9.2, 56.2], [9.2, 56.0], [9.0, 56.2], [9.0, 56.0]]
    rewrite(mini_sources / "boundaries/kommuner.geojson",
            lambda text: with_ring(text, 0, lambda ring: bowtie))
    from io import StringIO

    from rich.console import Console

    printed = StringIO()
    report = build_database(mini_sources, tmp_path / "atlas.duckdb",
                            console=Console(file=printed, width=300),
                            expected_municipalities=MINI)
    (warning,) = report.warnings
    assert warning.startswith("boundaries/kommuner.geojson: feature #1 (KOMKODE 0901, Testby): "
                              "invalid polygon (Self-intersection")
    assert "repaired; check the boundary" in warning
    assert "warning: boundaries/kommuner.geojson: feature #1" in printed.getvalue()


# --- issue 22 item 9: corrupt sources the build used to accept ---------------------------------

SILENT_CORRUPTIONS = {
    "year 1000": ("observations.csv", lambda text: text.replace("population,901,2026",
                                                                "population,901,1000"),
                  r"observations.csv, line 2, column 'period': expected a period .*'1000'"),
    "year 9999": ("observations.csv", lambda text: text.replace("population,901,2026",
                                                                "population,901,9999"),
                  r"observations.csv, line 2, column 'period': expected a period .*'9999'"),
    "span backwards": ("observations.csv", lambda text: text.replace("2021-2025", "2025-2021", 1),
                       r"observations.csv, line \d+, column 'period': .*first before the "
                       r"last.*'2025-2021'"),
    "underscore in a number": ("observations.csv", lambda text: text.replace("81.0", "8_1.0"),
                               r"observations.csv, line \d+, column 'value': expected a number "
                               r"with a decimal point.*'8_1.0'"),
    "javascript url": ("sources.csv",
                       lambda text: text.replace("https://www.statistikbanken.dk/FOLK1A",
                                                 "javascript:alert(1)"),
                       r"sources.csv, line 2, column 'url': expected an http:// or https:// "
                       r"address.*'javascript:alert\(1\)'"),
    "hospital in the north sea": ("hospitals.csv", lambda text: text.replace("56.1,9.1", "56.1,7.9"),
                                  r"hospitals.csv, line 2, column 'lat': 'Testby Sygehus' at "
                                  r"56.1000 N, 7.9000 E lies about \d+ km from .* in the sea"),
    "NUL in a name": ("municipalities.csv", lambda text: text.replace("Testby", "Test\0by"),
                      r"municipalities.csv, line 2, column 'name': expected a text without "
                      r"control characters"),
    "geojson nested 100,000 deep": ("boundaries/kommuner.geojson",
                                    lambda text: "[" * 100_000 + "]" * 100_000,
                                    r"kommuner.geojson: not usable GeoJSON: nested too deeply"),
}


@pytest.mark.parametrize("case", sorted(SILENT_CORRUPTIONS))
def test_silently_accepted_corruptions_are_refused(mini_sources, tmp_path, case):
    file, change, message = SILENT_CORRUPTIONS[case]
    rewrite(mini_sources / file, change)
    with pytest.raises(SourceError, match=message):
        build(mini_sources, tmp_path / "atlas.duckdb")
    assert not (tmp_path / "atlas.duckdb").exists()


def test_a_coastal_hospital_just_off_the_boundary_is_accepted(mini_sources, tmp_path):
    """The land check has a tolerance: the simplified coast cuts off seaside hospitals."""
    rewrite(mini_sources / "hospitals.csv", lambda text: text.replace("56.1,9.1", "56.1,8.99"))
    build(mini_sources, tmp_path / "atlas.duckdb")


def test_user_registry_that_is_a_folder_is_named(mini_sources, tmp_path):
    (mini_sources / "user_indicators.toml").mkdir()
    with pytest.raises(AtlasError, match=r"user_indicators\.toml: expected a TOML file of user "
                                         r"indicators, found a folder"):
        build(mini_sources, tmp_path / "atlas.duckdb")


@pytest.mark.parametrize("text", ["8_0", "nan", "inf", " 1", "1_000.5", "١٢"])
def test_strict_float_refuses_what_float_reads(text):
    from atlas.build.snapshot import strict_float

    float(text)                     # Python reads every one of them
    with pytest.raises(ValueError):
        strict_float(text)
