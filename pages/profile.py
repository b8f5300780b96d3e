"""Municipality profile: every indicator of one municipality against Denmark, its kommunegruppe
and its region; spine chart, trends, most similar municipalities, summary and downloads.

Layout and widgets only: the state comes from the URL (atlas.views.profile.SCHEMA), the view
assembles what is shown, atlas.charts draws the charts, atlas.exports writes the files.
"""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.charts.export import titled
from atlas.charts.funnel import funnel_chart
from atlas.charts.locator import locator_map
from atlas.charts.spine import spine_chart, trend_chart
from atlas.i18n import t
from atlas.ui.scaffold import open_page
from atlas.ui.static_table import section_tables
from atlas.views import funnel as fv
from atlas.views import municipal
from atlas.views import profile as pv
from atlas.views.map_page import map_geometry
from atlas.views.text import plain
from atlas.views.urlstate import link

PROFILE_PAGE = "pages/profile.py"
COMPARE_PAGE = "pages/compare.py"
TRENDS_PER_ROW = 3

page = open_page(pv.parse_state, municipal.context)
state, context, lang, embedded = page.state, page.context, page.lang, page.embedded
chooser = page.extra[0]


def text(key: str, **fields) -> str:
    return pv.text(key, lang, **fields)


st.session_state["profile_kommune"] = state.kommune
if not embedded:   # an embed shows no sidebar
    with st.sidebar:
        st.selectbox(text("choose"), options=list(context.municipalities),
                     format_func=context.municipalities.__getitem__, key="profile_kommune",
                     placeholder=text("choose.placeholder"), on_change=ui.set_param,
                     args=("kommune", "profile_kommune"))
page.show_notices()

if chooser is not None:
    ui.sync_url(pv.permalink(state, context), pv.SCHEMA.names)
    st.title(text("page"))
    if chooser.message:
        st.warning(chooser.message, icon=":material/search_off:")
    if chooser.suggestions:
        with st.container(border=True, key="profile_suggestions"):
            st.markdown(f"**{chooser.prompt}**")
            for code, name in chooser.suggestions:
                st.page_link(PROFILE_PAGE, label=ui.md(name), icon=":material/location_city:",
                             query_params={"kommune": str(code), "lang": lang})
    st.info(text("choose.intro"), icon=":material/info:")
    ui.stop()

view = pv.build_view(state, context)
ui.sync_url(view.permalink, pv.SCHEMA.names)
# `?embed=true` (an article's iframe): the compact layout, i.e. the summary, the locator and
# the spine chart with its key, the source line and a link back to the full profile

st.title(view.title)
st.caption(ui.render(view.facts_line, lang))

summary_col, map_col = st.columns([3, 1], gap="medium")
with summary_col:
    st.subheader(text("summary"))
    for paragraph in view.summary[:-1]:
        st.markdown(ui.render(paragraph, lang))
    st.caption(ui.render(view.summary[-1], lang))
    if view.hospital is not None and not embedded:
        with st.container(border=True, key="profile_hospital"):
            st.markdown(f"**{text('hospital')}**")
            st.markdown(ui.render(view.hospital.value_line, lang))
            if view.hospital.island_note:
                st.info(view.hospital.island_note, icon=":material/directions_boat:")
            st.caption(view.hospital.method)
with map_col:
    st.markdown(f"**{text('locator')}**")
    st.altair_chart(locator_map(map_geometry(True), view.code), width="content")

st.subheader(text("spine"))
st.caption(text("spine.help", name=ui.md(view.name)))
st.altair_chart(spine_chart(view.spine, view.role_order, view.spine_labels, lang),
                width="content")
address = link(st.context.url, view.permalink)
if embedded:
    st.caption(f"{municipal.sources_line(view.export(address).provenance, lang)}  \n"
               f"{t('map.boundaries', lang)}")
    ui.embed_backlink(view.permalink, lang)
    ui.stop()
ui.figure_downloads(
    lambda size: titled(spine_chart(view.spine, view.role_order, view.spine_labels, lang),
                        plain(view.title), [plain(ui.render(line, lang)) for line in
                                            (view.facts_line, view.sources_line)], size),
    f"ulighedsatlas-profil-{view.code}", lang, key="profile_figure")

# static tables, numbers right (as the comparison's)
section_tables(view.sections, lang, text_columns=(text("col.period"),))
st.caption(view.groups_note)

funnels = fv.profile_funnels(view.code, lang)   # register rates against Denmark (issue 20)
if funnels.charts:
    st.subheader(funnels.title)
    st.caption(funnels.intro)
    with st.container(key="profile_funnel_marks"):
        st.markdown("  \n".join(ui.render(mark, lang) for mark in funnels.marks))
    for tab, model in zip(st.tabs(list(funnels.tabs)), funnels.charts):
        with tab:
            st.altair_chart(funnel_chart(model), width="stretch")
            st.caption("  \n".join(ui.render(note, lang) for note in model.notes))
if funnels.survey_note:
    st.caption(funnels.survey_note)

st.subheader(text("trends"))
if view.trend_note:
    st.info(view.trend_note, icon=":material/history:")
if not view.trends:
    st.caption(text("trends.none"))
for start in range(0, len(view.trends), TRENDS_PER_ROW):
    for column, trend in zip(st.columns(TRENDS_PER_ROW), view.trends[start:start + TRENDS_PER_ROW]):
        with column:
            st.altair_chart(trend_chart(trend, lang), width="content")

st.subheader(text("similar"))
with st.container(key="profile_similar"):
    for item in view.similar:
        st.page_link(PROFILE_PAGE,
                     label=ui.render(item.label, lang),
                     icon=":material/location_city:",
                     query_params={"kommune": str(item.code), "lang": lang})
if view.similar:
    codes = ",".join(str(code) for code in [view.code, *[s.code for s in view.similar[:3]]])
    st.page_link(COMPARE_PAGE, label=text("similar.compare"), icon=":material/compare_arrows:",
                 query_params={"kommuner": codes, "lang": lang})
st.caption(view.similar_method)

export = view.export(address)
ui.table_downloads(export, {"csv": text("download.csv"), "xlsx": text("download.xlsx"),
                           "sources": text("download.sources"),
                           "file_sources": text("file.sources")})
ui.share_controls(view.permalink, view.title, lang, label=text("share"))
st.caption(ui.render(view.sources_line, lang))
