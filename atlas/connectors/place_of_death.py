"""Deaths by place of death (dødssted) and municipality of residence -> share of deaths in
hospital.

No official open table exists (shared/docs/source-formats.md §3): the counts come from a
special tabulation of Dødsårsagsregisteret or from the user. This is the project's own layout,
documented in docs/online-data.md:

    kommune_kode;kommune_navn;periode;doedssted;antal
    101;København;2023;sygehus;2105
    825;Læsø;2023;hospice;< 5

* `;` (or `,`) separated, UTF-8 with or without BOM (Windows-1252 accepted), CRLF or LF.
* `kommune_kode` 3 or 4 digits ("101" or "0101"); `kommune_navn` may be given instead.
* `periode` a year (`2023`) or a span (`2021-2023` or `2021:2023`).
* `doedssted` one of sygehus, hospice, eget_hjem, plejebolig, andet — and optionally i_alt.
* `antal` a whole number; `< 5` (eSundhed's mark for 1-4) is suppressed.

Share = 100 × sygehus / all deaths. **Hospice is not counted as hospital.** The denominator is
the `i_alt` row when given, else the sum of the categories (a category with no row counts 0).
A suppressed count in the numerator, or in the denominator's sum without an `i_alt` row, makes
the share empty: a partial count is never passed off as the total.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Iterable

from atlas.connectors import names
from atlas.connectors.common import Observation, SourceResult, format_value, period_label
from atlas.errors import SourceError

SOURCE = "place-of-death file (Dødsårsagsregisteret)"
SOURCE_KEY = "sds_doedsaarsag"
INDICATOR = "hospital_death_share"
CATEGORIES = ("sygehus", "hospice", "eget_hjem", "plejebolig", "andet")
TOTAL = "i_alt"
_CATEGORY_ALIASES = {
    "sygehus": "sygehus", "hospital": "sygehus", "sygehuse": "sygehus",
    "hospice": "hospice",
    "egethjem": "eget_hjem", "hjem": "eget_hjem", "hjemmet": "eget_hjem", "home": "eget_hjem",
    "eget": "eget_hjem",
    "plejebolig": "plejebolig", "plejehjem": "plejebolig", "plejehjemplejebolig": "plejebolig",
    "plejeboligplejehjem": "plejebolig", "nursinghome": "plejebolig",
    "andet": "andet", "andre": "andet", "other": "andet", "uoplyst": "andet", "ukendt": "andet",
    "ialt": TOTAL, "total": TOTAL, "alle": TOTAL,
}
_COLUMN_ALIASES = {
    "kommune_kode": {"kommunekode", "komkode", "kommunenr", "kode", "bopaelskommunekode"},
    "kommune_navn": {"kommunenavn", "kommune", "navn", "bopaelskommune"},
    "periode": {"periode", "period", "aar", "year", "tid"},
    "doedssted": {"doedssted", "dodssted", "sted", "placeofdeath"},
    "antal": {"antal", "doede", "count", "n", "antaldoede"},
}
_REGION_COLUMNS = {"region", "regionkode", "regionnavn", "regionskode"}


class PlaceOfDeathError(SourceError):
    """The place-of-death file cannot be used."""


@dataclass
class DeathsResult:
    observations: list[Observation]
    periods: list[str]
    skipped: list[str] = field(default_factory=list)      # aggregate rows, listed for the user
    suppressed_shares: int = 0


def _decode(data: bytes, file: str) -> str:
    if not data.strip():
        raise PlaceOfDeathError("the file is empty", file=file)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlaceOfDeathError("neither UTF-8 nor Windows-1252 text", file=file)


def _count(raw: str, file: str, line: int) -> int | None:
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"<\d+", text):
        return None
    if text == "":
        raise PlaceOfDeathError("empty count: write 0, a number, or '< 5' for a suppressed count",
                                file=file, line=line, column="antal")
    if re.fullmatch(r"\d+([.,]0+)?", text):
        return int(re.split(r"[.,]", text)[0])
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):   # Danish thousands separator: 1.234
        return int(text.replace(".", ""))
    raise PlaceOfDeathError(f"expected a whole number or '< 5', found {raw!r}", file=file,
                            line=line, column="antal")


def parse_place_of_death(data: bytes, *, file: str, universe: Iterable[int]) -> DeathsResult:
    universe = set(universe)
    file = f"{SOURCE}: {file}"
    text = _decode(data, file)
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [cell.strip().lstrip("\ufeff") for cell in next(reader)]
        records = [(reader.line_num, row) for row in reader]
    except (csv.Error, StopIteration) as problem:
        raise PlaceOfDeathError(f"malformed CSV ({problem})", file=file) from None
    folded = [names.fold(cell) for cell in header]
    columns: dict[str, int] = {}
    for role, aliases in _COLUMN_ALIASES.items():
        for position, key in enumerate(folded):
            if key in aliases | {names.fold(role)} and position not in columns.values():
                columns[role] = position
                break
    has_place = {"kommune_kode", "kommune_navn"} & set(columns)
    if not has_place and _REGION_COLUMNS & set(folded):
        raise PlaceOfDeathError(
            "this is a region-level file; the atlas needs deaths by municipality of residence "
            "(kommune_kode or kommune_navn). Spreading a regional share over its municipalities "
            "would invent local figures, so it is not done.", file=file, line=1)
    missing = [role for role in ("periode", "doedssted", "antal") if role not in columns]
    if not has_place:
        missing.insert(0, "kommune_kode or kommune_navn")
    if missing:
        raise PlaceOfDeathError(
            f"header lacks {', '.join(missing)}; expected "
            "kommune_kode;kommune_navn;periode;doedssted;antal, found "
            f"{delimiter.join(header)!r}", file=file, line=1)

    counts: dict[tuple[int, str], dict[str, int | None]] = {}
    first_seen: dict[tuple[int, str, str], int] = {}
    skipped: list[str] = []
    for line, row in records:
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise PlaceOfDeathError(f"row has {len(row)} field(s), expected {len(header)}",
                                    file=file, line=line)
        raw_code = row[columns["kommune_kode"]].strip() if "kommune_kode" in columns else ""
        raw_name = row[columns["kommune_navn"]].strip() if "kommune_navn" in columns else ""
        code = names.normalise_code(raw_code) if raw_code else None
        if raw_code and code is None:
            raise PlaceOfDeathError(f"expected a municipality code like 101 or 0101, found "
                                    f"{raw_code!r}", file=file, line=line, column="kommune_kode")
        named = names.match_name(raw_name) if raw_name else None
        aggregate = (code is not None and (code == 0 or code in names.REGION_CODES
                                           or code == names.CHRISTIANSOE)) or \
                    (code is None and names.is_aggregate_name(raw_name))
        if aggregate:
            skipped.append(f"line {line}: {raw_code or raw_name} (not a municipality)")
            continue
        if code is None:
            if named is None:
                if not raw_name:
                    raise PlaceOfDeathError("neither kommune_kode nor kommune_navn is filled in",
                                            file=file, line=line)
                hint = names.suggest(raw_name)
                raise PlaceOfDeathError(f"municipality name {raw_name!r} not recognised"
                                        + (f"; did you mean {hint}?" if hint else ""),
                                        file=file, line=line, column="kommune_navn")
            code = named
        if code not in names.CODES:
            raise PlaceOfDeathError(f"unknown municipality code {raw_code!r}", file=file,
                                    line=line, column="kommune_kode")
        if raw_name and named is not None and named != code:
            raise PlaceOfDeathError(f"code {raw_code} and name {raw_name!r} are different "
                                    "municipalities", file=file, line=line)
        raw_place = row[columns["doedssted"]]
        place = _CATEGORY_ALIASES.get(names.fold(raw_place))
        if place is None:
            raise PlaceOfDeathError(
                f"unknown place of death {raw_place!r}; expected one of "
                f"{', '.join(CATEGORIES + (TOTAL,))}", file=file, line=line, column="doedssted")
        try:
            period = period_label(row[columns["periode"]], source=file)
        except SourceError:
            raise PlaceOfDeathError(f"expected a year or a span like 2021-2023, found "
                                    f"{row[columns['periode']]!r}", file=file, line=line,
                                    column="periode") from None
        count = _count(row[columns["antal"]], file, line)
        if code not in universe:
            continue
        key = (code, period, place)
        if key in first_seen:
            raise PlaceOfDeathError(f"a second {place} row for {code} in {period} (first on line "
                                    f"{first_seen[key]})", file=file, line=line)
        first_seen[key] = line
        counts.setdefault((code, period), {})[place] = count
    if not counts:
        raise PlaceOfDeathError("no rows for the snapshot's municipalities", file=file)

    observations = []
    suppressed = 0
    periods = sorted({period for _, period in counts})
    for (code, period), places in sorted(counts.items()):
        if "sygehus" not in places:
            raise PlaceOfDeathError(f"no sygehus row for municipality {code} in {period}",
                                    file=file)
        hospital = places["sygehus"]
        if TOTAL in places:
            total = places[TOTAL]
            known = sum(v for p, v in places.items() if p != TOTAL and v is not None)
            if total is not None and total < known:
                raise PlaceOfDeathError(f"i_alt ({total}) is smaller than the sum of the places "
                                        f"({known}) for municipality {code} in {period}", file=file)
        else:
            parts = [places.get(p, 0) for p in CATEGORIES]
            total = None if any(v is None for v in parts) else sum(parts)  # type: ignore[misc]
        share = None if hospital is None or not total else 100.0 * hospital / total
        if share is None:
            suppressed += 1
        observations.append(Observation(INDICATOR, code, period, share, SOURCE_KEY))
    return DeathsResult(observations, periods, skipped, suppressed)


def deaths_source_result(parsed: DeathsResult, *, origin: str, sha256: str) -> SourceResult:
    result = SourceResult("deaths", observations=parsed.observations, owned_indicators={INDICATOR})
    result.source_rows.append({
        "source": SOURCE_KEY, "publisher": "Sundhedsdatastyrelsen", "table": "Dødsårsagsregisteret",
        "title": "Dødsfald efter dødssted og bopælskommune, "
                 + (f"{parsed.periods[0]}-{parsed.periods[-1]}" if len(parsed.periods) > 1
                    else parsed.periods[0])
                 + " (særkørsel eller brugerens egen fil; hospice tælles ikke som sygehus)",
        "url": origin if origin.startswith("http") else
        "https://www.esundhed.dk/Emner/Hvad-doer-vi-af/Doedsaarsager",
        "licence": "Gengivelse med kildeangivelse",
    })
    result.manifest = {"origin": origin, "sha256": sha256, "periods": parsed.periods,
                       "skipped_rows": parsed.skipped, "empty_shares": parsed.suppressed_shares,
                       "definition": "100 * sygehus / all deaths; hospice not counted as hospital"}
    if parsed.skipped:
        result.notes.append(f"place of death: {len(parsed.skipped)} aggregate row(s) skipped "
                            f"(not municipalities): " + "; ".join(parsed.skipped[:5]))
    if parsed.suppressed_shares:
        result.notes.append(f"place of death: {parsed.suppressed_shares} share(s) empty because a "
                            "count was suppressed ('< 5')")
    return result


__all__ = ["parse_place_of_death", "deaths_source_result", "PlaceOfDeathError", "format_value"]
