"""HTML for the map page's side panel: the selected municipality's value in large type."""

from __future__ import annotations

import html

from atlas.i18n import render
from atlas.views.map_page import Selected


def value_html(selected: Selected, lang: str) -> str:
    """The value (rendered in `lang`) with its unit, large (the unit only when there is a
    value)."""
    unit = f" {html.escape(selected.unit_text)}" if selected.unit_text else ""
    number = html.escape(render(selected.number_text, lang))
    return (f'<div class="atlas-value" style="font-size:2.3rem;font-weight:600;'
            f'line-height:1.15;margin-bottom:.3rem">{number}'
            f'<span style="font-size:1.05rem;font-weight:400">{unit}</span></div>')
