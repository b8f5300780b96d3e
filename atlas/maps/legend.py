"""The map legend's HTML for Streamlit (drawn outside the map, not by branca), from the
renderer-neutral legend of atlas.views.choropleth: a row per class plus a separate, hatched
"no data" row with its own count."""

from __future__ import annotations

import html

from atlas.i18n import render
from atlas.views.choropleth import BivariateLegend, Legend
from atlas.views.palettes import NO_DATA, OUTLINE_COLOUR, relative_luminance

NO_DATA_SWATCH_CSS = (
    f"background-color:{NO_DATA.fill};"
    f"background-image:repeating-linear-gradient(45deg,{NO_DATA.hatch} 0 1.5px,"
    f"transparent 1.5px 6px);"
)


# The legend's looks, by class: sent once per page (with the page's styles, or at the head of
# the legend HTML), so a state's legend carries only its texts and colours (issue 14: bytes
# per indicator switch).
LEGEND_CSS = (
    "<style>"
    ".atlas-legend{font-size:1rem;line-height:1.3}"
    ".atlas-legend-unit{font-weight:600;margin-bottom:.1em}"
    ".atlas-legend-note{color:#444;font-size:.85em;margin-bottom:.35em}"
    ".atlas-legend-row{display:flex;flex-wrap:wrap;align-items:center;column-gap:.6em;"
    "margin:.18em 0;font-variant-numeric:tabular-nums}"
    ".atlas-legend-nodata{margin-top:.45em}"
    ".atlas-legend-swatch{display:inline-block;width:2.1em;height:1.25em;border:1px solid #555;"
    "border-radius:2px;flex:none}"
    f".atlas-legend-nodata .atlas-legend-swatch{{{NO_DATA_SWATCH_CSS}}}"
    ".atlas-legend-label{white-space:nowrap}"
    ".atlas-legend-count{margin-left:auto;color:#444;white-space:nowrap;padding-left:.8em}"
    ".atlas-legend-reduced{color:#444;font-size:.85em;margin-top:.3em}"
    "</style>"
)


def legend_html(legend: Legend, lang: str, *, styles: bool = True) -> str:
    """The legend as HTML for st.html / st.markdown, its numbers and messages rendered in
    `lang`: its styles (LEGEND_CSS) first unless `styles=False` (the page sends LEGEND_CSS
    itself, once)."""
    def esc(item: object) -> str:
        return html.escape(render(item, lang) or "")

    def row(classes: str, swatch_style: str, label: str, count: str) -> str:
        return (f'<div role="listitem" class="{classes}">'
                f'<span class="atlas-legend-swatch"{swatch_style}></span>'
                f'<span class="atlas-legend-label">{esc(label)}</span>'
                f'<span class="atlas-legend-count">{esc(count)}</span></div>')

    parts = [
        LEGEND_CSS if styles else "",
        '<div class="atlas-legend" role="list">',
        f'<div class="atlas-legend-unit">{esc(legend.unit)}</div>',
        f'<div class="atlas-legend-note">{esc(legend.method_label)} · {esc(legend.note)}</div>',
    ]
    parts.extend(row("atlas-legend-row", f' style="background:{html.escape(item.colour)}"',
                     item.label,
                     item.count_label) for item in legend.rows)
    parts.append(row("atlas-legend-row atlas-legend-nodata", "", legend.no_data_label,
                     legend.no_data_count_label))
    if legend.reduced_note:
        parts.append(f'<div class="atlas-legend-reduced">{esc(legend.reduced_note)}</div>')
    parts.append("</div>")
    return "".join(parts)


def bivariate_legend_html(grid: BivariateLegend, lang: str) -> str:
    """The 3 x 3 legend grid of a bivariate map: the second variable's tertiles as rows (high
    at the top), the first's as columns (high at the right), each cell with its count; the
    outlined cell framed like its municipalities on the map; the "no data" count below.
    Numbers rendered in `lang`."""
    def esc(item: object) -> str:
        return html.escape(render(item, lang) or "")
    cell_style = ("display:flex;align-items:center;justify-content:center;min-height:3.1em;"
                  "font-weight:600;font-variant-numeric:tabular-nums;border-radius:2px;")
    tick_style = "font-size:.8em;color:#444;line-height:1.15;"
    parts = [
        '<div class="atlas-bivariate-legend" style="font-size:1rem;line-height:1.3;">',
        f'<div style="display:grid;grid-template-columns:auto repeat(3,minmax(3.6em,1fr));'
        f'gap:3px;align-items:stretch;" role="group" aria-label="{esc(grid.second_title)} × '
        f'{esc(grid.first_title)}">',
    ]
    for second in (2, 1, 0):
        parts.append(f'<div style="{tick_style}align-self:center;'
                     f'text-align:right;padding-right:.4em;">{esc(grid.second_ticks[second])}'
                     '</div>')
        for first in range(3):
            cell = grid.cell(first, second)
            ink = "#ffffff" if relative_luminance(cell.colour) < 0.2 else "#111111"
            frame = (f"outline:3px solid {OUTLINE_COLOUR};outline-offset:-3px;"
                     if cell.outlined else "")
            classes = "atlas-bivariate-cell" + (" atlas-bivariate-outlined" if cell.outlined
                                                else "")
            parts.append(
                f'<div class="{classes}" data-cell="{first}-{second}" '
                f'title="{esc(cell.label)}: {esc(cell.count_label)}" '
                f'style="{cell_style}background:{cell.colour};color:{ink};{frame}">'
                f'{cell.count}</div>')
    parts.append('<div></div>')
    for first in range(3):
        parts.append(f'<div style="{tick_style}text-align:center;">'
                     f'{esc(grid.first_ticks[first])}</div>')
    parts.append("</div>")
    parts.append(f'<div style="margin-top:.3em;font-size:.9em;"><b>→</b> {esc(grid.first_title)}'
                 f'<br><b>↑</b> {esc(grid.second_title)}</div>')
    parts.append(
        f'<div class="atlas-legend-row atlas-legend-nodata" style="display:flex;align-items:'
        f'center;column-gap:.6em;margin-top:.45em;"><span style="display:inline-block;'
        f'width:2.1em;height:1.25em;border:1px solid #555;border-radius:2px;'
        f'{NO_DATA_SWATCH_CSS}"></span><span>{esc(grid.no_data_label)}</span>'
        f'<span style="margin-left:auto;color:#444;">{esc(grid.no_data_count_label)}</span>'
        '</div>')
    if grid.note:
        parts.append(f'<div style="color:#444;font-size:.85em;margin-top:.35em;">'
                     f'{esc(grid.note)}</div>')
    parts.append("</div>")
    return "".join(parts)
