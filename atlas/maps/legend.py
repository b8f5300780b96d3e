"""The map legend's HTML for Streamlit (drawn outside the map, not by branca), from the
renderer-neutral legend of atlas.views.choropleth: a row per class plus a separate, hatched
"no data" row with its own count."""

from __future__ import annotations

import html

from ..views.choropleth import Legend
from ..views.palettes import NO_DATA

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
