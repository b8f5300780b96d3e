"""Omvendt omsorg / Inverse care: every need x access pair at once, then one pair in detail.

Layout and widgets only. The URL holds the state (schema: atlas.views.inverse_care.state):
without a pair it opens on the overview of every registered pair (forest plot, table, reading
across the pairs); `?need=…&access=…` opens that pair's detail. In the detail the map and the
scatter are drawn first and the rest after them, into places kept for it. The widgets, their
callbacks and the longer sections are in atlas.ui.inverse_care_controls.
"""

from __future__ import annotations

import functools

import streamlit as st

from atlas import ui
from atlas.charts.scatter import SELECTION, scatter_chart, scatter_figure
from atlas.charts.static_map import static_map
from atlas.i18n import t
from atlas.maps.legend import bivariate_legend_html, legend_html
from atlas.stats import pairs as atlas_stats
from atlas.ui import cached_chart
from atlas.ui import inverse_care_controls as icc
from atlas.ui.map_embed import embed_map
from atlas.ui.scaffold import open_page
from atlas.views import map_page as mv
from atlas.views.inverse_care import export, figures, lisa, model, spatial
from atlas.views.inverse_care import state as ic
from atlas.views.inverse_care.wording import text
from atlas.views.text import plain


def _choices(lang: str) -> ic.Choices:
    context = ic.choices(lang)
    if not context.ready:
        st.title(text("title", lang))
        st.error(text("no_pair", lang))
        ui.stop()
    return context


page = open_page(ic.parse_state, _choices, language_switch=False)
state, context, lang, embedded = page.state, page.context, page.lang, page.embedded
raw = {"lang": lang, **ui.url_params()}
if not ic.wants_detail(raw, state):
    if not embedded:
        with st.sidebar:
            ui.language_picker()
    ui.sync_url({"lang": lang}, ic.SCHEMA.names)
    icc.overview_section(ic.overview_notices(raw, state, context, lang), lang)
    ui.stop()

icc.set_widgets(state)
icc.await_prepared(state)   # the pair may be in preparation in the background
if not spatial.stored(state):   # the build stored only the registered pairs' statistics
    atlas_stats.warm_up()
view = model.build_view(state, context)
if not embedded:   # an embed shows no sidebar
    icc.sidebar(state, view, context, lang)
ui.sync_url(view.permalink, ic.SCHEMA.names)

# `?embed=true` (an article's iframe): the compact layout, i.e. the one-sentence reading, the
# scatter, the map with its legend, the source line and a link back to the full view
st.title(view.title)
if not embedded:
    st.caption(text("intro", lang))
page.show_notices()
if not embedded:
    st.button(text("overview.back", lang), key="ic_back", on_click=icc.open_pair, args=({},),
              icon=":material/arrow_back:", type="tertiary")
    st.markdown(view.why)
st.caption(view.period_line)
reading_slot = st.empty()
scatter_col, stats_col = (st.container(), None) if embedded \
    else st.columns([1.7, 1], gap="medium")
with scatter_col:
    scatter_slot, scatter_note = st.empty(), st.empty()
stats_slot = None if embedded else stats_col.container(key="ic_stats")
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
                             key="ic_map_kind", **icc.bind("map", key="ic_map_kind"))
    embed_map(shown, mv.map_geometry(True), lang, key=icc.MAP_KEY,
              on_municipality=functools.partial(icc.select, context))
    st.caption("  \n".join([shown.source_line, *shown.notes]))
# the two charts first (the map above, the scatter here), the rest of the page after them: a
# run sends what the visitor waits for before the rest (bench/inverse_care_bench.py)
numbers = model.statistics_view(view)
scatter = figures.scatter_model(view, numbers)
reading_slot.info(ui.render(numbers.reading, lang), icon=":material/insights:")
with scatter_slot:
    cached_chart.altair_chart(scatter, scatter_chart, width="stretch", key=icc.SCATTER_KEY,
                              on_select=functools.partial(icc.on_scatter_select, context),
                              selection_mode=SELECTION)
note = ui.render(scatter.note, lang)
scatter_note.caption(note if embedded else f"{note}  \n{text('scatter.selection_hint', lang)}")
clusters = spatial.pair_clusters(*pair) if clusters is None else clusters

with side_col:
    if cluster:
        st.markdown(legend_html(shown.legend, lang), unsafe_allow_html=True)
        st.caption(cluster.summary)
        with st.expander(text("how.title", lang), icon=":material/help:"):
            st.markdown("\n".join(f"- {m}" for m in cluster.meanings))
    else:
        st.markdown(bivariate_legend_html(shown.bivariate, lang), unsafe_allow_html=True)
    if not embedded:
        st.markdown(f"#### {view.hot_title}")
        st.caption(view.hot_intro)
        icc.hot_spot_links(view, clusters, lang)
        st.download_button(text("download", lang), data=export.csv_text(view, clusters),
                           file_name=export.csv_filename(state), mime="text/csv",
                           help=text("download.help", lang), icon=":material/download:",
                           on_click="ignore", key="ic_download")

if embedded:
    ui.embed_backlink(view.permalink, lang)
    ui.stop()
if view.selected is not None:
    with selected_slot:
        icc.selected_box(view.selected, lang)
icc.commission_section(context, lang)
ui.share_controls(view.permalink, view.title, lang)
# the figure downloads and the statistics table last
with scatter_col:
    ui.figure_downloads(
        lambda size: scatter_figure(scatter, plain(view.title),
                                    [plain(view.period_line),
                                     plain(ui.render(numbers.reading, lang)),
                                     f"{t('source', lang)}: {plain(view.need_source)}; "
                                     f"{plain(view.access_source)}"], size),
        f"ulighedsatlas-{state.need}-{state.access}-scatter", lang, key="ic_scatter_figure")
with side_col:
    ui.figure_downloads(lambda size: static_map(shown, mv.map_geometry(True), size, lang=lang),
                        f"ulighedsatlas-{state.need}-{state.access}-map", lang,
                        key="ic_map_figure")
with stats_slot:
    icc.statistics_section(numbers, lang)
icc.prefetch_pairs(state, view, context)   # last: the pairs one need choice away
