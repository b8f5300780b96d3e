"""The map: a choropleth of the 98 municipalities for one indicator and period.

Layout and widgets only. The URL holds the state (schema: atlas.views.map_page), the view
layer assembles what is shown (atlas.views.map_page.build_view) and the renderers draw it
(atlas.maps). Widgets write their value to the URL in their on_change callback; every run reads
the URL, so a shared link and the widgets can never disagree.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from atlas import ui
from atlas.i18n import t
from atlas.maps import assets
from atlas.maps import folium_map as fm
from atlas.maps.legend import legend_html
from atlas.maps.panel import value_html
from atlas.views import map_page as mv
from atlas.views.choropleth import VIEWS
from atlas.views.classify import MAX_CLASSES, METHODS, MIN_CLASSES
from atlas.views.urlstate import link

ABOUT_PAGE = "pages/about.py"
MAP_KEY = "atlas_map"
ALL = 0  # "all regions" / "all groups" in the filter select boxes

ui.require_database()
lang = ui.current_lang()
context = mv.choices(lang)
if not context.periods:
    st.error(t("map.no_indicators", lang))
    st.stop()
state, notices = mv.parse_state({"lang": lang, **st.query_params.to_dict()}, context)
lang = state.lang


def _on_map_click() -> None:
    code = fm.clicked_code(st.session_state.get(MAP_KEY))
    if code is not None and code in context.municipalities:
        st.query_params["kommune"] = str(code)
        st.session_state["map_kommune"] = code


def _clear_selection() -> None:
    if "kommune" in st.query_params:
        del st.query_params["kommune"]


def _bind(param: str, **options):
    return {"on_change": ui.set_param, "args": (param, f"map_{param}"),
            "kwargs": {"required": param in mv.REQUIRED, **options}}


for key, value in mv.widget_values(state).items():
    st.session_state[key] = ALL if value is None and key in ("map_region", "map_gruppe") \
        else value
st.session_state["map_tiles"] = state.tiles is not None

view = mv.build_view(state, context)
indicator_labels = mv.indicator_options(lang)

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
    if view.missing_note:
        st.caption(view.missing_note)

ui.sync_url(view.permalink, mv.SCHEMA.names)

# --- page -------------------------------------------------------------------------------------
model = view.choropleth
st.title(view.title)
st.caption(view.subtitle)
for notice in notices:
    st.warning(notice, icon="⚠️")

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
    if view.filter_text:
        st.caption(view.filter_text)
    st.caption("  \n".join([model.source_line, *model.notes]))
    with st.expander(f"{t('definition', lang)} · {t('caveats', lang)}"):
        st.markdown(f"**{t('definition', lang)}.** {view.definition}")
        if view.caveats:
            st.markdown(f"**{t('caveats', lang)}.** {view.caveats}")
        st.page_link(ABOUT_PAGE, label=t("map.about_link", lang), icon="ℹ️",
                     query_params={"lang": lang})

with side_col:
    st.markdown(f"#### {t('map.legend', lang)}")
    st.markdown(legend_html(model.legend), unsafe_allow_html=True)

    st.markdown(f"#### {t('municipality', lang)}")
    st.selectbox(t("map.select", lang), options=list(view.options),
                 format_func=view.options.__getitem__, key="map_kommune",
                 placeholder=t("map.select.placeholder", lang),
                 help=t("map.select.help", lang), **_bind("kommune"))
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
            st.button("✕", key="map_clear", help=t("none", lang), on_click=_clear_selection)

    with st.popover(t("map.share", lang), icon=":material/link:"):
        st.caption(t("map.share.help", lang))
        st.code(link(st.context.url, view.permalink), language=None, wrap_lines=True)
