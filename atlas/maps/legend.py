"""The map legend's HTML for Streamlit (drawn outside the map, not by branca), from the
renderer-neutral legend of atlas.views.choropleth: a row per class plus a separate, hatched
"no data" row with its own count."""

from __future__ import annotations

import html

from ..views.choropleth import BivariateLegend, Legend
from ..views.palettes import NO_DATA, OUTLINE_COLOUR, relative_luminance

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


def bivariate_legend_html(grid: BivariateLegend) -> str:
    """The 3 x 3 legend grid of a bivariate map: the second variable's tertiles as rows (high
    at the top), the first's as columns (high at the right), each cell with its count; the
    outlined cell framed like its municipalities on the map; the "no data" count below."""
    esc = html.escape
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
