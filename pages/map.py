"""The map: a choropleth of the 98 municipalities for one indicator and period.

Layout and widgets only. The URL holds the state (schema: atlas.views.map_page), the view
layer assembles what is shown (atlas.views.map_page.build_view) and the renderers draw it
(atlas.maps). Widgets record their value as a URL change in their on_change callback (atlas.ui
.edit_param: written once, at the end of the run: one history entry per action); every run reads
the URL, so a shared link and the widgets can never disagree.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from atlas import ui
from atlas.charts.static_map import static_map
from atlas.i18n import t
from atlas.maps import assets, layout
from atlas.maps import folium_map as fm
from atlas.maps.legend import legend_html
from atlas.maps.panel import value_html
from atlas.views import map_page as mv
from atlas.views.choropleth import VIEWS
from atlas.views.classify import MAX_CLASSES, METHODS, MIN_CLASSES

ABOUT_PAGE = "pages/about.py"
MAP_KEY = "atlas_map"
ALL = 0  # "all regions" / "all groups" in the filter select boxes

ui.require_database()
lang = ui.current_lang()
context = mv.choices(lang)
if not context.periods:
    st.error(t("map.no_indicators", lang))
    st.stop()
state, notices = mv.parse_state({"lang": lang, **ui.url_params()}, context)
lang = state.lang
# a notice stays while its cause is in the URL; a change by the visitor rewrites the URL
# canonically in this run, so the notice goes with it
notices = [] if ui.user_changed_something() else ui.not_found_notices(lang) + notices


def _on_map_click() -> None:
    code = fm.clicked_code(st.session_state.get(MAP_KEY))
    if code is not None and code in context.municipalities:
        ui.edit_param("kommune", str(code))
        st.session_state["map_kommune"] = code


def _on_kommune() -> None:
    """The select box: a municipality picked from the list, or typed text ("Århus",
    "Kobenhavn", "360") found with the upload page's name matcher."""
    chosen = st.session_state.get("map_kommune")
    if chosen is None:
        ui.edit_param("kommune", None)
        return
    code = chosen if chosen in context.municipalities else \
        mv.find_municipality(str(chosen), context.municipalities)
    ui.edit_param("kommune", str(code) if code is not None else str(chosen))


def _clear_selection() -> None:
    ui.edit_param("kommune", None)


def _bind(param: str, **options):
    return {"on_change": ui.set_param, "args": (param, f"map_{param}"),
            "kwargs": {"required": param in mv.REQUIRED, **options}}


for key, value in mv.widget_values(state).items():
    st.session_state[key] = ALL if value is None and key in ("map_region", "map_gruppe") \
        else value
st.session_state["map_tiles"] = state.tiles is not None

view = mv.build_view(state, context)
indicator_labels = mv.indicator_options(lang)
ui.remember_view(view.permalink)

with st.sidebar:
    ui.language_picker()
    st.selectbox(t("map.indicator", lang), options=list(indicator_labels),
                 format_func=indicator_labels.__getitem__, key="map_indicator",
                 help=t("map.indicator.help", lang), **_bind("indicator", drop=("period",)))
    periods = list(context.periods[state.indicator])
    if len(periods) > 1:
        st.segmented_control(t("period", lang), options=periods, key="map_period",
                             required=True, **_bind("period"))
    else:
        st.caption(t("map.period.single", lang, period=state.period))
    st.segmented_control(t("classification", lang), options=list(METHODS), key="map_breaks",
                         required=True, format_func=lambda m: t(f"classification.{m}", lang),
                         help=t("classification.help", lang), **_bind("breaks"))
    st.select_slider(t("classes", lang), options=list(range(MIN_CLASSES, MAX_CLASSES + 1)),
                     key="map_classes", **_bind("classes"))
    st.subheader(t("map.filters", lang))
    st.selectbox(t("map.filter.region", lang), options=[ALL, *context.regions],
                 format_func=lambda c: t("map.filter.all_regions", lang) if c == ALL
                 else context.regions[c], key="map_region", **_bind("region", empty=ALL))
    st.selectbox(t("map.filter.gruppe", lang), options=[ALL, *sorted(context.groups)],
                 format_func=lambda c: t("map.filter.all_groups", lang) if c == ALL
                 else context.groups[c], key="map_gruppe", **_bind("gruppe", empty=ALL))
    st.segmented_control(t("map.view", lang), options=list(VIEWS), key="map_view",
                         required=True, format_func=lambda v: t(f"map.view.{v}", lang),
                         **_bind("view"))
    with st.expander(t("map.options", lang)):
        st.toggle(t("map.tiles", lang), key="map_tiles", help=t("map.tiles.help", lang),
                  **_bind("tiles"))
    st.toggle(t("map.fullscreen", lang), key="map_fullscreen",
              help=t("map.fullscreen.help", lang))

ui.sync_url(view.permalink, mv.SCHEMA.names)

# --- page -------------------------------------------------------------------------------------
model = view.choropleth
embedded = ui.embedded()
fullscreen = bool(st.session_state.get("map_fullscreen"))
st.html(layout.page_css(fullscreen=fullscreen))
if fullscreen:
    st.button(t("map.fullscreen.exit", lang), key="map_fullscreen_exit", icon=":material/close:",
              on_click=lambda: st.session_state.update(map_fullscreen=False))
if not embedded:
    st.markdown(t("map.intro", lang))
# in a container that is always there: the map keeps its place in the page (and its frame)
# when a notice goes
with st.container(key="map_notices"):
    for notice in notices:
        st.warning(notice, icon="⚠️")
st.title(view.title)
st.caption(view.subtitle)

map_col, side_col = st.columns([2.25, 1], gap="medium")

with map_col:
    if assets.missing_assets():
        st.error(t("map.assets_missing", lang), icon="🗺️")
        st.code(assets.FETCH_COMMAND, language="bash")
    else:
        geometry = mv.map_geometry(state.tiles is None)
        st_folium(
            fm.build_base_map(geometry, tiles=state.tiles),
            key=MAP_KEY,
            height=fm.MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["last_active_drawing", "last_object_clicked_count"],
            feature_group_to_add=fm.choropleth_layer(model, geometry),
            on_change=_on_map_click,
        )
        st.caption(t("map.keyboard", lang))

with side_col:
    st.markdown(f"#### {t('map.legend', lang)}")
    st.markdown(legend_html(model.legend), unsafe_allow_html=True)
    if view.filter_text:
        st.markdown(view.filter_text)
        with st.expander(t("map.highlight.list", lang)):
            st.markdown("  \n".join(f"{ui.md(label)}: **{ui.md(value)}**"
                                    for label, value in view.highlight_averages))
            st.markdown("  \n".join(f"{ui.md(name)}: {ui.md(value)}"
                                    for name, value in view.highlighted))

    st.markdown(f"#### {t('municipality', lang)}")
    st.selectbox(t("map.select", lang), options=list(view.options),
                 format_func=lambda code: view.options.get(code, str(code)),
                 key="map_kommune", accept_new_options=True, filter_mode="contains",
                 placeholder=t("map.select.placeholder", lang),
                 help=t("map.select.help", lang), on_change=_on_kommune)
    selected = view.selected
    if selected is not None:
        with st.container(border=True, key="map_selected"):
            st.markdown(f"### {ui.md(selected.name)}")
            st.caption(ui.md(selected.context_line))
            st.caption(ui.md(selected.indicator_label))
            st.markdown(value_html(selected), unsafe_allow_html=True)
            st.markdown(f"**{selected.rank_text}**")
            if selected.travel_note:
                st.info(ui.md(selected.travel_note), icon=":material/directions_boat:")
            st.markdown("  \n".join(f"{ui.md(label)}: **{ui.md(value)}**"
                                    for label, value in selected.reference_lines))
            if not embedded:
                st.page_link("pages/profile.py", label=t("map.profile", lang),
                             query_params={"kommune": str(selected.code), "lang": lang})
            st.button("✕", key="map_clear", help=t("none", lang), on_click=_clear_selection)

    if embedded:
        ui.embed_backlink(view.permalink, lang)
    else:
        ui.share_controls(view.permalink, view.title, lang, label=t("map.share", lang),
                          help=t("map.share.help", lang), link_label=t("map.share.link", lang))
        ui.figure_downloads(lambda size: static_map(model, mv.map_geometry(True), size),
                            f"ulighedsatlas-{state.indicator}-{state.period}", lang,
                            key="map_figure")

# sources and notes after the legend and the panel (on a phone: after them, too)
st.caption("  \n".join([model.source_line, *model.notes]))
with st.expander(f"{t('definition', lang)} · {t('caveats', lang)}"):
    st.markdown(f"**{t('definition', lang)}.** {view.definition}")
    if view.caveats:
        st.markdown(f"**{t('caveats', lang)}.** {view.caveats}")
    st.page_link(ABOUT_PAGE, label=t("map.about_link", lang), icon="ℹ️",
                 query_params=ui.shared_params(lang))
