"""Scenarios: close an acute hospital, upgrade an emergency clinic or open a new site, and see
the change in distance for all 98 municipalities, the most affected ones, national totals and
health clusters.

Layout and widgets only. The URL holds the scenario (schema: atlas.views.scenario); widgets
write it in their on_change callbacks, and every run reads it, so a shared link reproduces the
scenario. Notices about unusable URL values stay until the visitor changes something.
"""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.maps.legend import legend_html
from atlas.ui import scenario_controls as sc
from atlas.ui.map_embed import embed_map
from atlas.ui.scaffold import open_page
from atlas.ui.static_table import frame_table
from atlas.views import map_page as mv
from atlas.views import scenario as sv

page = open_page(sv.parse_state, lambda lang: sv.scenario_model(), language_switch=False)
state, model, lang, embedded = page.state, page.context, page.lang, page.embedded
geometry = mv.map_geometry(True)
view = sv.build_view(state, model)
sc.set_widgets(state, view)

ui.sync_url(view.permalink, sv.SCHEMA.names)

# --- page -------------------------------------------------------------------------------------
# `?embed=true` (an article's iframe): the compact layout, i.e. the national totals, the map
# with its legend, the source line and a link back to the full view.
# As on the map page: the heading's place first, filled after the map, so the map component is
# the first element a run sends and the browser starts on it (its largest piece of work) before
# the rest of the page; the sidebar and the tables come after it (issue 23).
heading = st.container()
if not view.blocked:
    map_col, side_col = st.columns([2.25, 1], gap="medium")
    choropleth = view.choropleth
    with map_col:
        embed_map(choropleth, geometry, lang, key=sc.MAP_KEY, on_point=sc.on_map_point)
        st.caption("  \n".join([*choropleth.notes, sv.text("source", lang)]))
with heading:
    st.title(view.title)
    if not embedded:
        st.caption(view.intro)
    # Messages that come and go live in one container, so the map below keeps its place in
    # the page and is repainted in place rather than reloaded.
    with st.container(key="scenario_messages"):
        page.show_notices()
        if view.blocked:
            st.error(view.blocked, icon=":material/block:")
        else:
            st.caption(ui.render(view.summary, lang))
        if view.no_change:
            st.info(view.no_change, icon=":material/info:")
    if not view.blocked:
        for column, metric in zip(st.columns(len(view.metrics)), view.metrics):
            column.metric(metric.label, ui.render(metric.value, lang),
                          ui.render(metric.delta, lang), help=metric.help,
                          delta_color="off" if metric.steady else "inverse",
                          delta_arrow="off" if metric.steady else "auto")
        st.caption(ui.render(view.affected_line, lang))
        if not embedded:
            st.segmented_control(sv.text("map.mode", lang), options=list(view.map_modes),
                                 format_func=view.map_modes.__getitem__, key="scenario_map",
                                 required=True, on_change=sc.on_map_mode)
if not view.blocked:
    with side_col:
        st.markdown(f"#### {choropleth.legend.title}")
        st.markdown(legend_html(choropleth.legend, lang), unsafe_allow_html=True)
        if embedded:
            ui.embed_backlink(view.permalink, lang)
        else:
            ui.share_controls(view.permalink, view.title, lang, label=sv.text("share", lang),
                              help=sv.text("share.help", lang))
if embedded:  # the compact layout ends with the map
    if view.blocked:
        ui.embed_backlink(view.permalink, lang)
    ui.stop()

if not view.blocked:   # static HTML tables (atlas.ui.static_table): no data-grid code to load
    st.subheader(sv.text("table.title", lang))
    if view.table is not None and len(view.table):
        st.caption(view.table_caption)
        frame_table(view.table, lang, caption=sv.text("table.title", lang),
                    row_header=sv.text("col.municipality", lang), height=720)
    else:
        st.info(sv.text("table.none", lang))

    st.subheader(sv.text("clusters.title", lang))
    st.info(sv.text("clusters.approximation", lang), icon=":material/hub:")
    tabs = (sv.text("clusters.scenario", lang), sv.text("clusters.today", lang))
    for tab, title, frame in zip(st.tabs(tabs), tabs,
                                 (view.clusters_scenario, view.clusters_today)):
        with tab:
            frame_table(frame, lang, caption=title)
    st.markdown(f"**{sv.text('clusters.moved', lang)}**")
    if view.moved is not None and len(view.moved):
        frame_table(view.moved, lang, caption=sv.text("clusters.moved", lang))
    else:
        st.caption(sv.text("clusters.moved.none", lang))

st.subheader(sv.text("method.title", lang))
st.markdown(view.method)

# After the page: the map is the first element the browser meets (as on the map page)
if not embedded:   # an embed shows no sidebar
    with st.sidebar:
        ui.language_picker()
        st.subheader(sv.text("sidebar.scenario", lang))
        st.multiselect(sv.text("off", lang), options=list(view.off_options),
                       format_func=view.off_options.__getitem__, key="scenario_off",
                       help=sv.text("off.help", lang), on_change=sc.on_sites, args=("off",),
                       placeholder=sv.text("off.placeholder", lang))
        st.multiselect(sv.text("on", lang), options=list(view.on_options),
                       format_func=view.on_options.__getitem__, key="scenario_on",
                       help=sv.text("on.help", lang), on_change=sc.on_sites, args=("on",),
                       placeholder=sv.text("on.placeholder", lang))
        full = len(state.add) >= sv.MAX_ADDED
        st.selectbox(sv.text("add.town", lang), options=list(view.town_options),
                     format_func=view.town_options.__getitem__, key="scenario_town", index=None,
                     placeholder=sv.text("add.town.placeholder", lang), disabled=full)
        st.button(sv.text("add.button", lang), key="scenario_add_town", on_click=sc.add_town,
                  args=(state, model), icon=":material/add_location_alt:",
                  disabled=full or st.session_state.get("scenario_town") is None)
        proposal = sc.clicked_proposal(model, geometry, lang)
        if proposal and not full:
            st.info(ui.render(proposal[1], lang), icon=":material/place:")
            st.button(sv.text("add.clicked.button", lang), key="scenario_add_click",
                      on_click=sc.add_clicked, args=(state, model, geometry, lang),
                      icon=":material/add_location_alt:")
        else:
            st.caption(sv.text("add.full", lang, n=sv.MAX_ADDED) if full
                       else sv.text("add.click", lang))
        if view.added_options:
            st.multiselect(sv.text("add.list", lang), options=list(view.added_options),
                           format_func=view.added_options.__getitem__, key="scenario_add",
                           help=sv.text("add.list.help", lang), on_change=sc.on_added,
                           args=(state,))
        st.button(sv.text("reset", lang), key="scenario_reset", on_click=sc.reset,
                  disabled=state.unchanged, icon=":material/restart_alt:")

