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
from atlas.charts.funnel import funnel_chart
from atlas.charts.static_map import static_map
from atlas.i18n import t
from atlas.maps import assets, layout
from atlas.maps import folium_map as fm
from atlas.maps.legend import legend_html
from atlas.maps.panel import value_html
from atlas.views import autocorrelation
from atlas.views import funnel as funnel_views
from atlas.views import map_page as mv
from atlas.views.choropleth import VIEWS
from atlas.views.classify import MAX_CLASSES, METHODS, MIN_CLASSES
from atlas.views.text import echo

ABOUT_PAGE = "pages/about.py"
INVERSE_CARE_PAGE = "pages/inverse_care.py"
MAP_KEY = "atlas_map"
PANEL_KEY = "map_selected"   # the selected municipality's details
ALL = 0  # "all regions" / "all groups" in the filter select boxes
NO_TILES = "none"  # the background-map choice "none" (no ?tiles=)

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


def _select(code: int) -> None:
    """A municipality chosen on the map or by search: into the URL, the list and, on a phone
    (the panel below the map), into view."""
    ui.edit_param("kommune", str(code))
    st.session_state["map_kommune"] = code
    st.session_state[layout.SEARCH_KEY] = ""
    ui.reveal_when_stacked(f".st-key-{PANEL_KEY}", below=layout.MAP_FRAME)


def _on_map_click() -> None:
    code = fm.clicked_code(st.session_state.get(MAP_KEY))
    if code is not None and code in context.municipalities:
        _select(code)


def _on_search() -> None:
    """The search field: a name in any usual spelling ("Århus", "Kobenhavn") or a code
    ("360"), found with the shared resolver (municipal.resolve). Text it cannot place stays in
    the field, with a notice below it (for a town, where it lies)."""
    typed = str(st.session_state.get(layout.SEARCH_KEY) or "").strip()
    code = mv.find_municipality(typed, context.municipalities) if typed else None
    if code is not None:
        _select(code)


def _on_kommune() -> None:
    """The select box: a municipality from the list (or none)."""
    chosen = st.session_state.get("map_kommune")
    ui.edit_param("kommune", None if chosen is None else str(chosen))
    st.session_state[layout.SEARCH_KEY] = ""


def _clear_selection() -> None:
    ui.edit_param("kommune", None)


def _choose(param: str, key: str, **options) -> None:
    """A sidebar widget's callback: its value into the URL; on a phone the sidebar closes, so
    the visitor sees the map it changed."""
    ui.set_param(param, key, **options)
    ui.close_sidebar_if_covering()


def _bind(param: str, **options):
    return {"on_change": _choose, "args": (param, f"map_{param}"),
            "kwargs": {"required": param in mv.REQUIRED, **options}}


for key, value in mv.widget_values(state).items():
    st.session_state[key] = ALL if value is None and key in ("map_region", "map_gruppe") \
        else value
st.session_state["map_tiles"] = state.tiles or NO_TILES

view = mv.build_view(state, context)
indicator_labels = mv.indicator_options(lang)
ui.remember_view(view.permalink)


# --- page -------------------------------------------------------------------------------------
model = view.choropleth
embedded = ui.embedded()
fullscreen = bool(st.session_state.get("map_fullscreen"))
st.html(layout.page_css(fullscreen=fullscreen, search_hint=mv.text("search.enter", lang)))
if fullscreen:
    st.button(t("map.fullscreen.exit", lang), key="map_fullscreen_exit", icon=":material/close:",
              on_click=lambda: st.session_state.update(map_fullscreen=False))
# The heading's place first, filled after the map: the map component is the first element this
# run sends, so the browser starts on the map (its largest piece of work) before the rest of the
# page (bench/first_map.py: switch and first map).
heading = st.container()
map_col, side_col = st.columns([2.25, 1], gap="medium")

with map_col:
    if assets.missing_assets():
        st.error(t("map.assets_missing", lang), icon="🗺️")
        st.code(assets.FETCH_COMMAND, language="bash")
    else:
        geometry = mv.map_geometry(state.tiles is None)
        st_folium(
            fm.build_base_map(geometry, tiles=state.tiles,
                              tile_error=t("map.tiles.failed", lang)),
            key=MAP_KEY,
            height=fm.MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["last_active_drawing", "last_object_clicked"],
            feature_group_to_add=fm.choropleth_layer(model, geometry),
            on_change=_on_map_click,
        )
        st.caption(t("map.keyboard", lang))

with heading:
    if not embedded:
        with st.container(key=layout.INTRO_KEY):
            st.markdown(t("map.intro", lang))
            st.page_link(INVERSE_CARE_PAGE, icon=":material/scatter_plot:",
                         label=mv.text("intro.link", lang, page=t("page.inverse_care", lang)),
                         query_params=ui.shared_params(lang))
    # in a container that is always there: the map keeps its place in the page (and its frame)
    # when a notice goes
    with st.container(key="map_notices"):
        for notice in notices:
            st.warning(notice, icon="⚠️")
    st.title(view.title)
    st.caption(view.subtitle)

with side_col:
    st.markdown(f"#### {t('map.legend', lang)}")
    # st.html, not Markdown with HTML: no Markdown-to-HTML bundle for a new visitor to load
    st.html(legend_html(model.legend, styles=False))  # styles: layout.page_css
    if view.filter_text:
        st.markdown(view.filter_text)
        with st.expander(t("map.highlight.list", lang)):
            st.markdown("  \n".join(f"{ui.md(label)}: **{ui.md(value)}**"
                                    for label, value in view.highlight_averages))
            st.markdown("  \n".join(f"{ui.md(name)}: {ui.md(value)}"
                                    for name, value in view.highlighted))

    st.markdown(f"#### {t('municipality', lang)}")
    # Search in a text field of the page's own (the select box's typed text would show
    # Streamlit's English "Add: …" and "No results"); the list itself is not typed into.
    st.text_input(mv.text("search", lang), key=layout.SEARCH_KEY,
                  placeholder=mv.text("search.placeholder", lang),
                  help=mv.text("search.help", lang), on_change=_on_search)
    unplaced = str(st.session_state.get(layout.SEARCH_KEY) or "").strip()
    found = mv.search_result(unplaced, context.municipalities) if unplaced else None
    if found is not None and found.code is None:
        # a town: where it lies, with its municipality to choose ("Nakskov ligger i Lolland
        # Kommune"); otherwise "not a municipality" and close names, if any
        st.warning(found.notice(lang) if found.town is not None
                   else t("notice.unknown_municipality", lang, value=echo(unplaced)),
                   icon="⚠️")
        for code, name in found.suggestions:
            st.button(f"{found.prompt(lang)}: {ui.md(name)}", key=f"map_search_go_{code}",
                      on_click=_select, args=(code,))
    st.selectbox(t("map.select", lang), options=list(view.options),
                 format_func=lambda code: view.options.get(code, str(code)),
                 key="map_kommune", filter_mode=None,
                 placeholder=mv.text("select.placeholder", lang),
                 help=mv.text("select.help", lang), on_change=_on_kommune)
    selected = view.selected
    if selected is not None:
        with st.container(border=True, key=PANEL_KEY):
            st.markdown(f"### {ui.md(selected.name)}")
            st.caption(ui.md(selected.context_line))
            st.caption(ui.md(selected.indicator_label))
            st.html(value_html(selected))
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
# lazy, like the share and figure popovers: the text is sent only while the expander is open
with st.expander(f"{t('definition', lang)} · {t('caveats', lang)}", key=layout.DEFINITION_KEY,
                 on_change="rerun") as definition:
    if definition.open:
        st.markdown(f"**{t('definition', lang)}.** {view.definition}")
        if view.caveats:
            st.markdown(f"**{t('caveats', lang)}.** {view.caveats}")
        st.markdown(f"**{autocorrelation.text('heading', lang)}.**")
        for line in autocorrelation.lines(state.indicator, state.period, lang):
            st.markdown(line)
        st.page_link(ABOUT_PAGE, label=t("map.about_link", lang), icon="ℹ️",
                     query_params=ui.shared_params(lang))
# a register rate's funnel plot (issue 20), lazy like the definition
if funnel_views.eligible(view.indicator) or funnel_views.is_survey(view.indicator):
    with st.expander(funnel_views.text("map.expander", lang), key=layout.FUNNEL_KEY,
                     on_change="rerun") as funnel_box:
        if funnel_box.open:
            funnel = funnel_views.map_funnel(view.indicator, state.period, lang, state.kommune)
            if funnel is not None:
                if funnel.selected_text:
                    st.markdown(funnel.selected_text)
                st.altair_chart(funnel_chart(funnel), width="stretch")
                st.caption("  \n".join(funnel.notes))
            else:
                st.info(funnel_views.map_note(view.indicator, lang)
                        or funnel_views.text("unavailable", lang), icon=":material/info:")

# --- sidebar ------------------------------------------------------------------------------------
# After the page: the map component is the first element the browser meets, so its code is
# fetched before the widgets' (a new visitor sees the map sooner; bench/first_map.py).
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
    # buttons, not a slider: Streamlit's slider code (with moment and numbro) would be one
    # more bundle a new visitor loads before the map (bench/first_map.py)
    st.segmented_control(t("classes", lang), options=list(range(MIN_CLASSES, MAX_CLASSES + 1)),
                         key="map_classes", required=True, **_bind("classes"))
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
        # choices and a button rather than toggles: one bundle of Streamlit's code fewer for a
        # new visitor to load before the map (bench/first_map.py)
        st.segmented_control(t("map.tiles", lang), options=[NO_TILES, *fm.TILE_PROVIDERS],
                             format_func=lambda v: t(f"map.tiles.{v}", lang), key="map_tiles",
                             help=t("map.tiles.help", lang), **_bind("tiles", empty=NO_TILES))
    st.button(t("map.fullscreen", lang), key="map_fullscreen_enter",
              icon=":material/fullscreen:", help=t("map.fullscreen.help", lang),
              on_click=lambda: st.session_state.update(map_fullscreen=True))

ui.sync_url(view.permalink, mv.SCHEMA.names)

ui.run_queued_scripts()   # last: the scroll and sidebar scripts of this run's callbacks
