"""Statistics Denmark's StatBank API (https://api.statbank.dk/v1): one generic client driven by the
declarative `table_specs.toml`.

For each table: POST /tableinfo (what variables and codes exist now), resolve the spec's
selection against it, POST /data as CSV with `valuePresentation=Code`, `lang=da`, parse the CSV
by header name and derive the atlas indicators. The requests and the checks of every response
(error bodies, reshaped or truncated tables, unknown area codes) are in
`atlas.connectors.statbank_api`; this module reads the specs, chooses what to ask for and
derives the indicators.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from atlas.connectors import names
from atlas.connectors.common import (
    Observation,
    SourceResult,
    format_value,
    period_label,
    period_sort_key,
)
from atlas.connectors.statbank_api import (
    SOURCE,
    STATBANK_URL,
    DataRow,
    StatbankApiError,
    StatbankClient,
    StatbankError,
    TableInfo,
    parse_data_csv,
    parse_tableinfo,
)
from atlas.connectors.transport import Transport, redact_url
from atlas.errors import SourceError

SPECS_FILE = Path(__file__).with_name("table_specs.toml")
CELL_LIMIT = 1_000_000            # DST's limit for non-streaming formats (rows x fields)


# ------------------------------------------------------------------------------------------
# table specs
# ------------------------------------------------------------------------------------------

Selector = Any  # str | list | {"first_of": [...]} | {"any_of": [...]}


@dataclass(frozen=True)
class Derivation:
    indicator: str
    kind: str                     # value | ratio | per_population
    where: Mapping[str, Selector] = field(default_factory=dict)
    numerator: Mapping[str, Selector] = field(default_factory=dict)
    denominator: Mapping[str, Selector] = field(default_factory=dict)
    scale: float = 1.0


@dataclass(frozen=True)
class TableSpec:
    id: str
    source: str
    title: str
    area: str
    select: Mapping[str, Selector]
    periods: Any
    collapse_to_year: bool
    derivations: tuple[Derivation, ...]
    note: str = ""


@dataclass(frozen=True)
class PopulationSpec:
    table: str
    area: str
    select: Mapping[str, Selector]
    quarters: tuple[str, ...]


@dataclass(frozen=True)
class Specs:
    tables: tuple[TableSpec, ...]
    population: PopulationSpec

    def table(self, table_id: str) -> TableSpec:
        for spec in self.tables:
            if spec.id.casefold() == table_id.casefold():
                return spec
        known = ", ".join(s.id for s in self.tables)
        raise SourceError(f"{SOURCE}: no spec for table {table_id!r} (known: {known})")


KINDS = ("value", "ratio", "per_population")


def load_specs(path: Path = SPECS_FILE) -> Specs:
    """Read and check table_specs.toml (structure only; codes are checked against tableinfo)."""
    with open(path, "rb") as handle:
        document = tomllib.load(handle)
    where = path.name
    tables = []
    for number, entry in enumerate(document.get("table", []), start=1):
        label = f"{where}: table #{number} ({entry.get('id', '?')})"
        for key in ("id", "source", "title", "area", "indicator"):
            if key not in entry:
                raise SourceError(f"{label} lacks '{key}'")
        derivations = []
        for item in entry["indicator"]:
            kind = item.get("kind", "value")
            if kind not in KINDS:
                raise SourceError(f"{label}: indicator {item.get('id')} has kind {kind!r}; "
                                  f"expected one of {KINDS}")
            if kind == "ratio" and not (item.get("numerator") and item.get("denominator")):
                raise SourceError(f"{label}: ratio {item.get('id')} needs numerator and "
                                  "denominator")
            derivations.append(Derivation(item["id"], kind, item.get("where", {}),
                                          item.get("numerator", {}), item.get("denominator", {}),
                                          float(item.get("scale", 1.0))))
        tables.append(TableSpec(entry["id"], entry["source"], entry["title"], entry["area"],
                                entry.get("select", {}), entry.get("periods", "latest"),
                                entry.get("period_label", "as_is") == "year",
                                tuple(derivations), entry.get("note", "")))
    population = document.get("population")
    if not population:
        raise SourceError(f"{where}: lacks the [population] section")
    return Specs(tuple(tables), PopulationSpec(population["table"], population["area"],
                                               population.get("select", {}),
                                               tuple(population.get("quarters", ["K3"]))))


def resolve_selector(selector: Selector, codes: list[str], *, table: str,
                     variable: str) -> list[str]:
    """Codes chosen by a spec selector among `codes` (tableinfo order, no duplicates).

    "X" a code that must exist; "*" all; ">=65" all whole-number codes >= 65;
    {first_of=[…]} the first that exists; {any_of=[…]} all that exist (at least one);
    a list: the union of its items.
    """
    where = f"{SOURCE}, table {table}, variable {variable}"
    available = list(codes)
    chosen: list[str]
    if isinstance(selector, list):
        chosen = []
        for item in selector:
            chosen += resolve_selector(item, codes, table=table, variable=variable)
    elif isinstance(selector, dict):
        if set(selector) == {"first_of"}:
            found = [code for code in selector["first_of"] if code in available]
            if not found:
                raise StatbankError(f"{where}: none of {selector['first_of']} exists "
                                    f"(the table has {_preview(available)}); the table changed")
            chosen = found[:1]
        elif set(selector) == {"any_of"}:
            chosen = [code for code in selector["any_of"] if code in available]
            if not chosen:
                raise StatbankError(f"{where}: none of {selector['any_of']} exists "
                                    f"(the table has {_preview(available)}); the table changed")
        else:
            raise StatbankError(f"{where}: selector {selector!r} must be first_of or any_of")
    elif selector == "*":
        chosen = available
    elif isinstance(selector, str) and selector.startswith(">="):
        bound = int(selector[2:])
        chosen = [code for code in available if code.isdigit() and int(code) >= bound]
        if not chosen:
            raise StatbankError(f"{where}: no whole-number code {selector} (the table has "
                                f"{_preview(available)})")
    elif isinstance(selector, str):
        if selector not in available:
            raise StatbankError(f"{where}: code {selector!r} does not exist (the table has "
                                f"{_preview(available)}); the table changed — update "
                                "atlas/connectors/table_specs.toml")
        chosen = [selector]
    else:
        raise StatbankError(f"{where}: unsupported selector {selector!r}")
    return list(dict.fromkeys(chosen))


def _preview(codes: list[str], limit: int = 12) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f", … ({len(codes)} codes)" if len(codes) > limit else "")


def resolve_periods(periods: Any, codes: list[str], *, table: str) -> list[str]:
    """'latest' | 'all' | {from = "2015"} | {latest = N} -> time codes, oldest first."""
    ordered = sorted(codes, key=period_sort_key)
    if not ordered:
        raise StatbankError(f"{SOURCE}, table {table}: tableinfo lists no periods")
    if periods == "latest":
        return ordered[-1:]
    if periods == "all":
        return ordered
    if isinstance(periods, dict) and "from" in periods:
        start = period_sort_key(str(periods["from"]))
        chosen = [code for code in ordered if period_sort_key(code) >= start]
    elif isinstance(periods, dict) and "latest" in periods:
        chosen = ordered[-int(periods["latest"]):]
    else:
        raise StatbankError(f"{SOURCE}, table {table}: unsupported periods {periods!r}")
    if not chosen:
        raise StatbankError(f"{SOURCE}, table {table}: no period matches {periods!r} "
                            f"(latest is {ordered[-1]})")
    return chosen


def check_area_codes(info: TableInfo, area: str) -> tuple[list[str], list[str]]:
    """Split the area variable's codes into municipalities and others; refuse a table whose
    codes and names disagree with the 98 municipalities (a renumbered or reshaped table)."""
    variable = info.variable(area)
    if variable is None:
        raise StatbankError(f"{SOURCE}, table {info.id}: area variable {area!r} is missing "
                            f"(variables: {', '.join(v.id for v in info.variables)}); the table "
                            "changed — update atlas/connectors/table_specs.toml")
    municipal, other = [], []
    for code, text in variable.values:
        number = names.normalise_code(code)
        named = names.match_name(text)
        if number in names.CODES:
            if named is not None and named != number:
                raise StatbankError(
                    f"{SOURCE}, table {info.id}: area code {code!r} is labelled {text!r}, which "
                    f"is municipality {named}; codes and names disagree")
            municipal.append(code)
        else:
            if named is not None and not names.is_aggregate_name(text):
                raise StatbankError(
                    f"{SOURCE}, table {info.id}: unknown area code {code!r} for {text!r} "
                    f"(municipality {named} has code {named}); the municipality codes changed")
            other.append(code)
    return municipal, other


# ------------------------------------------------------------------------------------------
# fetching one table and deriving indicators
# ------------------------------------------------------------------------------------------

@dataclass
class TableResult:
    spec: TableSpec
    info: TableInfo
    observations: list[Observation]
    periods: dict[str, str]               # code -> label
    unpublished: list[int]                # universe municipalities absent from the table
    suppressed: int
    notes: list[str]


def _build_selection(spec_select: Mapping[str, Selector], info: TableInfo, table: str,
                     area: str, area_codes: list[str],
                     time_codes: list[str]) -> dict[str, list[str]]:
    selection: dict[str, list[str]] = {}
    area_variable = info.variable(area)
    assert area_variable is not None
    selection[area_variable.id] = area_codes
    for variable_id, selector in spec_select.items():
        variable = info.variable(variable_id)
        if variable is None:
            raise StatbankError(
                f"{SOURCE}, table {table}: variable {variable_id!r} no longer exists (variables: "
                f"{', '.join(v.id for v in info.variables)}); the table changed — update "
                "atlas/connectors/table_specs.toml")
        selection[variable.id] = resolve_selector(selector, variable.codes, table=table,
                                                  variable=variable.id)
    time_variable = info.time_variable
    selection[time_variable.id] = time_codes
    for variable in info.variables:
        if variable.id not in selection and not variable.elimination:
            raise StatbankError(
                f"{SOURCE}, table {table}: variable {variable.id!r} must be selected (it cannot "
                "be eliminated) but the spec does not mention it; the table changed — update "
                "atlas/connectors/table_specs.toml")
    return selection


def _chunks(selection: dict[str, list[str]], time_id: str) -> Iterable[dict[str, list[str]]]:
    """Split a request by period so that no request exceeds DST's cell limit."""
    rows = 1
    for codes in selection.values():
        rows *= len(codes)
    cells = rows * (len(selection) + 1)
    if cells <= CELL_LIMIT or len(selection[time_id]) == 1:
        yield selection
        return
    per_period = cells // len(selection[time_id])
    size = max(1, CELL_LIMIT // max(1, per_period))
    times = selection[time_id]
    for start in range(0, len(times), size):
        yield {**selection, time_id: times[start:start + size]}


def fetch_rows(client: StatbankClient, info: TableInfo, select: Mapping[str, Selector],
               area: str, area_codes: list[str],
               time_codes: list[str]) -> tuple[dict, list[DataRow]]:
    selection = _build_selection(select, info, info.id, area, area_codes, time_codes)
    rows: list[DataRow] = []
    for chunk in _chunks(selection, info.time_variable.id):
        rows += client.data(info.id, chunk, area=info.variable(area).id)
    return selection, rows


def _matches(row: DataRow, allowed: Mapping[str, set[str]]) -> bool:
    return all(row.codes[variable] in codes for variable, codes in allowed.items())


def _resolve_filter(filter_spec: Mapping[str, Selector], selection: Mapping[str, list[str]],
                    table: str, indicator: str) -> dict[str, set[str]]:
    resolved: dict[str, set[str]] = {}
    lookup = {v.casefold(): v for v in selection}
    for variable_id, selector in filter_spec.items():
        variable = lookup.get(variable_id.casefold())
        if variable is None:
            raise StatbankError(f"{SOURCE}, table {table}: indicator {indicator} filters on "
                                f"{variable_id!r}, which is not selected")
        resolved[variable] = set(resolve_selector(selector, selection[variable], table=table,
                                                  variable=variable))
    return resolved


def _check_unambiguous(filters: dict[str, set[str]], selection: Mapping[str, list[str]],
                       fixed: set[str], table: str, indicator: str, summed: bool) -> None:
    for variable, codes in selection.items():
        if variable in fixed or variable in filters:
            continue
        if len(codes) > 1:
            raise StatbankError(f"{SOURCE}, table {table}: indicator {indicator} does not say "
                                f"which {variable} to use ({len(codes)} selected); fix the spec")
    if not summed:
        for variable, codes in filters.items():
            if len(codes) > 1:
                raise StatbankError(f"{SOURCE}, table {table}: indicator {indicator} selects "
                                    f"several {variable} codes for a single value; use a ratio")


def derive(spec: TableSpec, selection: Mapping[str, list[str]], rows: list[DataRow],
           area_id: str, time_id: str, universe: Iterable[int], periods: dict[str, str],
           population: Mapping[tuple[int, str], float | None] | None = None) -> list[Observation]:
    """Turn the table's rows into observations for every universe municipality and period.

    A municipality absent from the table, or any suppressed input, gives an empty value.
    """
    groups: dict[tuple[int, str], list[DataRow]] = {}
    for row in rows:
        code = names.normalise_code(row.codes[area_id])
        groups.setdefault((code, row.codes[time_id]), []).append(row)
    fixed = {area_id, time_id}
    observations: list[Observation] = []
    for derivation in spec.derivations:
        name = derivation.indicator
        if derivation.kind == "ratio":
            numerator = _resolve_filter(derivation.numerator, selection, spec.id, name)
            denominator = _resolve_filter(derivation.denominator, selection, spec.id, name)
            for filters in (numerator, denominator):
                _check_unambiguous(filters, selection, fixed, spec.id, name, summed=True)
        else:
            where = _resolve_filter(derivation.where, selection, spec.id, name)
            _check_unambiguous(where, selection, fixed, spec.id, name, summed=False)
        for code in sorted(universe):
            for time_code, label in periods.items():
                group = groups.get((code, time_code))
                value: float | None = None
                if group:
                    if derivation.kind == "ratio":
                        top = _sum([r.value for r in group if _matches(r, numerator)])
                        bottom = _sum([r.value for r in group if _matches(r, denominator)])
                        value = (None if top is None or not bottom
                                 else derivation.scale * top / bottom)
                    else:
                        matching = [r.value for r in group if _matches(r, where)]
                        value = matching[0] if len(matching) == 1 else None
                        if derivation.kind == "per_population":
                            people = (population or {}).get((code, label))
                            value = (None if value is None or not people
                                     else derivation.scale * value / people)
                        elif value is not None:
                            value *= derivation.scale
                observations.append(Observation(name, code, label, value, spec.source))
    return observations


def _sum(values: list[float | None]) -> float | None:
    """Sum, or None if anything is suppressed: a partial sum is never passed off as a total."""
    if not values or any(v is None for v in values):
        return None
    return float(sum(values))  # type: ignore[arg-type]


def _label_periods(codes: list[str], spec_collapse: bool, table: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for code in codes:
        label = period_label(code, collapse_to_year=spec_collapse,
                             source=f"{SOURCE}, table {table}")
        clash = next((other for other, seen in labels.items() if seen == label), None)
        if clash:
            raise StatbankError(f"{SOURCE}, table {table}: periods {clash} and {code} would both "
                                f"be labelled {label}; choose one period per year in the spec")
        labels[code] = label
    return labels


def fetch_table(client: StatbankClient, spec: TableSpec, universe: set[int],
                population_lookup: Callable[[list[str]], Mapping[tuple[int, str], float | None]]
                | None = None) -> TableResult:
    info = client.tableinfo(spec.id)
    municipal, _others = check_area_codes(info, spec.area)
    wanted = [code for code in municipal if names.normalise_code(code) in universe]
    if not wanted:
        raise StatbankError(f"{SOURCE}, table {spec.id}: none of the municipalities is in the "
                            f"table's {spec.area} variable")
    time_codes = resolve_periods(spec.periods, info.time_variable.codes, table=spec.id)
    periods = _label_periods(time_codes, spec.collapse_to_year, spec.id)
    selection, rows = fetch_rows(client, info, spec.select, spec.area, wanted, time_codes)
    area_id = info.variable(spec.area).id
    population = None
    if any(d.kind == "per_population" for d in spec.derivations):
        if population_lookup is None:
            raise StatbankError(f"{SOURCE}, table {spec.id}: needs population figures")
        population = population_lookup(sorted(set(periods.values())))
    observations = derive(spec, selection, rows, area_id, info.time_variable.id, universe,
                          periods, population)
    published = {names.normalise_code(code) for code in wanted}
    unpublished = sorted(universe - published)
    notes = []
    if unpublished:
        plural = "y" if len(unpublished) == 1 else "ies"
        notes.append(f"{spec.id}: {len(unpublished)} municipalit{plural} "
                     f"not in the table, written as not published: "
                     + ", ".join(str(c) for c in unpublished[:12])
                     + (" …" if len(unpublished) > 12 else ""))
    collapsed = {code: label for code, label in periods.items() if code != label
                 and not re.fullmatch(r"\d{4}:\d{4}", code)}
    if collapsed:
        notes.append(f"{spec.id}: period " + ", ".join(
            f"{code} shown as {label}" for code, label in collapsed.items()))
    suppressed = sum(1 for o in observations if o.value is None)
    return TableResult(spec, info, observations, periods, unpublished, suppressed, notes)


class PopulationLookup:
    """Population per municipality and year label, for per-population rates (SYGP1, HJEMSYG).

    Uses FOLK1A on the first day of a preferred quarter of that year (default 1 July = K3, the
    mid-year population), else the year's other quarters in the spec's order.
    """

    def __init__(self, client: StatbankClient, spec: PopulationSpec, universe: set[int]) -> None:
        self.client, self.spec, self.universe = client, spec, universe
        self.quarter_used: dict[str, str] = {}
        self._info: TableInfo | None = None

    def __call__(self, years: list[str]) -> dict[tuple[int, str], float | None]:
        if self._info is None:
            self._info = self.client.tableinfo(self.spec.table)
        info = self._info
        available = set(info.time_variable.codes)
        chosen: dict[str, str] = {}
        for year in years:
            if not re.fullmatch(r"\d{4}", year):
                raise StatbankError(f"{SOURCE}: a per-population rate needs a yearly period, "
                                    f"got {year!r}")
            code = next((f"{year}{q}" for q in self.spec.quarters if f"{year}{q}" in available),
                        None)
            if code is None:
                raise StatbankError(f"{SOURCE}, table {self.spec.table}: no population for {year} "
                                    f"(quarters tried: {', '.join(self.spec.quarters)})")
            chosen[code] = year
        municipal, _ = check_area_codes(info, self.spec.area)
        wanted = [c for c in municipal if names.normalise_code(c) in self.universe]
        selection, rows = fetch_rows(self.client, info, self.spec.select, self.spec.area,
                                     wanted, list(chosen))
        area_id, time_id = info.variable(self.spec.area).id, info.time_variable.id
        for variable, codes in selection.items():
            if variable not in (area_id, time_id) and len(codes) != 1:
                raise StatbankError(f"{SOURCE}: the population spec must select one {variable}")
        self.quarter_used.update({year: code for code, year in chosen.items()})
        return {(names.normalise_code(r.codes[area_id]), chosen[r.codes[time_id]]): r.value
                for r in rows}


def source_row(spec: TableSpec, info: TableInfo, periods: dict[str, str]) -> dict[str, str]:
    title = spec.title
    collapsed = [f"{code} vist som {label}" for code, label in periods.items()
                 if code != label and not re.fullmatch(r"\d{4}:\d{4}", code)]
    if collapsed:
        title += f" ({'; '.join(collapsed)})"
    return {"source": spec.source, "publisher": "Danmarks Statistik", "table": spec.id,
            "title": title, "url": f"https://www.statistikbanken.dk/{spec.id}",
            "licence": "CC BY 4.0"}


def fetch_statbank(transport: Transport, universe: set[int], *, tables: list[str] | None = None,
                   specs: Specs | None = None, base_url: str = STATBANK_URL,
                   on_table: Callable[[str], None] | None = None) -> SourceResult:
    """Fetch every (or the named) spec'd table. Raises on the first table that fails."""
    specs = specs or load_specs()
    chosen = [specs.table(t) for t in tables] if tables else list(specs.tables)
    client = StatbankClient(transport, base_url)
    population = PopulationLookup(client, specs.population, universe)
    result = SourceResult("statbank")
    by_source: dict[str, dict[str, str]] = {}
    for spec in chosen:
        if on_table:
            on_table(spec.id)
        table = fetch_table(client, spec, universe, population)
        result.observations += table.observations
        result.owned_indicators |= {d.indicator for d in spec.derivations}
        result.notes += table.notes
        row = source_row(spec, table.info, table.periods)
        if spec.source in by_source and by_source[spec.source]["table"] != spec.id:
            raise StatbankError(f"{SOURCE}: source key {spec.source} is used by two tables")
        by_source[spec.source] = row
        result.manifest[spec.id] = {
            "title": table.info.text, "updated": table.info.updated, "unit": table.info.unit,
            "source": spec.source, "periods": table.periods,
            "indicators": [d.indicator for d in spec.derivations],
            "unpublished_municipalities": table.unpublished,
            "empty_values": table.suppressed,
        }
        if spec.note:
            result.notes.append(f"{spec.id}: {spec.note}")
    if population.quarter_used:
        result.manifest["population_denominator"] = {
            "table": specs.population.table, "quarter_by_year": population.quarter_used}
        result.notes.append("per-population rates use FOLK1A population "
                            + ", ".join(f"{code} for {year}" for year, code
                                        in sorted(population.quarter_used.items())))
    result.source_rows = list(by_source.values())
    result.manifest["base_url"] = redact_url(base_url)
    return result


__all__ = ["StatbankClient", "StatbankError", "StatbankApiError", "TableInfo", "parse_data_csv",
           "parse_tableinfo", "load_specs", "fetch_statbank", "format_value"]
