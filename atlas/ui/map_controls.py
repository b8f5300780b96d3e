"""The map page's widgets and their callbacks (pages/map.py keeps the layout).

Every widget records its value as a URL change in its on_change callback (`ui.edit_param`:
written once, at the end of the run: one history entry per action); every run reads the URL
and sets the widgets from the parsed state (`set_widgets`), so a shared link and the widgets
can never disagree.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.maps import folium_map as fm
from atlas.maps import layout
from atlas.maps.panel import value_html
from atlas.views import funnel as funnel_views
from atlas.views import map_page as mv
from atlas.views import municipal
from atlas.views.choropleth import VIEWS
from atlas.views.classify import DEFAULT_CLASSES, DEFAULT_METHOD, MAX_CLASSES, METHODS, MIN_CLASSES

MAP_KEY = "atlas_map"
PANEL_KEY = "map_selected"   # the selected municipality's details
ALL = 0  # "all regions" / "all groups" in the filter select boxes
NO_TILES = "none"  # the background-map choice "none" (no ?tiles=)
PROFILE_PAGE = "pages/profile.py"


def set_widgets(state: mv.MapState) -> None:
    """The widgets' values from the state parsed from the URL."""
    for key, value in mv.widget_values(state).items():
        st.session_state[key] = ALL if value is None and key in ("map_region", "map_gruppe") \
            else value
    st.session_state["map_tiles"] = state.tiles or NO_TILES


def filtering(state: mv.MapState) -> bool:
    """Whether the URL highlights a region or group (the filters' expander opens)."""
    return state.region is not None or state.gruppe is not None


def customised(state: mv.MapState) -> bool:
    """Whether the URL sets a classification, class count or background map other than the
    default (the map settings' expander opens)."""
    return (state.breaks, state.classes, state.tiles) != (DEFAULT_METHOD, DEFAULT_CLASSES, None)


def select(code: int) -> None:
    """A municipality chosen on the map or by search: into the URL, the list and, on a phone
    (the panel below the map), into view."""
    ui.edit_param("kommune", str(code))
    st.session_state["map_kommune"] = code
    st.session_state[layout.SEARCH_KEY] = ""
    ui.reveal_when_stacked(f".st-key-{PANEL_KEY}", below=layout.MAP_FRAME)


def on_map_click(context: mv.Choices):
    """The map's click handler: a municipality of the atlas clicked on the map is selected."""
    def clicked(code: int) -> None:
        if code in context.municipalities:
            select(code)

    return clicked


def on_search(context: mv.Choices) -> None:
    """The search field: a name in any usual spelling ("Århus", "Kobenhavn") or a code
    ("360"), found with the shared resolver (municipal.resolve). Text it cannot place stays in
    the field, with a notice below it (`unplaced_search`; for a town, where it lies)."""
    typed = str(st.session_state.get(layout.SEARCH_KEY) or "").strip()
    code = mv.find_municipality(typed, context.municipalities) if typed else None
    if code is not None:
        select(code)


def unplaced_search(context: mv.Choices) -> municipal.Resolution | None:
    """What the resolver found for the search field's text when it names no municipality (a
    town's municipality, close names), for the notice below the field."""
    typed = str(st.session_state.get(layout.SEARCH_KEY) or "").strip()
    found = mv.search_result(typed, context.municipalities) if typed else None
    return None if found is None or found.code is not None else found


def on_kommune() -> None:
    """The select box: a municipality from the list (or none)."""
    chosen = st.session_state.get("map_kommune")
    ui.edit_param("kommune", None if chosen is None else str(chosen))
    st.session_state[layout.SEARCH_KEY] = ""


def clear_selection() -> None:
    ui.edit_param("kommune", None)


def set_fullscreen(on: bool) -> None:
    st.session_state["map_fullscreen"] = on


def fullscreen() -> bool:
    return bool(st.session_state.get("map_fullscreen"))


def _choose(param: str, key: str, **options: Any) -> None:
    """A sidebar widget's callback: its value into the URL; on a phone the sidebar closes, so
    the visitor sees the map it changed."""
    ui.set_param(param, key, **options)
    ui.close_sidebar_if_covering()


def _bind(param: str, **options: Any) -> dict[str, Any]:
    return {"on_change": _choose, "args": (param, f"map_{param}"),
            "kwargs": {"required": param in mv.REQUIRED, **options}}


def municipality_panel(selected: mv.Selected, lang: str, embedded: bool) -> None:
    """The selected municipality's details beside the map (below it on a phone)."""
    with st.container(border=True, key=PANEL_KEY):
        st.markdown(f"### {ui.md(selected.name)}")
        st.caption(ui.md(selected.context_line))
        st.caption(ui.md(selected.indicator_label))
        st.html(value_html(selected, lang))
        st.markdown(f"**{selected.rank_text}**")
        if selected.travel_note:
            st.info(ui.md(selected.travel_note), icon=":material/directions_boat:")
        st.markdown("  \n".join(f"{ui.md(label)}: **{ui.md(ui.render(value, lang))}**"
                                for label, value in selected.reference_lines))
        if not embedded:
            st.page_link(PROFILE_PAGE, label=t("map.profile", lang),
                         query_params={"kommune": str(selected.code), "lang": lang})
        st.button("✕", key="map_clear", help=t("none", lang), on_click=clear_selection)


def sidebar(state: mv.MapState, context: mv.Choices, lang: str) -> None:
    """The sidebar's choices: language, indicator, period, view; the filters, and the
    classification, class count and background map, in lazy expanders; full screen."""
    labels = mv.indicator_options(lang)
    with st.sidebar:
        ui.language_picker()
        st.selectbox(t("map.indicator", lang), options=list(labels),
                     format_func=labels.__getitem__, key="map_indicator",
                     help=t("map.indicator.help", lang), **_bind("indicator", drop=("period",)))
        periods = list(context.periods[state.indicator])
        if len(periods) > 1:
            st.segmented_control(t("period", lang), options=periods, key="map_period",
                                 required=True, **_bind("period"))
        else:
            st.caption(t("map.period.single", lang, period=state.period))
        st.segmented_control(t("map.view", lang), options=list(VIEWS), key="map_view",
                             required=True, format_func=lambda v: t(f"map.view.{v}", lang),
                             **_bind("view"))
        # The less used choices in lazy expanders (drawn only while open; open when the URL
        # sets one of them): their widgets are not built for every new visitor before the map
        # (issue 23)
        with st.expander(t("map.filters", lang), key=layout.FILTERS_KEY, on_change="rerun",
                         expanded=filtering(state)) as filters:
            if filters.open:
                st.selectbox(t("map.filter.region", lang), options=[ALL, *context.regions],
                             format_func=lambda c: t("map.filter.all_regions", lang)
                             if c == ALL else context.regions[c], key="map_region",
                             **_bind("region", empty=ALL))
                st.selectbox(t("map.filter.gruppe", lang),
                             options=[ALL, *sorted(context.groups)],
                             format_func=lambda c: t("map.filter.all_groups", lang)
                             if c == ALL else context.groups[c], key="map_gruppe",
                             **_bind("gruppe", empty=ALL))
        with st.expander(t("map.options", lang), key=layout.OPTIONS_KEY, on_change="rerun",
                         expanded=customised(state)) as options:
            if options.open:
                st.segmented_control(t("classification", lang), options=list(METHODS),
                                     key="map_breaks", required=True,
                                     format_func=lambda m: t(f"classification.{m}", lang),
                                     help=t("classification.help", lang), **_bind("breaks"))
                # buttons, not a slider: Streamlit's slider code (with moment and numbro)
                # would be one more bundle to load (bench/first_map.py)
                st.segmented_control(t("classes", lang),
                                     options=list(range(MIN_CLASSES, MAX_CLASSES + 1)),
                                     key="map_classes", required=True, **_bind("classes"))
                # choices and a button rather than toggles: one bundle of Streamlit's code
                # fewer (bench/first_map.py)
                st.segmented_control(t("map.tiles", lang),
                                     options=[NO_TILES, *fm.TILE_PROVIDERS],
                                     format_func=lambda v: t(f"map.tiles.{v}", lang),
                                     key="map_tiles", help=t("map.tiles.help", lang),
                                     **_bind("tiles", empty=NO_TILES))
        st.button(t("map.fullscreen", lang), key="map_fullscreen_enter",
                  icon=":material/fullscreen:", help=t("map.fullscreen.help", lang),
                  on_click=set_fullscreen, args=(True,))


def static_figure(model, size, lang):
    """The map as a static figure (atlas.charts.static_map) for the figure downloads; altair
    and shapely are imported on the first download, not before the first map (issue 23)."""
    from atlas.charts.static_map import static_map

    return static_map(model, mv.map_geometry(True), size, lang=lang)


def funnel_section(view: mv.MapView, state: mv.MapState, lang: str) -> None:
    """A register rate's funnel plot (issue 20) in an expander, lazy like the definition."""
    if not (funnel_views.eligible(view.indicator) or funnel_views.is_survey(view.indicator)):
        return
    with st.expander(funnel_views.text("map.expander", lang), key=layout.FUNNEL_KEY,
                     on_change="rerun") as funnel_box:
        if funnel_box.open:
            # altair only when the box is open: the first map does not need it (issue 23)
            from atlas.charts.funnel import funnel_chart

            funnel = funnel_views.map_funnel(view.indicator, state.period, lang, state.kommune)
            if funnel is not None:
                if funnel.selected_text:
                    st.markdown(funnel.selected_text)
                st.altair_chart(funnel_chart(funnel), width="stretch")
                st.caption("  \n".join(ui.render(note, lang) for note in funnel.notes))
            else:
                st.info(funnel_views.map_note(view.indicator, lang)
                        or funnel_views.text("unavailable", lang), icon=":material/info:")
