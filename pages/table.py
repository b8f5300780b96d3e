"""The journalist's table: all municipalities x chosen indicators; filters, sorting, rank
columns and downloads of exactly what is shown.

Layout and widgets only: the state comes from the URL (atlas.views.table.SCHEMA), the view
assembles the rows and their formats, atlas.exports writes the files; the widgets' callbacks
are in atlas.ui.table_controls.
"""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.ui import table_controls as tc
from atlas.ui.scaffold import open_page
from atlas.views import municipal
from atlas.views import table as tv
from atlas.views.urlstate import link

page = open_page(tv.parse_state, municipal.context)
state, context, lang, embedded = page.state, page.context, page.lang, page.embedded
view = tv.build_view(state, context)


def text(key: str, **fields) -> str:
    return tv.text(key, lang, **fields)


tc.set_widgets(state)
if not embedded:   # an embed shows no sidebar
    with st.sidebar:
        st.selectbox(text("region"), options=[tc.ALL, *context.regions],
                     format_func=lambda c: text("all_regions") if c == tc.ALL
                     else context.regions[c], key="table_region", placeholder=text("all_regions"),
                     on_change=ui.set_param,
                     args=("region", "table_region"), kwargs={"empty": tc.ALL})
        st.selectbox(text("gruppe"), options=[tc.ALL, *context.groups],
                     format_func=lambda c: text("all_groups") if c == tc.ALL
                     else context.groups[c], key="table_gruppe", placeholder=text("all_groups"),
                     on_change=ui.set_param,
                     args=("gruppe", "table_gruppe"), kwargs={"empty": tc.ALL})
        # lazy, like the map's definition: the sliders (and Streamlit's slider code, which a new
        # visitor's browser would load first) are sent only while it is open; open when the
        # URL filters
        with st.expander(text("filters"), key=tc.FILTERS_KEY, on_change="rerun",
                         expanded=tc.filtering(state)) as filters:
            if filters.open:
                st.select_slider(text("population"), options=view.population_steps,
                                 value=view.population_current, key=tc.population_key(view),
                                 format_func=tc.population_text(view),
                                 on_change=tc.on_population, args=(view,))
                st.caption(text("value_filters.help"))
                for control in view.ranges:   # stops written in the page's language
                    st.select_slider(ui.md(control.label), options=tuple(control.stops.numbers),
                                     value=control.current, key=tc.range_key(control),
                                     format_func=tc.range_text(control, lang),
                                     on_change=tc.on_ranges, args=(view,))
ui.sync_url(view.permalink, tv.SCHEMA.names)

# `?embed=true` (an article's iframe): the compact layout, i.e. the table as the URL chose it
# (columns, filters, sorting), its notes and source line and a link back to the full view
st.title(text("page"))
if not embedded:
    st.caption(text("intro"))
page.show_notices()
for notice in view.notices:   # values the table adjusted (a population bound out of range)
    st.warning(ui.render(notice, lang), icon="⚠️")
if not embedded:
    sort_col, order_col = st.columns([3, 2], vertical_alignment="bottom")
    sort_col.selectbox(text("sort"), options=list(view.sort_options),
                       format_func=view.sort_options.__getitem__, key="table_sort",
                       placeholder=text("sort"), on_change=ui.set_param,
                       args=("sort", "table_sort"),
                       kwargs={"required": True})
    order_col.segmented_control(text("order"), options=list(tv.ORDERS), key="table_order",
                                format_func=lambda o: text(f"order.{o}"), required=True,
                                on_change=ui.set_param, args=("order", "table_order"),
                                kwargs={"required": True})
    # lazy, like the filters: the indicator list, the top-n box and the ranks switch (and
    # their code, which a new visitor's browser would load first) only while it is open
    tc.display_options(view, context, lang)

st.caption(view.shown_line)
# one static HTML table (atlas.ui.static_table), not Streamlit's data grid: a new visitor's
# browser loads no grid code; missing values read "ingen data" / "no data"; the sourced
# downloads are below
tc.draw_table(view, f"{text('page')}. {view.shown_line}", embedded)
address = link(st.context.url, view.permalink)
export = view.export(address)
if embedded:
    st.caption(f"{view.notes}  \n{municipal.sources_line(export.provenance, lang)}")
    ui.embed_backlink(view.permalink, lang)
    ui.stop()
st.caption(view.notes)
with st.container(horizontal=True):
    tc.downloads(export, lang)
    ui.share_controls(view.permalink, text("page"), lang, label=text("share"))
