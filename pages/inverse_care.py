"""Omvendt omsorg / Inverse care: every need x access pair at once, then one pair in detail.

Layout and widgets only. The URL holds the state (schema: atlas.views.inverse_care.state):
without a pair it opens on the overview of every registered pair (forest plot, table, reading
across the pairs); `?need=…&access=…` opens that pair's detail. In the detail the map, hot spots
and the commission's chart are drawn first and the statistics (scipy + statsmodels, seconds to
import the first time) last, into places kept for them at the top.
"""

from __future__ import annotations

import functools

import streamlit as st
from streamlit_folium import st_folium

from atlas import ui
from atlas.charts.forest import forest_chart
from atlas.charts.scatter import SELECTION, scatter_chart, scatter_figure, strip_chart
from atlas.charts.static_map import static_map
from atlas.i18n import sorted_names, t
from atlas.maps import assets
from atlas.maps import folium_map as fm
from atlas.maps.legend import bivariate_legend_html, legend_html
from atlas.stats import pairs as atlas_stats
from atlas.views import map_page as mv
from atlas.views.inverse_care import export, figures, lisa, model, overview, spatial
from atlas.views.inverse_care import state as ic
from atlas.views.inverse_care.wording import text
from atlas.views.text import plain

MAP_PAGE = "pages/map.py"
MAP_KEY = "ic_map"
SCATTER_KEY = "ic_scatter"

atlas_stats.warm_up()
ui.require_database()
lang = ui.current_lang()
context = ic.choices(lang)
if not context.ready:
    st.title(text("title", lang))
    st.error(text("no_pair", lang))
    st.stop()
raw = {"lang": lang, **ui.url_params()}
state, notices = ic.parse_state(raw, context)
lang = state.lang


def _select(code: int | None) -> None:
    if code is not None and code in context.municipalities:
        ui.edit_param("kommune", str(code))
        st.session_state["ic_kommune"] = code


def _on_map_click(key: str) -> None:
    _select(fm.clicked_code(st.session_state.get(key)))


def _draw_map(choropleth, key: str) -> None:
    if assets.missing_assets():
        st.error(t("map.assets_missing", lang), icon="🗺️")
        st.code(assets.FETCH_COMMAND, language="bash")
        return
    geometry = mv.map_geometry(True)
    st_folium(fm.build_base_map(geometry), key=key, height=fm.MAP_HEIGHT,
              use_container_width=True,
              returned_objects=["last_active_drawing", "last_object_clicked"],
              feature_group_to_add=fm.choropleth_layer(choropleth, geometry),
              on_change=functools.partial(_on_map_click, key))
    st.caption("  \n".join([choropleth.source_line, *choropleth.notes]))


def _on_scatter_select() -> None:
    event = st.session_state.get(SCATTER_KEY) or {}
    picked = (event.get("selection") or {}).get(SELECTION) or []
    codes = [item.get("code") for item in picked if isinstance(item, dict)]
    if codes and codes[0] is not None:
        _select(int(codes[0]))


def _open(params: dict[str, str]) -> None:
    """A pair's detail (its parameters) or, with none, the overview: one URL update."""
    for name in ic.SCHEMA.names:
        if name != "lang":
            ui.edit_param(name, params.get(name))


def _bind(param: str, key: str | None = None, **options):
    return {"on_change": ui.set_param, "args": (param, key or f"ic_{param}"),
            "kwargs": {"required": param in ic.REQUIRED, **options}}


def _overview() -> None:
    """Every registered pair at once."""
    with st.sidebar:
        ui.language_picker()
    ui.sync_url({"lang": lang}, ic.SCHEMA.names)
    view = overview.overview(lang)
    st.title(view.title)
    st.caption(view.intro)
    for notice in ic.overview_notices(raw, state, context, lang):
        st.warning(notice, icon="⚠️")
    st.info(view.reading, icon=":material/insights:")
    st.altair_chart(forest_chart(view.forest), width="stretch")
    st.caption(view.no_pick)
    with st.expander(view.how_title, expanded=True, icon=":material/help:"):
        st.markdown(view.how + "\n\n" + "\n".join(f"- {m}" for m in view.meanings))
    with st.container(key="ic_overview_table"):
        st.markdown(view.table)
    st.markdown(f"#### {view.detail_title}")
    for i, row in enumerate(view.rows):
        st.button(text("overview.link", lang, pair=ui.md(row.label), periods=row.periods),
                  key=f"ic_pair_{i}", on_click=_open, args=(row.link_params,),
                  icon=":material/scatter_plot:", type="tertiary")
    if view.missing:
        st.markdown(f"#### {view.missing_title}\n" + "\n".join(f"- {m}" for m in view.missing))
    st.caption(f"{view.weights}  \n{view.method}  \n{view.references}")
    if ui.embedded():
        ui.embed_backlink({"lang": lang}, lang)


def _detail() -> None:
    """One pair: today's page."""
    for key, value in ic.widget_values(state).items():
        st.session_state[key] = value

    view = model.build_view(state, context)

    with st.sidebar:
        ui.language_picker()
        st.selectbox(text("need", lang), options=list(view.need_options),
                     format_func=view.need_options.__getitem__, key="ic_need",
                     help=text("need.help", lang),
                     **_bind("need", drop=("need_period", "access", "access_period")))
        if len(context.periods[state.need]) > 1:
            st.selectbox(text("need_period", lang), options=list(context.periods[state.need]),
                         key="ic_need_period", **_bind("need_period"))
        st.selectbox(text("access", lang), options=list(view.access_options),
                     format_func=view.access_options.__getitem__, key="ic_access",
                     help=text("access.help", lang), **_bind("access", drop=("access_period",)))
        if len(context.periods[state.access]) > 1:
            st.selectbox(text("access_period", lang),
                         options=list(context.periods[state.access]), key="ic_access_period",
                         **_bind("access_period"))
        st.segmented_control(text("weighting", lang), options=list(ic.WEIGHTINGS),
                             key="ic_weighting", required=True,
                             format_func=lambda w: text(f"weighting.{w}", lang),
                             help=text("weighting.help", lang), **_bind("weighting"))
        st.segmented_control(text("colour", lang), options=list(ic.COLOURINGS),
                             key="ic_colour", required=True,
                             format_func=lambda c: text(f"colour.{c}", lang), **_bind("colour"))
        names = sorted_names(context.municipalities, lang)
        st.selectbox(text("kommune", lang), options=list(names), format_func=names.__getitem__,
                     key="ic_kommune", placeholder=text("kommune.placeholder", lang),
                     **_bind("kommune"))

    ui.sync_url(view.permalink, ic.SCHEMA.names)

    # --- page -------------------------------------------------------------------------------------
    # `?embed=true` (an article's iframe): the compact layout, i.e. the one-sentence reading, the
    # scatter, the map with its legend, the source line and a link back to the full view
    embedded = ui.embedded()
    st.title(view.title)
    if not embedded:
        st.caption(text("intro", lang))
    for notice in notices:
        st.warning(notice, icon="⚠️")
    if not embedded:
        st.button(text("overview.back", lang), key="ic_back", on_click=_open, args=({},),
                  icon=":material/arrow_back:", type="tertiary")
        st.markdown(view.why)
    st.caption(view.period_line)
    reading_slot = st.empty()

    if embedded:
        scatter_col, stats_col = st.container(), None
    else:
        scatter_col, stats_col = st.columns([1.7, 1], gap="medium")
    with scatter_col:
        scatter_slot = st.empty()
        scatter_note = st.empty()
    if not embedded:
        with stats_col:
            stats_slot = st.container(key="ic_stats")

    selected_slot = st.container()   # filled after the two charts

    st.subheader(text("map.title", lang))
    map_col, side_col = st.columns([2.25, 1], gap="medium")
    pair = (state.need, state.need_period, state.access, state.access_period)
    clusters = spatial.pair_clusters(*pair) if state.map == "clusters" else None
    cluster = lisa.cluster_map(view, clusters) if clusters is not None else None
    shown = cluster.choropleth if cluster else view.choropleth
    with map_col:
        if not embedded:
            st.segmented_control(text("mapkind", lang), options=list(ic.MAPS), required=True,
                                 format_func=lambda m: text(f"mapkind.{m}", lang),
                                 key="ic_map_kind", **_bind("map", key="ic_map_kind"))
        _draw_map(shown, MAP_KEY)
    # the two charts first (the map above, the scatter here), the rest of the page after them: a
    # run sends what the visitor waits for before the rest (bench/inverse_care_bench.py)
    numbers = model.statistics_view(view)
    scatter = figures.scatter_model(view, numbers)
    reading_slot.info(numbers.reading, icon=":material/insights:")
    scatter_slot.altair_chart(scatter_chart(scatter), width="stretch", key=SCATTER_KEY,
                              on_select=_on_scatter_select, selection_mode=SELECTION)
    scatter_note.caption(scatter.note if embedded
                         else f"{scatter.note}  \n{text('scatter.selection_hint', lang)}")
    clusters = spatial.pair_clusters(*pair) if clusters is None else clusters

    with side_col:
        if cluster:
            st.markdown(legend_html(shown.legend), unsafe_allow_html=True)
            st.caption(cluster.summary)
            with st.expander(text("how.title", lang), icon=":material/help:"):
                st.markdown("\n".join(f"- {m}" for m in cluster.meanings))
        else:
            st.markdown(bivariate_legend_html(shown.bivariate), unsafe_allow_html=True)
        if not embedded:
            st.markdown(f"#### {view.hot_title}")
            st.caption(view.hot_intro)
            with st.container(key="ic_hotspots"):
                for spot, label in lisa.hot_spot_labels(view, clusters):
                    st.page_link(MAP_PAGE, label=label, query_params=spot.link_params)
            st.download_button(text("download", lang), data=export.csv_text(view, clusters),
                               file_name=export.csv_filename(state), mime="text/csv",
                               help=text("download.help", lang), icon=":material/download:",
                               on_click="ignore", key="ic_download")

    if view.selected is not None and not embedded:
        selected = view.selected
        with selected_slot, st.container(border=True, key="ic_selected"):
            st.markdown(f"**{ui.md(selected.name)}** · {ui.md(selected.context_line)}")
            st.markdown("  \n".join(f"{ui.md(label)}: **{ui.md(value)}**"
                                    for label, value in selected.lines))
            if selected.cell_text:
                st.caption(selected.cell_text)
            if selected.missing_text:
                st.info(selected.missing_text)
            st.page_link(MAP_PAGE, label=selected.link_label, icon=":material/map:",
                         query_params=selected.link_params)

    if embedded:
        ui.embed_backlink(view.permalink, lang)
    else:
        commission = figures.commission_view(context, lang)
        st.subheader(commission.title)
        with st.container(key="ic_commission"):
            if commission.available:
                st.caption(commission.intro)
                st.altair_chart(strip_chart(commission), width="stretch")
                st.markdown(commission.summary)
                st.caption(f"{commission.periods}  \n{t('source', lang)}: "
                           f"{ui.md(commission.source)}")
            else:
                st.info(commission.missing_text, icon=":material/database:")
                st.code(commission.commands, language="bash")
        ui.share_controls(view.permalink, view.title, lang)

    # the figure downloads and the statistics table last
    if not embedded:
        with scatter_col:
            ui.figure_downloads(
                lambda size: scatter_figure(scatter, plain(view.title),
                                            [plain(view.period_line), plain(numbers.reading),
                                             f"{t('source', lang)}: {plain(view.need_source)}; "
                                             f"{plain(view.access_source)}"], size),
                f"ulighedsatlas-{state.need}-{state.access}-scatter", lang,
                key="ic_scatter_figure")
        with side_col:
            ui.figure_downloads(lambda size: static_map(shown, mv.map_geometry(True), size),
                                f"ulighedsatlas-{state.need}-{state.access}-map", lang,
                                key="ic_map_figure")
        with stats_slot:
            st.markdown(f"#### {text('stats.title', lang)}")
            st.markdown(numbers.table)
            st.caption(numbers.table_note)
            st.markdown(f"{numbers.n_line}  \n{numbers.excluded_line}")
            st.caption(f"{numbers.spatial_line}  \n{numbers.position}")
            ov = overview.overview(lang)
            with st.expander(ov.how_title, icon=":material/help:"):
                st.markdown("\n".join(f"- {m}" for m in ov.meanings))
            for note in (*numbers.notes, ov.weights, ov.method, ov.references):
                st.caption(note)


if ic.wants_detail(raw, state):
    _detail()
else:
    _overview()
