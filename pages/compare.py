"""Compare 2-4 municipalities side by side for every indicator.

Layout and widgets only: the state comes from the URL (atlas.views.compare.SCHEMA), the view
assembles the rows, atlas.exports writes the downloads.
"""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.ui.scaffold import open_page
from atlas.ui.static_table import section_tables
from atlas.views import compare as cv
from atlas.views import municipal
from atlas.views.urlstate import link

PROFILE_PAGE = "pages/profile.py"

page = open_page(cv.parse_state, municipal.context)
state, context, lang, embedded = page.state, page.context, page.lang, page.embedded


def text(key: str, **fields) -> str:
    return cv.text(key, lang, **fields)


st.session_state["compare_kommuner"] = list(state.kommuner)
ui.sync_url(cv.permalink(state, context), cv.SCHEMA.names)

# `?embed=true` (an article's iframe): the compact layout, i.e. the comparison with its key,
# the source line and a link back to the full view; no chooser, no downloads
st.title(text("page"))
page.show_notices()
if not embedded:
    st.multiselect(text("choose"), options=list(context.municipalities),
                   format_func=context.municipalities.__getitem__, key="compare_kommuner",
                   max_selections=cv.MAX_MUNICIPALITIES, placeholder=text("choose.placeholder"),
                   on_change=ui.set_list_param, args=("kommuner", "compare_kommuner"))

if len(state.kommuner) < cv.MIN_MUNICIPALITIES:
    st.info(text("choose.intro"), icon=":material/info:")
    if embedded:
        ui.embed_backlink(cv.permalink(state, context), lang)
    ui.stop()

view = cv.build_view(state, context)
address = link(st.context.url, view.permalink)
export = view.export(address)
if embedded:
    st.markdown(" · ".join(f"**{ui.md(name)}**" for name in view.names))
else:
    links = st.columns(len(view.names))
    for column, code, name in zip(links, state.kommuner, view.names):
        column.page_link(PROFILE_PAGE, label=text("profile_link", name=ui.md(name)),
                         icon=":material/location_city:",
                         query_params={"kommune": str(code), "lang": lang})

# static HTML tables (atlas.ui.static_table): numbers aligned right, the indicator kept in view
# when a table scrolls sideways; no data grid, whose header sorted the written numbers as text
section_tables(view.sections, lang, text_columns=(text("col.period"),))
if embedded:
    st.caption(f"{view.legend}  \n{municipal.sources_line(export.provenance, lang)}")
    ui.embed_backlink(view.permalink, lang)
    ui.stop()
st.caption(view.legend)

ui.table_downloads(export, {"csv": text("download.csv"), "xlsx": text("download.xlsx"),
                           "sources": text("download.sources"),
                           "file_sources": text("file.sources")})
ui.share_controls(view.permalink, f"{text('page')}: {', '.join(view.names)}", lang,
                  label=text("share"))
