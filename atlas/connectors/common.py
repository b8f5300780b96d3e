"""Types and helpers shared by the connectors: an observation row, a connector's result, period
labels and value formatting in the snapshot format (see shared/data/sources/README.md)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from atlas.errors import SourceError

_YEAR = re.compile(r"^(\d{4})$")
_SPAN = re.compile(r"^(\d{4})\s*[:\-–]\s*(\d{4})$")
_SUB_YEAR = re.compile(r"^(\d{4})(K[1-4]|M(0[1-9]|1[0-2])|H[12]|U\d{2})$")


@dataclass(frozen=True)
class Observation:
    """One row of observations.csv. `value` None = not published / suppressed (never 0)."""

    indicator: str
    kommune_kode: int
    period: str
    value: float | None
    source: str


@dataclass
class SourceResult:
    """What one connector hands to `atlas fetch`.

    `owned_indicators`: every indicator id this source is responsible for; the fetch replaces
    all of their rows in the base snapshot, even ids for which nothing came back.
    `source_rows`: rows for sources.csv. `files`: extra snapshot files (relative path -> bytes).
    `manifest`: provenance for fetch_manifest.json. `notes`: things a user should read.
    """

    name: str
    observations: list[Observation] = field(default_factory=list)
    owned_indicators: set[str] = field(default_factory=set)
    source_rows: list[dict[str, str]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def period_label(code: str, *, collapse_to_year: bool = False, source: str = "") -> str:
    """The snapshot label for a source period code.

    '2024' -> '2024'; '2021:2025' -> '2021-2025'. Sub-year codes ('2026K1', '2024M03',
    '2025H1') become their year only when `collapse_to_year` is set (the spec says so for tables
    whose latest quarter stands for the year); otherwise they are an error, because the snapshot
    format has no sub-year periods.
    """
    text = str(code).strip()
    if _YEAR.match(text):
        return text
    span = _SPAN.match(text)
    if span:
        start, end = span.groups()
        if start > end:
            raise SourceError(f"{source}: period {text!r} runs backwards")
        return f"{start}-{end}" if start != end else start
    sub = _SUB_YEAR.match(text)
    if sub and collapse_to_year:
        return sub.group(1)
    raise SourceError(f"{source}: unexpected period code {text!r} (expected a year like 2024 "
                      "or a span like 2021:2025)")


def period_sort_key(code: str) -> tuple[int, int, int]:
    """Chronological key for DST time codes: by end year, then start year, then sub-period."""
    years = re.findall(r"\d{4}", code)
    if not years:
        return (0, 0, 0)
    sub = re.search(r"[KMHU](\d+)$", code)
    return (int(years[-1]), int(years[0]), int(sub.group(1)) if sub else 0)


def format_value(value: float | None) -> str:
    """Decimal point, no exponent, at most 4 decimals, no trailing zeros; None -> ''."""
    if value is None:
        return ""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text




