"""The map legend as data, and its HTML for Streamlit (drawn outside the map, not by branca).

A legend row per class (colour, bounds in the indicator's decimals and the language's number
format, how many municipalities fall in it) plus a separate "no data" row with its own count and
hatched style: municipalities without data are never folded into a class.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from ..i18n import format_count, format_number, t
from .classify import Classification
from .palettes import NO_DATA, palette


@dataclass(frozen=True)
class LegendRow:
    colour: str
    lower: float
    upper: float
    label: str          # "12,3 – 15,6"
    count: int
    count_label: str    # "20 kommuner"


@dataclass(frozen=True)
class Legend:
    title: str           # the indicator's label
    unit: str
    rows: tuple[LegendRow, ...]   # ascending values
    no_data_count: int
    no_data_label: str   # "ingen data"
    no_data_count_label: str
    note: str            # "Mørkere farve = dårligere"
    method_label: str    # "Kvantiler"
    reduced_note: str | None
    decimals: int        # decimals used for the bounds (may exceed the indicator's)

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows) + self.no_data_count


def _labels(lower: tuple[float, ...], upper: tuple[float, ...], decimals: int,
            lang: str) -> list[str]:
    return [f"{format_number(lo, decimals, lang)} – {format_number(hi, decimals, lang)}"
            for lo, hi in zip(lower, upper)]


def legend_decimals(classification: Classification, decimals: int, lang: str = "da") -> int:
    """The indicator's decimals, or up to two more if rounding would make two bounds read alike."""
    bounds = classification.upper
    for extra in range(0, 3):
        places = decimals + extra
        texts = [format_number(b, places, lang) for b in bounds]
        if len(set(texts)) == len(texts):
            return places
    return decimals + 2


def build_legend(classification: Classification, indicator: Any, lang: str) -> Legend:
    """Legend rows for `classification` of `indicator` (a registry Indicator)."""
    colours = palette(indicator.direction, classification.k) if classification.k else ()
    places = legend_decimals(classification, indicator.decimals, lang)
    labels = _labels(classification.lower, classification.upper, places, lang)
    rows = tuple(
        LegendRow(colour=colour, lower=lo, upper=hi, label=label, count=count,
                  count_label=format_count(count, lang))
        for colour, lo, hi, label, count in zip(
            colours, classification.lower, classification.upper, labels, classification.counts)
    )
    note = t("legend.darker.higher" if indicator.direction == "neutral"
             else "legend.darker.worse", lang)
    return Legend(
        title=indicator.label(lang),
        unit=indicator.unit(lang),
        rows=rows,
        no_data_count=classification.no_data,
        no_data_label=t("no_data", lang),
        no_data_count_label=format_count(classification.no_data, lang),
        note=note,
        method_label=t(f"classification.{classification.method}", lang),
        reduced_note=(t("classes.reduced", lang, k=classification.k)
                      if classification.reduced else None),
        decimals=places,
    )


NO_DATA_SWATCH_CSS = (
    f"background-color:{NO_DATA.fill};"
    f"background-image:repeating-linear-gradient(45deg,{NO_DATA.hatch} 0 1.5px,"
    f"transparent 1.5px 6px);"
)


def legend_html(legend: Legend) -> str:
    """Self-contained HTML (inline styles only) for st.html / st.markdown."""
    esc = html.escape
    swatch = ("display:inline-block;width:2.1em;height:1.25em;border:1px solid #555;"
              "border-radius:2px;flex:none;")
    row_style = ("display:flex;flex-wrap:wrap;align-items:center;column-gap:.6em;"
                 "margin:.18em 0;font-variant-numeric:tabular-nums;")
    count_style = "margin-left:auto;color:#444;white-space:nowrap;padding-left:.8em;"
    parts = [
        '<div class="atlas-legend" role="list" style="font-size:1rem;line-height:1.3;">',
        f'<div style="font-weight:600;margin-bottom:.1em;">{esc(legend.unit)}</div>',
        f'<div style="color:#444;font-size:.85em;margin-bottom:.35em;">'
        f'{esc(legend.method_label)} · {esc(legend.note)}</div>',
    ]
    for row in legend.rows:
        parts.append(
            f'<div role="listitem" class="atlas-legend-row" style="{row_style}">'
            f'<span style="{swatch}background:{row.colour};"></span>'
            f'<span style="white-space:nowrap">{esc(row.label)}</span>'
            f'<span style="{count_style}">{esc(row.count_label)}</span></div>'
        )
    parts.append(
        f'<div role="listitem" class="atlas-legend-row atlas-legend-nodata" '
        f'style="{row_style}margin-top:.45em;">'
        f'<span style="{swatch}{NO_DATA_SWATCH_CSS}"></span>'
        f'<span style="white-space:nowrap">{esc(legend.no_data_label)}</span>'
        f'<span style="{count_style}">{esc(legend.no_data_count_label)}</span></div>'
    )
    if legend.reduced_note:
        parts.append(f'<div style="color:#444;font-size:.85em;margin-top:.3em;">'
                     f'{esc(legend.reduced_note)}</div>')
    parts.append("</div>")
    return "".join(parts)
