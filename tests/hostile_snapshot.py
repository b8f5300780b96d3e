"""The hostile snapshot: the real offline snapshot with HTML and Markdown in every text a page
shows — municipality, region and group names, hospital names, source titles, publishers, tables
and licences — plus two user indicators (user_indicators.toml) whose labels, units,
descriptions and caveats are hostile too. Names, region and group names, labels, publishers and
titles also start with spreadsheet formulas (`= + - @`, FORMULAS), for the exports. Built from
the real snapshot by a fixture (nothing big committed); every payload points at the host
`evil.example`, so a test can look for it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import tomli_w

EVIL_HOST = "evil.example"
PAYLOAD = (f'<img src="http://{EVIL_HOST}/i.png" onerror="alert(1)">'
           f"![u](http://{EVIL_HOST}/u.png) [klik](http://{EVIL_HOST}/k) "
           f"<script>alert(2)</script> **fed** :red[rød] $x^2$ www.{EVIL_HOST} "
           f"<a href=http://{EVIL_HOST}/a>a</a> `kode` # overskrift")
SHORT_PAYLOAD = f"![u](http://{EVIL_HOST}/s.png)<b>b</b>"
# municipality names: shown in map tooltips, which Leaflet renders as HTML
NAME_PAYLOAD = f'{SHORT_PAYLOAD}<img src="http://{EVIL_HOST}/n.png" onerror="alert(4)">'
HOSTILE_INDICATORS = ("hostile_need", "hostile_context")
# text a spreadsheet would run as a formula if it reached a CSV or XLSX cell unescaped
HYPERLINK = f'=HYPERLINK("http://{EVIL_HOST}/f","pub")'
FORMULAS = {"name": "=1+1 ", "region": "+1+1 ", "group": "-1+1 ", "publisher": f"{HYPERLINK} ",
            "title": "@SUM(1) ", "label": "=2+2 "}


def _rewrite_csv(path: Path, change) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    rows = [change(dict(row)) for row in rows]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _entry(indicator_id: str, role: str, direction: str) -> dict:
    return {
        "id": indicator_id, "role": role, "direction": direction, "core": False,
        "origin": "user", "source": "user_hostile", "unit_da": f"enhed {SHORT_PAYLOAD}",
        "unit_en": f"unit {SHORT_PAYLOAD}", "decimals": 1, "plausible": [0.0, 100.0],
        "national": "population_weighted_mean",
        "label_da": f"{FORMULAS['label']}Fjendtlig {PAYLOAD}",
        "label_en": f"{FORMULAS['label']}Hostile {PAYLOAD}",
        "description_da": f"Beskrivelse {PAYLOAD}",
        "description_en": f"Description {PAYLOAD}", "caveats_da": f"Forbehold {PAYLOAD}",
        "caveats_en": f"Caveats {PAYLOAD}",
    }


def write_hostile_snapshot(real_sources: Path, target: Path) -> Path:
    """A copy of `real_sources` at `target` with hostile text everywhere (see the module)."""
    shutil.copytree(real_sources, target)

    def municipality(row: dict) -> dict:
        row["name"] = f"{FORMULAS['name']}{row['name']} {NAME_PAYLOAD}"
        row["region_name"] = f"{FORMULAS['region']}{row['region_name']} {PAYLOAD}"
        row["kommunegruppe_name"] = f"{FORMULAS['group']}{row['kommunegruppe_name']} {PAYLOAD}"
        return row

    def source(row: dict) -> dict:
        for key in ("publisher", "title", "table", "licence"):
            row[key] = f"{FORMULAS.get(key, '')}{row[key]} {PAYLOAD}"
        return row

    def hospital(row: dict) -> dict:
        for key in ("name", "region", "town", "coord_source", "status_source"):
            row[key] = f"{row[key]} {SHORT_PAYLOAD}"
        return row

    _rewrite_csv(target / "municipalities.csv", municipality)
    _rewrite_csv(target / "sources.csv", source)
    _rewrite_csv(target / "hospitals.csv", hospital)
    with open(target / "municipalities.csv", encoding="utf-8", newline="") as handle:
        codes = [int(row["kommune_kode"]) for row in csv.DictReader(handle)]
    with open(target / "sources.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["user_hostile", f"Brugerens egen fil {PAYLOAD}", "", f"fil {PAYLOAD}.csv",
             "https://example.org/egen-fil", f"ukendt {PAYLOAD}"])
    with open(target / "observations.csv", "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for number, indicator in enumerate(HOSTILE_INDICATORS):
            for position, code in enumerate(codes):
                value = "" if position % 17 == 0 else f"{(position * 7 + number) % 90 + 5}.5"
                writer.writerow([indicator, code, "2024", value, "user_hostile"])
    entries = [_entry("hostile_need", "need", "higher_worse"),
               _entry("hostile_context", "context", "neutral")]
    (target / "user_indicators.toml").write_text(tomli_w.dumps({"indicator": entries}),
                                                 encoding="utf-8")
    return target


def build_hostile_db(real_sources: Path, work: Path) -> Path:
    """The hostile snapshot under `work`, built into `work/atlas.duckdb`."""
    from atlas.build.pipeline import build_database
    from tests.conftest import QUIET

    sources = write_hostile_snapshot(real_sources, work / "sources")
    out = work / "atlas.duckdb"
    build_database(sources, out, console=QUIET)
    return out


# Control characters (issue 22): an ANSI escape, NUL and BEL; vl-convert aborted the process on
# them and openpyxl refused them. The build refuses them, naming the file and the line.
CONTROL_PAYLOAD = "\x1b[31m\x00\x07"


def with_control_characters(sources: Path, file: str, column: str, row: int = 3) -> int:
    """Put CONTROL_PAYLOAD into `column` of data row `row` of the CSV `file` under `sources`;
    returns the file line it lands on (1 = the header)."""
    position = iter(range(1, 10**9))

    def change(record: dict) -> dict:
        if next(position) == row:
            record[column] = f"{record[column]} {CONTROL_PAYLOAD}"
        return record

    _rewrite_csv(sources / file, change)
    return row + 1
