"""The map: a choropleth of the 98 municipalities for one indicator and period.

Layout and widgets only. The URL's query parameters hold the state (atlas.maps.state), the
query layer assembles the numbers (atlas.query.map) and the pure builders draw the map and
legend (atlas.maps). Widgets write their value to the URL in their on_change callback; every
run reads the URL, so a shared link and the widgets can never disagree.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st
from streamlit_folium import st_folium

from atlas import i18n
from atlas.i18n import format_number, t
from atlas.maps import assets
from atlas.maps import folium_map as fm
from atlas.maps.classify import MAX_CLASSES, METHODS, MIN_CLASSES
from atlas.maps.legend import legend_html
from atlas.maps.state import PARAMS, parse_state
from atlas.query import map as qm
from atlas.ui import require_database

PROFILE_PAGE = Path(__file__).with_name("profile.py")
ABOUT_PAGE = "pages/about.py"
MAP_KEY = "atlas_map"
ALL = 0  # "all regions" / "all groups" in the filter select boxes

lang = i18n.current_lang()
require_database()

raw = st.query_params.to_dict()
raw.setdefault("lang", lang)
choices = qm.choices(lang=lang)
if not choices.periods:
    st.error(t("map.no_indicators", lang))
    st.stop()
state, notices = parse_state(raw, choices)
lang = state.lang


# --- callbacks: widget -> URL ---------------------------------------------------------------
def _set_param(param: str, key: str, *, drop: tuple[str, ...] = ()) -> None:
    value = st.session_state.get(key)
    if value is None and param in ("breaks", "classes", "view", "indicator", "period"):
        return  # a required choice was deselected: keep the current one
    for other in drop:
        if other in st.query_params:
            del st.query_params[other]
    if value is None or value is False or value == ALL:
        if param in st.query_params:
            del st.query_params[param]
    else:
        st.query_params[param] = "osm" if value is True else str(value)


def _on_map_click() -> None:
    clicked = st.session_state.get(MAP_KEY) or {}
    code = fm.code_from_tooltip(clicked.get("last_object_clicked_tooltip"))
    if code is not None and code in choices.municipalities:
        st.query_params["kommune"] = str(code)
        st.session_state["map_kommune"] = code


def _clear_selection() -> None:
    if "kommune" in st.query_params:
        del st.query_params["kommune"]


# --- URL -> widgets ---------------------------------------------------------------------------
widget_values = {
    "map_indicator": state.indicator,
    "map_period": state.period,
    "map_breaks": state.method,
    "map_classes": state.k,
    "map_region": state.region or ALL,
    "map_gruppe": state.gruppe or ALL,
    "map_view": state.view,
    "map_tiles": state.tiles is not None,
    "map_kommune": state.kommune,
}
for key, value in widget_values.items():
    st.session_state[key] = value

catalogue = qm.catalogue()
indicator = catalogue.indicators[state.indicator]
indicator_labels = qm.indicator_options(lang)

with st.sidebar:
    i18n.language_picker(st.sidebar)
    st.selectbox(
        t("map.indicator", lang), options=list(indicator_labels),
        format_func=indicator_labels.__getitem__, key="map_indicator",
        help=t("map.indicator.help", lang),
        on_change=_set_param, args=("indicator", "map_indicator"),
        kwargs={"drop": ("period",)},
    )
    periods = list(choices.periods[state.indicator])
    if len(periods) > 1:
        st.segmented_control(
            t("period", lang), options=periods, key="map_period", required=True,
            on_change=_set_param, args=("period", "map_period"),
        )
    else:
        st.caption(t("map.period.single", lang, period=state.period))
    st.segmented_control(
        t("classification", lang), options=list(METHODS), key="map_breaks", required=True,
        format_func=lambda m: t(f"classification.{m}", lang),
        help=t("classification.help", lang),
        on_change=_set_param, args=("breaks", "map_breaks"),
    )
    st.select_slider(
        t("classes", lang), options=list(range(MIN_CLASSES, MAX_CLASSES + 1)),
        key="map_classes", on_change=_set_param, args=("classes", "map_classes"),
    )
    st.subheader(t("map.filters", lang))
    st.selectbox(
        t("map.filter.region", lang), options=[ALL, *choices.regions],
        format_func=lambda c: t("map.filter.all_regions", lang) if c == ALL
        else choices.regions[c],
        key="map_region", on_change=_set_param, args=("region", "map_region"),
    )
    st.selectbox(
        t("map.filter.gruppe", lang), options=[ALL, *sorted(choices.groups)],
        format_func=lambda c: t("map.filter.all_groups", lang) if c == ALL
        else choices.groups[c],
        key="map_gruppe", on_change=_set_param, args=("gruppe", "map_gruppe"),
    )
    st.segmented_control(
        t("map.view", lang), options=list(fm.VIEWS), key="map_view", required=True,
        format_func=lambda v: t(f"map.view.{v}", lang),
        on_change=_set_param, args=("view", "map_view"),
    )
    with st.expander(t("map.options", lang)):
        st.toggle(t("map.tiles", lang), key="map_tiles", help=t("map.tiles.help", lang),
                  on_change=_set_param, args=("tiles", "map_tiles"))
    if catalogue.missing:
        st.caption(t("map.indicator.missing", lang, n=len(catalogue.missing),
                     names=", ".join(ind.label(lang) for ind in catalogue.missing)))

# canonical URL: invalid values replaced by their defaults, every setting present
wanted = state.to_params()
for param in PARAMS:
    if param in wanted:
        if st.query_params.get(param) != wanted[param]:
            st.query_params[param] = wanted[param]
    elif param in st.query_params:
        del st.query_params[param]

model = qm.build_model(state)

# --- page -------------------------------------------------------------------------------------
st.title(indicator.label(lang))
st.caption(" · ".join([
    f"{t('period', lang)} {state.period}",
    indicator.unit(lang),
    i18n.direction_label(indicator.direction, lang),
]))
for notice in notices:
    st.warning(notice, icon="⚠️")

map_col, side_col = st.columns([2.25, 1], gap="medium")

with map_col:
    missing = assets.missing_assets()
    if missing:
        st.error(t("map.assets_missing", lang), icon="🗺️")
        st.code(assets.FETCH_COMMAND, language="bash")
    else:
        geometry = qm.geometry(inset=state.tiles is None)
        base = fm.build_base_map(geometry, tiles=state.tiles)
        st_folium(
            base,
            key=MAP_KEY,
            height=fm.MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count"],
            feature_group_to_add=fm.build_choropleth(model.payload_json),
            on_change=_on_map_click,
        )
    if model.filter_text:
        st.caption(model.filter_text)
    lines = [
        t("map.source_line", lang, source=model.source_text, period=state.period,
          unit=indicator.unit(lang)),
        t("map.national_line", lang, value=model.national_text,
          method=model.national_method_text or "—"),
    ]
    if model.classification.no_data:
        lines.append(t("map.no_data_line", lang,
                       n=format_number(model.classification.no_data, 0, lang)))
    if state.tiles is None:
        lines.append(t("map.inset_note", lang))
    if model.points_text:
        lines.append(model.points_text)
    lines.append(t("map.boundaries", lang))
    if indicator.origin == "computed" and indicator.caveats(lang):
        # the atlas's own computations (e.g. hospital distance) state their method up front
        lines.append(f"**{t('caveats', lang)}:** {indicator.caveats(lang)}")
    st.caption("  \n".join(lines))
    with st.expander(f"{t('definition', lang)} · {t('caveats', lang)}"):
        st.markdown(f"**{t('definition', lang)}.** {indicator.description(lang)}")
        if indicator.caveats(lang):
            st.markdown(f"**{t('caveats', lang)}.** {indicator.caveats(lang)}")
        try:
            st.page_link(ABOUT_PAGE, label=t("map.about_link", lang), icon="ℹ️",
                         query_params={"lang": lang})
        except Exception:  # the page is not registered (e.g. run on its own)
            pass

with side_col:
    st.markdown(f"#### {t('map.legend', lang)}")
    st.markdown(legend_html(model.legend), unsafe_allow_html=True)

    st.markdown(f"#### {t('municipality', lang)}")
    st.selectbox(
        t("map.select", lang), options=list(model.options),
        format_func=model.options.__getitem__, key="map_kommune",
        placeholder=t("map.select.placeholder", lang), help=t("map.select.help", lang),
        on_change=_set_param, args=("kommune", "map_kommune"),
    )
    selected = model.selected
    if selected is not None:
        with st.container(border=True, key="map_selected"):
            st.markdown(f"### {selected.name}")
            st.caption(f"{selected.region_name} · {selected.gruppe_name}")
            st.caption(indicator.label(lang))
            st.markdown(
                f'<div class="atlas-value" style="font-size:2.3rem;font-weight:600;'
                f'line-height:1.15;margin-bottom:.3rem">{html.escape(selected.number_text)}'
                f'<span style="font-size:1.05rem;font-weight:400"> '
                f'{html.escape(indicator.unit(lang)) if selected.has_value else ""}'
                f'</span></div>', unsafe_allow_html=True)
            st.markdown(f"**{selected.rank_text}**")
            if selected.travel_note:
                st.info(selected.travel_note, icon=":material/directions_boat:")
            st.markdown(
                f"{t('map.national', lang)}: **{selected.national_text}**  \n"
                f"{selected.gruppe_label}: **{selected.gruppe_text}**  \n"
                f"{selected.region_label}: **{selected.region_text}**"
            )
            if PROFILE_PAGE.exists():  # the profile page arrives in a later issue
                try:
                    st.page_link(str(Path("pages") / PROFILE_PAGE.name),
                                 label=t("map.profile", lang),
                                 query_params={"kommune": str(selected.code), "lang": lang})
                except Exception:  # not registered in app.py's navigation yet
                    pass
            st.button("✕", key="map_clear", help=t("none", lang), on_click=_clear_selection)

    with st.popover(t("map.share", lang), icon=":material/link:"):
        st.caption(t("map.share.help", lang))
        url = st.context.url or ""
        parts = urlsplit(url)
        link = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(wanted), ""))
        st.code(link, language=None, wrap_lines=True)
