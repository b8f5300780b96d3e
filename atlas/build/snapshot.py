"""Read and validate a source snapshot directory (the format of `shared/data/sources/README.md`).

Every problem is reported as a SourceError naming the file, the line (1 = header) and the
column, and what was expected. Empty values stay None (never 0). Nothing here writes anything.

Control characters (atlas.views.text.CONTROL_CHARACTERS: C0 but tab and line breaks, DEL, C1)
in a text field are refused, not stripped: in an official source file they mean a broken
export or an edit gone wrong, and a person should look (issue 22). Uploads, where a visitor's
spreadsheet may carry them unseen, strip them instead (atlas/connectors/userfile.py).
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import pandas as pd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from atlas.errors import SourceError
from atlas.sanitize import control_character

BOUNDARIES_FILE = "boundaries/kommuner.geojson"
CHRISTIANSOE = 411
PERIOD_PATTERN = re.compile(r"^\d{4}(-\d{4})?$")
PERIOD_YEARS = (1900, 2100)     # a year outside is a typo (1000, 9999)
HOSPITAL_KINDS = ("akutmodtagelse", "akutklinik")
COORD_CONFIDENCE = ("high", "medium", "low")
# Denmark's bounding box with a margin; a coordinate outside it is a typo or a swapped lat/lon.
LAT_RANGE, LON_RANGE = (54.0, 58.0), (7.5, 15.5)
# a hospital farther than this from the municipalities' land is in the sea (a typo); coastal
# sites lie within a few hundred metres of the simplified boundary
HOSPITAL_OFFSHORE_KM = 2.0


_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def strict_float(text: str) -> float:
    """A number written with a decimal point, nothing else: Python's float() also reads
    `8_0` (as 80), `nan`, `inf` and surrounding whitespace, which no source means.
    Raises ValueError."""
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"not a plain decimal number: {text!r}")
    return float(text)


# --- column parsers: each takes the raw text and returns a value or raises ValueError(expected) ---

def _printable(raw: str) -> str:
    found = control_character(raw)
    if found:
        raise ValueError(f"a text without control characters (it holds {found})")
    return raw


def _text(raw: str) -> str:
    if not raw.strip():
        raise ValueError("a non-empty text")
    return _printable(raw).strip()


def _optional_text(raw: str) -> str | None:
    return _printable(raw).strip() or None


def _integer(raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise ValueError("a whole number") from None


def _number(raw: str) -> float:
    try:
        value = strict_float(raw.strip())
    except ValueError:
        raise ValueError("a number with a decimal point (digits, no '_')") from None
    if not math.isfinite(value):
        raise ValueError("a finite number")
    return value


def _optional_number(raw: str) -> float | None:
    """Empty means 'not published / suppressed' and stays None, never 0."""
    return None if raw.strip() == "" else _number(raw)


def _period(raw: str) -> str:
    value = raw.strip()
    low, high = PERIOD_YEARS
    expected = f"a period like 2024 or 2021-2025 (years {low}–{high}, the first before the last)"
    if not PERIOD_PATTERN.match(value):
        raise ValueError(expected)
    years = [int(year) for year in value.split("-")]
    if not all(low <= year <= high for year in years) or years != sorted(set(years)):
        raise ValueError(expected)
    return value


def _optional_url(raw: str) -> str | None:
    """Empty, or an http(s) address: the atlas links it, so no `javascript:` or `file:`."""
    value = _printable(raw).strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError("an http:// or https:// address, or nothing")
    return value


def _one_of(*allowed: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw.strip() not in allowed:
            raise ValueError("one of " + ", ".join(allowed))
        return raw.strip()
    return parse


def _within(low: float, high: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        value = _number(raw)
        if not low <= value <= high:
            raise ValueError(f"a number between {low} and {high}")
        return value
    return parse


@dataclass(frozen=True)
class CsvSpec:
    file: str
    columns: dict[str, Callable[[str], Any]]
    key: tuple[str, ...]


MUNICIPALITIES = CsvSpec(
    "municipalities.csv",
    {"kommune_kode": _integer, "name": _text, "region_code": _integer, "region_name": _text,
     "kommunegruppe_code": _integer, "kommunegruppe_name": _text},
    key=("kommune_kode",),
)
OBSERVATIONS = CsvSpec(
    "observations.csv",
    {"indicator": _text, "kommune_kode": _integer, "period": _period,
     "value": _optional_number, "source": _text},
    key=("indicator", "kommune_kode", "period"),
)
SOURCES = CsvSpec(
    "sources.csv",
    {"source": _text, "publisher": _text, "table": _optional_text, "title": _text,
     "url": _optional_url, "licence": _text},
    key=("source",),
)
HOSPITALS = CsvSpec(
    "hospitals.csv",
    {"name": _text, "region": _text, "town": _text, "kind": _one_of(*HOSPITAL_KINDS),
     "lat": _within(*LAT_RANGE), "lon": _within(*LON_RANGE),
     "coord_confidence": _one_of(*COORD_CONFIDENCE), "coord_source": _optional_text,
     "status_source": _optional_text},
    key=("name",),
)


def read_csv(directory: Path, spec: CsvSpec) -> pd.DataFrame:
    """Parse one snapshot CSV strictly; the DataFrame gains a `line` column for later messages."""
    path = directory / spec.file
    if not path.is_file():
        raise SourceError("file is missing", file=spec.file)
    records: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if not header:
                raise SourceError("file is empty (expected a header row)", file=spec.file, line=1)
            header = [name.strip().lstrip("\ufeff") for name in header]
            missing = [name for name in spec.columns if name not in header]
            if missing:
                raise SourceError(
                    f"header lacks column(s) {', '.join(missing)}; expected "
                    f"{', '.join(spec.columns)} but found {', '.join(header)}",
                    file=spec.file, line=1,
                )
            extra = [name for name in header if name not in spec.columns]
            if extra:
                raise SourceError(
                    f"unexpected column(s) {', '.join(repr(n) for n in extra)}; expected exactly "
                    f"{', '.join(spec.columns)} (a column the atlas does not read would be "
                    "dropped without a word)", file=spec.file, line=1)
            position = {name: header.index(name) for name in spec.columns}
            for row in reader:
                line = reader.line_num
                if not row or row == [""]:
                    continue
                if len(row) != len(header):
                    raise SourceError(
                        f"row has {len(row)} fields, expected {len(header)} "
                        "(truncated or malformed row)", file=spec.file, line=line,
                    )
                record: dict[str, Any] = {"line": line}
                for name, parse in spec.columns.items():
                    raw = row[position[name]]
                    try:
                        record[name] = parse(raw)
                    except ValueError as problem:
                        raise SourceError(f"expected {problem}, found {raw!r}",
                                          file=spec.file, line=line, column=name) from None
                key = tuple(record[name] for name in spec.key)
                if key in seen:
                    raise SourceError(
                        f"duplicate key {dict(zip(spec.key, key))} (first on line {seen[key]})",
                        file=spec.file, line=line,
                    )
                seen[key] = line
                records.append(record)
    except UnicodeDecodeError as problem:
        raise SourceError(f"not valid UTF-8 ({problem.reason} at byte {problem.start})",
                          file=spec.file) from None
    except csv.Error as problem:
        raise SourceError(f"malformed CSV ({problem}); the file may be truncated",
                          file=spec.file) from None
    if not records:
        raise SourceError("file has a header but no rows", file=spec.file)
    return pd.DataFrame.from_records(records, columns=["line", *spec.columns])


def feature_collection(text: str, file: str,
                       error: type[SourceError] = SourceError) -> tuple[dict, list[dict]]:
    """(document, features) of a GeoJSON FeatureCollection; `error` names the file on failure."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as problem:
        raise error(f"not valid GeoJSON ({problem}); the file may be truncated",
                    file=file) from None
    except RecursionError:
        raise error("not usable GeoJSON: nested too deeply to read (arrays or objects inside "
                    "each other thousands of levels deep)", file=file) from None
    return document, feature_list(document, file, error)


def feature_list(document: object, file: str,
                 error: type[SourceError] = SourceError) -> list[dict]:
    """The features of a parsed FeatureCollection, or `error` naming the file."""
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or not features:
        raise error("expected a GeoJSON FeatureCollection with features", file=file)
    return features


def _ring_problem(ring: object) -> str | None:
    """What is wrong with one GeoJSON linear ring, or None."""
    if not isinstance(ring, list) or not all(
            isinstance(position, list) and len(position) >= 2
            and all(isinstance(c, (int, float)) and not isinstance(c, bool)
                    and math.isfinite(c) for c in position)
            for position in ring):
        return "a ring must be a list of [longitude, latitude] positions"
    if len(ring) < 4:
        return (f"a ring has {len(ring)} position(s); a closed ring needs at least 4 (the last "
                "repeating the first)")
    if ring[0][:2] != ring[-1][:2]:
        return (f"a ring is not closed: it starts at {ring[0][:2]} and ends at {ring[-1][:2]} "
                "(GeoJSON rings repeat their first position at the end)")
    return None


def _geometry_problem(geometry: object) -> str | None:
    """Check a Polygon/MultiPolygon's rings as written, before shapely (which would close an
    open ring silently, or fail with a TypeError on a malformed one)."""
    if not isinstance(geometry, dict):
        return "no geometry"
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon" and isinstance(coordinates, list):
        polygons = coordinates
    else:
        return f"expected a Polygon or MultiPolygon, found {kind!r}"
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "a polygon must be a non-empty list of rings"
        for ring in polygon:
            problem = _ring_problem(ring)
            if problem:
                return problem
    return None


def _extent_problem(geometry: BaseGeometry) -> str | None:
    """A municipality outside Denmark's extent: at 0,0, or with latitude and longitude
    swapped, or in another coordinate system."""
    min_x, min_y, max_x, max_y = geometry.bounds
    inside = (LON_RANGE[0] <= min_x and max_x <= LON_RANGE[1]
              and LAT_RANGE[0] <= min_y and max_y <= LAT_RANGE[1])
    if inside:
        return None
    where = f"its bounds are longitude {min_x:.4g}…{max_x:.4g}, latitude {min_y:.4g}…{max_y:.4g}"
    if (LAT_RANGE[0] <= min_x and max_x <= LAT_RANGE[1]
            and LON_RANGE[0] <= min_y and max_y <= LON_RANGE[1]):
        return f"lies outside Denmark: {where} — latitude and longitude look swapped"
    return (f"lies outside Denmark ({LON_RANGE[0]}…{LON_RANGE[1]}° E, "
            f"{LAT_RANGE[0]}…{LAT_RANGE[1]}° N): {where} (expected WGS84 longitude, latitude)")


def read_boundaries(directory: Path, warnings: list[str] | None = None
                    ) -> dict[int, tuple[str, BaseGeometry]]:
    """Municipal boundaries: kommune_kode -> (name, dissolved 2-D geometry in WGS84).

    Parts sharing a code are unioned; the dummy third coordinate is dropped; Christiansø is
    dropped (it is not a municipality). Every ring must be closed and every part lie within
    Denmark's extent; a duplicated feature is an error; a self-intersecting polygon is repaired
    (`shapely.make_valid`) with a warning appended to `warnings`.
    """
    path = directory / BOUNDARIES_FILE
    if not path.is_file():
        raise SourceError("file is missing", file=BOUNDARIES_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as problem:
        raise SourceError(f"not valid UTF-8 ({problem.reason} at byte {problem.start})",
                          file=BOUNDARIES_FILE) from None
    _, features = feature_collection(text, BOUNDARIES_FILE)
    parts: dict[int, list[BaseGeometry]] = {}
    names: dict[int, str] = {}
    seen: dict[bytes, str] = {}
    for number, feature in enumerate(features, start=1):
        where = f"feature #{number}"
        if not isinstance(feature, dict):
            raise SourceError(f"{where}: expected a GeoJSON Feature", file=BOUNDARIES_FILE)
        properties = feature.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        raw_code = properties.get("KOMKODE")
        try:
            code = int(str(raw_code))
        except ValueError:
            raise SourceError(f"{where}: expected KOMKODE like '0101', found {raw_code!r}",
                              file=BOUNDARIES_FILE) from None
        if code == CHRISTIANSOE:
            continue
        where = f"{where} (KOMKODE {raw_code}, {properties.get('KOMNAVN') or '?'})"
        problem = _geometry_problem(feature.get("geometry"))
        if problem:
            raise SourceError(f"{where}: {problem}", file=BOUNDARIES_FILE)
        try:
            geometry = shapely.force_2d(shape(feature["geometry"]))
        except (KeyError, TypeError, ValueError, AttributeError,
                shapely.errors.GEOSException) as problem:
            raise SourceError(f"{where}: unreadable geometry ({problem})",
                              file=BOUNDARIES_FILE) from None
        if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
            raise SourceError(f"{where}: expected a polygon, found {geometry.geom_type}",
                              file=BOUNDARIES_FILE)
        problem = _extent_problem(geometry)
        if problem:
            raise SourceError(f"{where} {problem}", file=BOUNDARIES_FILE)
        key = shapely.normalize(geometry).wkb
        if key in seen:
            raise SourceError(f"{where} duplicates {seen[key]} (the same polygon twice)",
                              file=BOUNDARIES_FILE)
        seen[key] = where
        if not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            geometry = shapely.make_valid(geometry)
            if warnings is not None:
                warnings.append(f"{BOUNDARIES_FILE}: {where}: invalid polygon ({reason}) "
                                "repaired; check the boundary")
        parts.setdefault(code, []).append(geometry)
        name = str(properties.get("KOMNAVN") or "")
        if control_character(name):
            raise SourceError(f"{where}: KOMNAVN holds the control character "
                              f"{control_character(name)}", file=BOUNDARIES_FILE)
        names[code] = name
    return {code: (names[code], shapely.union_all(geoms)) for code, geoms in parts.items()}


@dataclass
class Snapshot:
    directory: Path
    municipalities: pd.DataFrame
    observations: pd.DataFrame
    sources: pd.DataFrame
    hospitals: pd.DataFrame
    boundaries: dict[int, tuple[str, BaseGeometry]]
    warnings: list[str] = field(default_factory=list)   # accepted, but a person should look


def _check_codes(codes: pd.Series, lines: pd.Series, known: set[int], file: str) -> None:
    unknown = ~codes.isin(known)
    if unknown.any():
        first = unknown.idxmax()
        raise SourceError(
            f"unknown municipality code {codes[first]} ({int(unknown.sum())} row(s) in all); "
            "expected one of the codes in municipalities.csv",
            file=file, line=int(lines[first]), column="kommune_kode",
        )


def _check_hospitals_on_land(hospitals: pd.DataFrame,
                             boundaries: dict[int, tuple[str, BaseGeometry]]) -> None:
    """Every hospital on land: within HOSPITAL_OFFSHORE_KM of a municipality's boundary (the
    bounding box alone lets a point in the North Sea through). Distances in a local
    equirectangular frame (longitude times cos 56° N), plenty for a 2 km test."""
    def local(coordinates):
        return coordinates * (math.cos(math.radians(56.0)), 1.0)

    land = [shapely.transform(geometry, local) for _, geometry in boundaries.values()]
    points = shapely.transform(
        shapely.points(hospitals["lon"].to_numpy(), hospitals["lat"].to_numpy()), local)
    _, degrees = shapely.STRtree(land).query_nearest(points, return_distance=True,
                                                     all_matches=False)
    for position, offset in enumerate(degrees):
        km = offset * 111.2          # a degree of latitude
        if km > HOSPITAL_OFFSHORE_KM:
            row = hospitals.iloc[position]
            raise SourceError(
                f"{row['name']!r} at {row['lat']:.4f} N, {row['lon']:.4f} E lies about "
                f"{km:.0f} km from the nearest municipality's land (more than "
                f"{HOSPITAL_OFFSHORE_KM:g} km): in the sea; check the coordinates",
                file=HOSPITALS.file, line=int(row["line"]), column="lat")


def read_snapshot(directory: Path, known_indicators: set[str] | None = None) -> Snapshot:
    """Read every file of a snapshot and check that they agree with each other."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SourceError(f"source directory {directory} does not exist")
    municipalities = read_csv(directory, MUNICIPALITIES)
    observations = read_csv(directory, OBSERVATIONS)
    sources = read_csv(directory, SOURCES)
    hospitals = read_csv(directory, HOSPITALS)
    warnings: list[str] = []
    boundaries = read_boundaries(directory, warnings)

    codes = set(municipalities["kommune_kode"])
    if CHRISTIANSOE in codes:
        raise SourceError("Christiansø (411) is not a municipality; remove it",
                          file=MUNICIPALITIES.file)
    _check_codes(observations["kommune_kode"], observations["line"], codes, OBSERVATIONS.file)

    source_keys = set(sources["source"])
    unknown_source = ~observations["source"].isin(source_keys)
    if unknown_source.any():
        row = observations[unknown_source].iloc[0]
        raise SourceError(f"unknown source {row['source']!r}; expected a key from sources.csv",
                          file=OBSERVATIONS.file, line=int(row["line"]), column="source")
    if known_indicators is not None:
        unknown = ~observations["indicator"].isin(known_indicators)
        if unknown.any():
            row = observations[unknown].iloc[0]
            raise SourceError(
                f"indicator {row['indicator']!r} is not in the indicator registry "
                "(atlas/indicators.toml or user_indicators.toml)",
                file=OBSERVATIONS.file, line=int(row["line"]), column="indicator",
            )

    extra = sorted(set(boundaries) - codes)
    if extra:
        raise SourceError(f"boundaries for unknown municipality code(s) {extra}",
                          file=BOUNDARIES_FILE)
    lacking = sorted(codes - set(boundaries))
    if lacking:
        raise SourceError(f"no boundary for municipality code(s) {lacking}", file=BOUNDARIES_FILE)
    if not (hospitals["kind"] == "akutmodtagelse").any():
        raise SourceError("no hospital of kind 'akutmodtagelse'", file=HOSPITALS.file)
    _check_hospitals_on_land(hospitals, boundaries)
    return Snapshot(directory, municipalities, observations, sources, hospitals, boundaries,
                    warnings)
