"""RUKS, Sundhedsdatastyrelsen's register of selected chronic diseases: the published workbook
-> prevalence per 100,000 per disease, and the sum over the nine diseases, per municipality and
year.

Layout (shared/docs/source-formats.md §2, from steenhulthin/ruks-data): sheet
"Hovedresultater", rows 1-3 title and header, data from row 4, one wide row per combination,
columns A measure, B disease, C geography level, D region, E municipality *name* (no codes),
F unit, G sex, H age group, then one column per year. The header texts are not documented, so
columns are found by tolerant header matching, falling back to the documented positions, and
the year columns are whatever header cells read as a year.

Rows used: `Prævalens…` × `Kommuner` × `Begge` × `Alle aldre` × `Antal personer pr. 100.000
borgere`. A blank or `< 5` cell is suppressed (empty value). The workbook's release date (sheet
FORSIDE) tells whether the newest year is a part year; that year is left out unless asked for.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from atlas.build.snapshot import strict_float
from atlas.connectors import names
from atlas.connectors.common import Observation, SourceResult
from atlas.errors import SourceError

SOURCE = "Sundhedsdatastyrelsen RUKS workbook"
SOURCE_KEY = "sds_ruks"
TOTAL_INDICATOR = "chronic_prevalence_per_100k"
DATA_SHEET = "hovedresultater"
COVER_SHEET = "forside"

# Disease (folded as in names.fold) -> indicator id. The total is the sum over these nine.
DISEASES = {
    "astma": "chronic_asthma_per_100k",
    "demens": "chronic_dementia_per_100k",
    "hjertesvigt": "chronic_heart_failure_per_100k",
    "kol": "chronic_copd_per_100k",
    "leddegigt": "chronic_rheumatoid_arthritis_per_100k",
    "osteoporose": "chronic_osteoporosis_per_100k",
    "skizofreni": "chronic_schizophrenia_per_100k",
    "type1diabetes": "chronic_type1_diabetes_per_100k",
    "type2diabetes": "chronic_type2_diabetes_per_100k",
}
INDICATORS = frozenset(DISEASES.values()) | {TOTAL_INDICATOR}

# Documented positions (0-based) of the label columns, used when a header text is not matched.
ROLES = ("measure", "disease", "level", "region", "municipality", "unit", "sex", "age")
POSITIONS = dict(zip(ROLES, range(8)))
HEADER_WORDS = {   # folded header text must contain one of these (first role that matches wins)
    "measure": ("maal", "opgoerelse", "measure", "indikator", "incidensprae"),
    "disease": ("sygdom", "disease", "diagnose"),
    "level": ("niveau", "geografi", "level", "opdeling"),
    "region": ("region",),
    "municipality": ("kommune", "municipality"),
    "unit": ("enhed", "unit", "maaleenhed"),
    "sex": ("koen", "sex", "gender"),
    "age": ("alder", "age"),
}
MONTHS = {"januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
          "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12}


class RuksError(SourceError):
    """The RUKS workbook cannot be read or does not have the documented layout."""


@dataclass
class RuksResult:
    observations: list[Observation]
    years: list[str]
    release_date: date | None
    part_year: str | None          # the newest year, if the release date says it is incomplete
    part_year_included: bool
    title: str | None
    unused_diseases: list[str]


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _year_of(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and 1990 <= value <= 2100:
        return int(value)
    match = re.fullmatch(r"\s*((?:19|20)\d{2})\s*\*?\s*", _cell_text(value))
    return int(match.group(1)) if match else None


def parse_release_date(text: str) -> date | None:
    """'28. november 2025' (or 'udgivet 28. november 2025') -> date(2025, 11, 28)."""
    match = re.search(r"(\d{1,2})\.?\s+([a-zæøå]+)\s+(\d{4})", text.casefold())
    if match and match.group(2) in MONTHS:
        try:
            return date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
        except ValueError:
            return None
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            return None
    return None


def _open_workbook(data: bytes, file: str):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not data:
        raise RuksError("the file is empty; the download may have failed", file=file)
    if data[:4] != b"PK\x03\x04":
        hint = (" (it looks like a web page: the URL may point to a landing page or an error "
                "page, not the workbook)" if data.lstrip()[:1] == b"<" else "")
        raise RuksError(f"not an .xlsx workbook{hint}", file=file)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError,
            EOFError, SyntaxError) as problem:
        raise RuksError(f"the workbook is damaged or truncated ({type(problem).__name__}: "
                        f"{problem})", file=file) from None


def _sheet(workbook, wanted: str):
    for name in workbook.sheetnames:
        if names.fold(name) == wanted:
            return workbook[name]
    return None


def _read_cover(workbook) -> tuple[str | None, date | None]:
    sheet = _sheet(workbook, COVER_SHEET)
    if sheet is None:
        return None, None
    title, released = None, None
    for row in sheet.iter_rows(min_row=1, max_row=30, values_only=True):
        for value in row:
            if isinstance(value, date) and released is None:
                released = value if type(value) is date else value.date()
            text = _cell_text(value)
            if not text:
                continue
            if released is None:
                released = parse_release_date(text)
            if title is None and "RUKS" in text.upper() and len(text) > 10:
                title = text
    return title, released


def _locate_columns(header_rows: list[tuple],
                    file: str) -> tuple[int, dict[str, int], dict[int, int]]:
    """Find the header row (the one with year cells), the label columns and the year columns."""
    for offset in range(len(header_rows) - 1, -1, -1):
        row = header_rows[offset]
        years = {position: year for position, value in enumerate(row)
                 if (year := _year_of(value)) is not None}
        if len(years) >= 3:
            break
    else:
        raise RuksError("found no header row with year columns (e.g. 2010 … 2025) in the first "
                        f"{len(header_rows)} rows of Hovedresultater; the layout changed",
                        file=file)
    header_row = offset + 1
    columns: dict[str, int] = {}
    for position, value in enumerate(row):
        if position in years:
            continue
        key = names.fold(_cell_text(value))
        if not key:
            continue
        for role in ROLES:
            if role not in columns and any(word in key for word in HEADER_WORDS[role]):
                columns[role] = position
                break
    first_year = min(years)
    for role in ROLES:
        if role not in columns:
            if first_year != len(ROLES):
                raise RuksError(
                    f"cannot find the '{role}' column: its header is not recognised and the "
                    f"year columns do not start at column I as documented (they start at "
                    f"column {_letter(first_year)}); the layout changed", file=file,
                    line=header_row)
            columns[role] = POSITIONS[role]
    clashes = {p for p in columns.values() if list(columns.values()).count(p) > 1}
    if clashes:
        raise RuksError(f"ambiguous header: several roles map to column(s) "
                        f"{', '.join(_letter(p) for p in sorted(clashes))}", file=file,
                        line=header_row)
    return header_row, columns, years


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(position + 1)


def _value(raw: Any, file: str, line: int, column: str) -> float | None:
    if raw is None or isinstance(raw, bool):
        if isinstance(raw, bool):
            raise RuksError(f"expected a number, found {raw!r}", file=file, line=line,
                            column=column)
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if text in ("", "..", "-", "x", "X") or re.fullmatch(r"<\d+", text):
        return None
    try:
        return strict_float(text.replace(".", "").replace(",", ".") if "," in text else text)
    except ValueError:
        raise RuksError(f"expected a number, blank or '< 5', found {raw!r}", file=file,
                        line=line, column=column) from None


def _is(value: str, *prefixes: str) -> bool:
    key = names.fold(value)
    return any(key.startswith(prefix) for prefix in prefixes)


def _is_rate_unit(unit: str) -> bool:
    key = names.fold(unit)
    return "100000" in key and "standardiseret" not in key and "standardised" not in key


def parse_ruks_workbook(data: bytes, *, file: str, universe: Iterable[int],
                        include_part_year: bool = False) -> RuksResult:
    """Parse the workbook bytes. `file` names it in messages (file name or URL)."""
    universe = set(universe)
    file = f"{SOURCE} ({file})"
    workbook = _open_workbook(data, file)
    try:
        try:
            title, released = _read_cover(workbook)
        except Exception as problem:
            raise RuksError(f"the FORSIDE sheet is damaged ({type(problem).__name__}: "
                            f"{problem})", file=file) from None
        sheet = _sheet(workbook, DATA_SHEET)
        if sheet is None:
            raise RuksError("no sheet 'Hovedresultater' (sheets: "
                            f"{', '.join(workbook.sheetnames)})", file=file)
        rows = sheet.iter_rows(values_only=True)
        header_rows: list[tuple] = []
        try:
            for row in rows:
                header_rows.append(tuple(row))
                if len(header_rows) == 10:
                    break
        except Exception as problem:  # openpyxl reads lazily: zip, zlib or XML errors land here
            raise RuksError(f"the workbook is damaged ({type(problem).__name__}: {problem})",
                            file=file) from None
        header_row, columns, year_columns = _locate_columns(header_rows, file)
        where = f"{file[:-1]}, sheet Hovedresultater)"
        values: dict[tuple[str, int, int], float | None] = {}
        first_line: dict[tuple[str, int], int] = {}
        unmatched: dict[str, int] = {}
        unused_diseases: set[str] = set()
        seen_measure = seen_level = False
        line = header_row

        def body_rows():
            yield from header_rows[header_row:]
            yield from rows

        try:
            for line, row in enumerate(body_rows(), start=header_row + 1):
                if not row or all(v is None for v in row):
                    continue
                def cell(role: str, row: tuple = row) -> str:
                    position = columns[role]
                    return _cell_text(row[position]) if position < len(row) else ""

                measure = cell("measure")
                if _is(measure, "praevalens", "prevalens", "prevalence"):
                    seen_measure = True
                else:
                    continue
                if names.fold(cell("level")) != "kommuner":
                    continue
                seen_level = True
                if names.fold(cell("sex")) != "begge" or names.fold(cell("age")) != "allealdre":
                    continue
                if not _is_rate_unit(cell("unit")):
                    continue
                disease_key = names.fold(cell("disease"))
                indicator = DISEASES.get(disease_key)
                if indicator is None:
                    unused_diseases.add(cell("disease"))
                    continue
                name = cell("municipality")
                code = names.match_name(name)
                if code is None:
                    unmatched.setdefault(name, line)
                    continue
                if code not in universe:
                    continue
                if (indicator, code) in first_line:
                    raise RuksError(f"a second row for {cell('disease')} in {name} (first on line "
                                    f"{first_line[(indicator, code)]})", file=where, line=line)
                first_line[(indicator, code)] = line
                for position, year in year_columns.items():
                    raw = row[position] if position < len(row) else None
                    values[(indicator, code, year)] = _value(raw, where, line, _letter(position))
        except RuksError:
            raise
        except Exception as problem:  # lazily read XML: a damaged part surfaces mid-iteration
            raise RuksError(f"the workbook is damaged after line {line} "
                            f"({type(problem).__name__}: {problem})", file=file) from None
    finally:
        workbook.close()

    if unmatched:
        listed = "; ".join(f"{name!r} (line {line})" + (f", did you mean {names.suggest(name)}?"
                                                         if names.suggest(name) else "")
                           for name, line in list(unmatched.items())[:10])
        raise RuksError(f"municipality name(s) not recognised: {listed}", file=where)
    if not seen_measure or not seen_level:
        raise RuksError("no prevalence rows at municipality level ('Prævalens…' × 'Kommuner'); "
                        "the layout changed", file=where)
    missing = sorted({(indicator, code) for indicator in DISEASES.values() for code in universe}
                     - set(first_line))
    if missing:
        shown = ", ".join(f"{indicator.removeprefix('chronic_').removesuffix('_per_100k')} in "
                          f"{names.municipality_name(code)}" for indicator, code in missing[:8])
        raise RuksError(f"{len(missing)} disease × municipality row(s) missing for prevalence per "
                        f"100,000, both sexes, all ages (e.g. {shown}); the file is incomplete "
                        "or the layout changed", file=where)

    years = sorted(set(year_columns.values()))
    part_year = None
    if released is not None and years and years[-1] >= released.year:
        part_year = str(years[-1])
    kept = [y for y in years if include_part_year or str(y) != part_year]
    observations: list[Observation] = []
    for code in sorted(universe):
        for year in kept:
            per_disease = []
            for indicator in DISEASES.values():
                value = values.get((indicator, code, year))
                per_disease.append(value)
                observations.append(Observation(indicator, code, str(year), value, SOURCE_KEY))
            total = None if any(v is None for v in per_disease) else float(sum(per_disease))
            observations.append(Observation(TOTAL_INDICATOR, code, str(year), total, SOURCE_KEY))
    return RuksResult(observations, [str(y) for y in kept], released, part_year,
                      include_part_year, title, sorted(unused_diseases))


def ruks_source_result(parsed: RuksResult, *, origin: str, sha256: str) -> SourceResult:
    result = SourceResult("ruks", observations=parsed.observations,
                          owned_indicators=set(INDICATORS))
    released = parsed.release_date.isoformat() if parsed.release_date else "ukendt"
    years = f"{parsed.years[0]}-{parsed.years[-1]}" if parsed.years else "ingen år"
    result.source_rows.append({
        "source": SOURCE_KEY, "publisher": "Sundhedsdatastyrelsen", "table": "RUKS",
        "title": (parsed.title or "Register for Udvalgte Kroniske Sygdomme og Svære Psykiske "
                  "Lidelser (RUKS)") + f" — udgivet {released}, år {years}",
        "url": origin if origin.startswith("http") else
        "https://www.esundhed.dk/Registre/Register-for-udvalgte-kroniske-sygdomme-og-svaere-psykiske-lidelser",
        "licence": "Gengivelse med kildeangivelse",
    })
    result.manifest = {"origin": origin, "sha256": sha256, "title": parsed.title,
                       "release_date": (parsed.release_date.isoformat()
                                        if parsed.release_date else None),
                       "years": parsed.years, "part_year": parsed.part_year,
                       "part_year_included": parsed.part_year_included,
                       "unused_diseases": parsed.unused_diseases}
    if parsed.part_year and not parsed.part_year_included:
        result.notes.append(f"RUKS: {parsed.part_year} left out — the workbook was released "
                            f"{released}, so {parsed.part_year} is a part year "
                            "(use --ruks-include-part-year to keep it)")
    elif parsed.part_year:
        result.notes.append(f"RUKS: {parsed.part_year} is a part year and is included")
    if parsed.release_date is None:
        result.notes.append("RUKS: no release date on the FORSIDE sheet; cannot tell whether the "
                            "newest year is a part year — it is included")
    if parsed.unused_diseases:
        result.notes.append("RUKS: diseases not in the atlas (not summed): "
                            + ", ".join(parsed.unused_diseases))
    return result
