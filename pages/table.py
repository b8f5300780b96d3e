"""The journalist's table: all municipalities x chosen indicators; filters, sorting, rank
columns and downloads of exactly what is shown.

Layout and widgets only: the state comes from the URL (atlas.views.table.SCHEMA), the view
assembles the rows and their formats, atlas.exports writes the files.
"""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.i18n import format_number, t
from atlas.views import municipal
from atlas.views import table as tv
from atlas.views.urlstate import link

ALL = 0  # "all regions" / "all groups"

ui.require_database()
lang = ui.current_lang()
context = municipal.context(lang)
state, notices = tv.parse_state({"lang": lang, **ui.url_params()}, context)
lang = state.lang
view = tv.build_view(state, context)


def text(key: str, **fields) -> str:
    return tv.text(key, lang, **fields)


def _on_indicators() -> None:
    chosen = st.session_state.get("table_ind") or []
    for param in ("range", "sort"):   # filters and sorting may name indicators no longer shown
        if param in ui.url_params():
            ui.edit_param(param, None)
    if chosen:
        ui.edit_param("ind", ",".join(chosen))
    elif "ind" in ui.url_params():
        ui.edit_param("ind", None)


# The population slider's key carries its current range: a select slider is a range slider
# only when given a range `value` (not from session state), so each URL state gets its own
# widget, drawn at the URL's range
POPULATION_KEY = "table_pop:{}:{}".format(*view.population_current)


def _on_population() -> None:
    low, high = st.session_state[POPULATION_KEY]
    for param, value, edge in (("pop_min", low, view.population_range[0]),
                               ("pop_max", high, view.population_range[1])):
        if value == edge:
            if param in ui.url_params():
                ui.edit_param(param, None)
        else:
            ui.edit_param(param, str(int(value)))


def _on_ranges() -> None:
    chosen = {}
    for control in view.ranges:
        low, high = st.session_state[f"table_range_{control.indicator_id}"]
        chosen[control.indicator_id] = (None if low <= control.low else low,
                                        None if high >= control.high else high)
    value = tv.range_param(chosen)
    if value:
        ui.edit_param("range", value)
    elif "range" in ui.url_params():
        ui.edit_param("range", None)


def _on_ranks() -> None:
    ui.edit_param("ranks", "1" if st.session_state["table_ranks"] else "0")


for key, value in tv.SCHEMA.widget_values(state.values()).items():
    st.session_state[key] = ALL if value is None and key in ("table_region", "table_gruppe") \
        else list(value) if key == "table_ind" else value
st.session_state["table_ranks"] = state.ranks == "1"
for control in view.ranges:
    st.session_state[f"table_range_{control.indicator_id}"] = control.current

with st.sidebar:
    ui.language_picker()
    st.selectbox(text("region"), options=[ALL, *context.regions],
                 format_func=lambda c: text("all_regions") if c == ALL else context.regions[c],
                 key="table_region", placeholder=text("all_regions"),
                 on_change=ui.set_param, args=("region", "table_region"),
                 kwargs={"empty": ALL})
    st.selectbox(text("gruppe"), options=[ALL, *context.groups],
                 format_func=lambda c: text("all_groups") if c == ALL else context.groups[c],
                 key="table_gruppe", placeholder=text("all_groups"),
                 on_change=ui.set_param, args=("gruppe", "table_gruppe"),
                 kwargs={"empty": ALL})
    st.select_slider(text("population"), options=view.population_steps,
                     value=view.population_current, format_func=lambda n: format_number(
                         n, 0, lang), key=POPULATION_KEY, on_change=_on_population)
    with st.expander(text("value_filters")):
        st.caption(text("value_filters.help"))
        for control in view.ranges:
            st.slider(ui.md(control.label), min_value=control.low, max_value=control.high,
                      step=control.step, key=f"table_range_{control.indicator_id}",
                      on_change=_on_ranges)
ui.sync_url(view.permalink, tv.SCHEMA.names)

# `?embed=true` (an article's iframe): the compact layout, i.e. the table as the URL chose it
# (columns, filters, sorting), its notes and source line and a link back to the full view
embedded = ui.embedded()
st.title(text("page"))
if not embedded:
    st.caption(text("intro"))
for notice in notices:
    st.warning(notice, icon="⚠️")
if not embedded:
    st.multiselect(text("indicators"), options=list(view.indicator_options),
                   format_func=view.indicator_options.__getitem__, key="table_ind",
                   placeholder=text("indicators.placeholder"),
                   on_change=_on_indicators)
    sort_col, order_col, top_col, ranks_col = st.columns([3, 2, 1, 1],
                                                         vertical_alignment="bottom")
    sort_col.selectbox(text("sort"), options=list(view.sort_options),
                       format_func=view.sort_options.__getitem__, key="table_sort",
                       placeholder=text("sort"),
                       on_change=ui.set_param, args=("sort", "table_sort"),
                       kwargs={"required": True})
    order_col.segmented_control(text("order"), options=list(tv.ORDERS), key="table_order",
                                format_func=lambda o: text(f"order.{o}"), required=True,
                                on_change=ui.set_param, args=("order", "table_order"),
                                kwargs={"required": True})
    top_col.number_input(text("top"), min_value=1, max_value=len(context.municipalities),
                         step=1, key="table_top", placeholder=text("top.placeholder"),
                         help=text("top.help"), on_change=ui.set_param,
                         args=("top", "table_top"))
    ranks_col.toggle(text("ranks"), key="table_ranks", on_change=_on_ranks)

st.caption(view.shown_line)
# missing values: "ingen data" / "no data" (Streamlit's own default reads "None"); the
# toolbar's unsourced CSV download is off app-wide (.streamlit/config.toml), the sourced
# downloads are below
st.dataframe(
    view.styled, hide_index=True, width="stretch", placeholder=t("no_data", lang),
    height=min(38 + 35 * len(view.frame), 480 if embedded else 720),
    column_config={key: st.column_config.Column(label, help=view.helps.get(key))
                   for key, label in view.labels.items()},
)
address = link(st.context.url, view.permalink)
export = view.export(address)
if embedded:
    st.caption(f"{view.notes}  \n{municipal.sources_line(export.provenance, lang)}")
    ui.embed_backlink(view.permalink, lang)
    st.stop()
st.caption(view.notes)

ui.table_downloads(export, {"csv": text("download.csv"), "xlsx": text("download.xlsx"),
                           "sources": text("download.sources"),
                           "file_sources": text("file.sources")})
ui.share_controls(view.permalink, text("page"), lang, label=text("share"))
