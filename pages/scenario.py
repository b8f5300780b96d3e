"""Scenarios: close an acute hospital, upgrade an emergency clinic or open a new site, and see
the change in distance for all 98 municipalities, the most affected ones, national totals and
health clusters.

Layout and widgets only. The URL holds the scenario (schema: atlas.views.scenario); widgets
write it in their on_change callbacks, and every run reads it, so a shared link reproduces the
scenario. Notices about unusable URL values stay until the visitor changes something.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from atlas import ui
from atlas.maps import assets
from atlas.maps import folium_map as fm
from atlas.maps.legend import legend_html
from atlas.views import map_page as mv
from atlas.views import scenario as sv

MAP_KEY = "scenario_map_view"
NOTICE_KEY = "scenario_notices"   # (the scenario's permalink, its notices)
CLICK_KEY = "scenario_clicked"    # the last map click, proposed as a new site

ui.require_database()
lang = ui.current_lang()
model = sv.scenario_model()
state, notices = sv.parse_state({"lang": lang, **ui.url_params()}, model)
lang = state.lang
geometry = mv.map_geometry(True)
view = sv.build_view(state, model)

# Notices stay with the scenario they were about until the visitor changes something (the
# URL still holds the bad value on that run: a first load does not rewrite it).
if notices and not ui.user_changed_something():
    st.session_state[NOTICE_KEY] = (view.permalink, notices)
kept = st.session_state.get(NOTICE_KEY)
shown_notices = kept[1] if kept and kept[0] == view.permalink else []


def _write(param: str, value: str | None) -> None:
    st.session_state.pop(NOTICE_KEY, None)
    if value:
        ui.edit_param(param, value)
    elif param in ui.url_params():
        ui.edit_param(param, None)


def _on_sites(param: str) -> None:
    _write(param, sv.param_text(param, st.session_state.get(f"scenario_{param}")))


def _on_added() -> None:
    keep = set(st.session_state.get("scenario_add") or ())
    _write("add", sv.param_text("add", [s for s in state.add if s.to_text() in keep]))


def _add(site: sv.AddedSite) -> None:
    _write("add", sv.param_text("add", [*state.add, site][: sv.MAX_ADDED]))


def _add_town() -> None:
    index = st.session_state.get("scenario_town")
    if index is not None:
        _add(sv.town_site(model, index))
    st.session_state["scenario_town"] = None


def _on_map_click() -> None:
    clicked = (st.session_state.get(MAP_KEY) or {}).get("last_clicked")
    if clicked:
        st.session_state[CLICK_KEY] = clicked


def _add_clicked() -> None:
    proposal = sv.clicked_site(model, geometry, st.session_state.pop(CLICK_KEY, None), lang)
    if proposal:
        _add(proposal[0])


def _reset() -> None:
    for param in ("off", "on", "add"):
        _write(param, None)


def _on_map_mode() -> None:
    st.session_state.pop(NOTICE_KEY, None)
    ui.set_param("map", "scenario_map", required=True)


for key, value in sv.widget_values(state).items():
    st.session_state[key] = value
st.session_state["scenario_add"] = list(view.added_options)

with st.sidebar:
    ui.language_picker()
    st.subheader(sv.text("sidebar.scenario", lang))
    st.multiselect(sv.text("off", lang), options=list(view.off_options),
                   format_func=view.off_options.__getitem__, key="scenario_off",
                   help=sv.text("off.help", lang), on_change=_on_sites, args=("off",),
                   placeholder=sv.text("off.placeholder", lang))
    st.multiselect(sv.text("on", lang), options=list(view.on_options),
                   format_func=view.on_options.__getitem__, key="scenario_on",
                   help=sv.text("on.help", lang), on_change=_on_sites, args=("on",),
                   placeholder=sv.text("on.placeholder", lang))
    full = len(state.add) >= sv.MAX_ADDED
    st.selectbox(sv.text("add.town", lang), options=list(view.town_options),
                 format_func=view.town_options.__getitem__, key="scenario_town", index=None,
                 placeholder=sv.text("add.town.placeholder", lang), disabled=full)
    st.button(sv.text("add.button", lang), key="scenario_add_town", on_click=_add_town,
              disabled=full or st.session_state.get("scenario_town") is None,
              icon=":material/add_location_alt:")
    proposal = sv.clicked_site(model, geometry, st.session_state.get(CLICK_KEY), lang)
    if proposal and not full:
        st.info(proposal[1], icon=":material/place:")
        st.button(sv.text("add.clicked.button", lang), key="scenario_add_click",
                  on_click=_add_clicked, icon=":material/add_location_alt:")
    else:
        st.caption(sv.text("add.full", lang, n=sv.MAX_ADDED) if full
                   else sv.text("add.click", lang))
    if view.added_options:
        st.multiselect(sv.text("add.list", lang), options=list(view.added_options),
                       format_func=view.added_options.__getitem__, key="scenario_add",
                       help=sv.text("add.list.help", lang), on_change=_on_added)
    st.button(sv.text("reset", lang), key="scenario_reset", on_click=_reset,
              disabled=state.unchanged, icon=":material/restart_alt:")

ui.sync_url(view.permalink, sv.SCHEMA.names)

# --- page -------------------------------------------------------------------------------------
# `?embed=true` (an article's iframe): the compact layout, i.e. the national totals, the map
# with its legend, the source line and a link back to the full view
embedded = ui.embedded()
st.title(view.title)
if not embedded:
    st.caption(view.intro)
# Messages that come and go live in one container, so the map below keeps its place in the
# page and is repainted in place rather than reloaded.
with st.container(key="scenario_messages"):
    for notice in shown_notices:
        st.warning(notice, icon="⚠️")
    if view.blocked:
        st.error(view.blocked, icon=":material/block:")
    else:
        st.caption(view.summary)
    if view.no_change:
        st.info(view.no_change, icon=":material/info:")

if not view.blocked:
    for column, metric in zip(st.columns(len(view.metrics)), view.metrics):
        column.metric(metric.label, metric.value, metric.delta, help=metric.help,
                      delta_color="inverse")
    st.caption(view.affected_line)

    if not embedded:
        st.segmented_control(sv.text("map.mode", lang), options=list(view.map_modes),
                             format_func=view.map_modes.__getitem__, key="scenario_map",
                             required=True, on_change=_on_map_mode)
    choropleth = view.choropleth
    map_col, side_col = st.columns([2.25, 1], gap="medium")
    with map_col:
        if assets.missing_assets():
            st.error(ui.md(assets.FETCH_COMMAND), icon="🗺️")
        else:
            st_folium(
                fm.build_base_map(geometry),
                key=MAP_KEY,
                height=fm.MAP_HEIGHT,
                use_container_width=True,
                returned_objects=["last_clicked"],
                feature_group_to_add=fm.choropleth_layer(choropleth, geometry),
                on_change=_on_map_click,
            )
        st.caption("  \n".join([*choropleth.notes, sv.text("source", lang)]))
    with side_col:
        st.markdown(f"#### {choropleth.legend.title}")
        st.markdown(legend_html(choropleth.legend), unsafe_allow_html=True)
        if embedded:
            ui.embed_backlink(view.permalink, lang)
        else:
            ui.share_controls(view.permalink, view.title, lang, label=sv.text("share", lang),
                              help=sv.text("share.help", lang))
if embedded:  # the compact layout ends with the map
    if view.blocked:
        ui.embed_backlink(view.permalink, lang)
    st.stop()

if not view.blocked:
    st.subheader(sv.text("table.title", lang))
    if view.table is not None and len(view.table):
        st.caption(view.table_caption)
        st.dataframe(view.table, hide_index=True, width="stretch", key="scenario_table")
    else:
        st.info(sv.text("table.none", lang))

    st.subheader(sv.text("clusters.title", lang))
    st.info(sv.text("clusters.approximation", lang), icon=":material/hub:")
    scenario_tab, today_tab = st.tabs([sv.text("clusters.scenario", lang),
                                       sv.text("clusters.today", lang)])
    with scenario_tab:
        st.dataframe(view.clusters_scenario, hide_index=True, width="stretch")
    with today_tab:
        st.dataframe(view.clusters_today, hide_index=True, width="stretch")
    st.markdown(f"**{sv.text('clusters.moved', lang)}**")
    if view.moved is not None and len(view.moved):
        st.dataframe(view.moved, hide_index=True, width="stretch")
    else:
        st.caption(sv.text("clusters.moved.none", lang))

st.subheader(sv.text("method.title", lang))
st.markdown(view.method)
