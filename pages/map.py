"""The map: a choropleth of the 98 municipalities for one indicator and period.

Layout and widgets only. The URL holds the state (schema: atlas.views.map_page), the view
layer assembles what is shown (atlas.views.map_page.build_view) and the renderers draw it
(atlas.maps). The widgets and their callbacks are in atlas.ui.map_controls; the preamble
(database, language, URL state and notices) is the page scaffold's (atlas.ui.scaffold).
"""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.maps import layout
from atlas.maps.legend import legend_html
from atlas.ui import map_controls as mc
from atlas.ui.map_embed import embed_map
from atlas.ui.scaffold import open_page
from atlas.views import autocorrelation
from atlas.views import map_page as mv
from atlas.views.text import echo

ABOUT_PAGE = "pages/about.py"
INVERSE_CARE_PAGE = "pages/inverse_care.py"


def _choices(lang: str) -> mv.Choices:
    context = mv.choices(lang)
    if not context.periods:
        st.error(t("map.no_indicators", lang))
        ui.stop()
    return context


# the sidebar comes after the map (mc.sidebar): the map is the first element the browser meets
page = open_page(mv.parse_state, _choices, language_switch=False)
state, context, lang, embedded = page.state, page.context, page.lang, page.embedded
mc.set_widgets(state)
view = mv.build_view(state, context)
ui.remember_view(view.permalink)

# --- page -------------------------------------------------------------------------------------
model = view.choropleth
fullscreen = mc.fullscreen()
st.html(layout.page_css(fullscreen=fullscreen, search_hint=mv.text("search.enter", lang)))
if fullscreen:
    st.button(t("map.fullscreen.exit", lang), key="map_fullscreen_exit", icon=":material/close:",
              on_click=mc.set_fullscreen, args=(False,))
# The heading's place first, filled after the map: the map component is the first element this
# run sends, so the browser starts on the map (its largest piece of work) before the rest of the
# page (bench/first_map.py: switch and first map).
heading = st.container()
map_col, side_col = st.columns([2.25, 1], gap="medium")

with map_col:
    geometry = mv.map_geometry(state.tiles is None)
    embed_map(model, geometry, lang, key=mc.MAP_KEY, tiles=state.tiles,
              on_municipality=mc.on_map_click(context))
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
        page.show_notices()
    st.title(view.title)
    st.caption(view.subtitle)

with side_col:
    st.markdown(f"#### {t('map.legend', lang)}")
    # st.html, not Markdown with HTML: no Markdown-to-HTML bundle for a new visitor to load
    st.html(legend_html(model.legend, lang, styles=False))  # styles: layout.page_css
    if view.filter_text:
        st.markdown(view.filter_text)
        with st.expander(t("map.highlight.list", lang)):
            st.markdown("  \n".join(f"{ui.md(label)}: **{ui.md(ui.render(value, lang))}**"
                                    for label, value in view.highlight_averages))
            st.markdown("  \n".join(f"{ui.md(name)}: {ui.md(ui.render(value, lang))}"
                                    for name, value in view.highlighted))

    st.markdown(f"#### {t('municipality', lang)}")
    # Search in a text field of the page's own (the select box's typed text would show
    # Streamlit's English "Add: …" and "No results"); the list itself is not typed into.
    st.text_input(mv.text("search", lang), key=layout.SEARCH_KEY,
                  placeholder=mv.text("search.placeholder", lang),
                  help=mv.text("search.help", lang), on_change=mc.on_search, args=(context,))
    found = mc.unplaced_search(context)
    if found is not None:
        # a town: where it lies, with its municipality to choose ("Nakskov ligger i Lolland
        # Kommune"); otherwise "not a municipality" and close names, if any
        st.warning(found.notice(lang) if found.town is not None
                   else t("notice.unknown_municipality", lang, value=echo(found.text)),
                   icon="⚠️")
        for code, name in found.suggestions:
            st.button(f"{found.prompt(lang)}: {ui.md(name)}", key=f"map_search_go_{code}",
                      on_click=mc.select, args=(code,))
    st.selectbox(t("map.select", lang), options=list(view.options),
                 format_func=lambda code: view.options.get(code, str(code)),
                 key="map_kommune", filter_mode=None,
                 placeholder=mv.text("select.placeholder", lang),
                 help=mv.text("select.help", lang), on_change=mc.on_kommune)
    if view.selected is not None:
        mc.municipality_panel(view.selected, lang, embedded)

    if embedded:
        ui.embed_backlink(view.permalink, lang)
    else:
        ui.share_controls(view.permalink, view.title, lang, label=t("map.share", lang),
                          help=t("map.share.help", lang), link_label=t("map.share.link", lang))
        ui.figure_downloads(lambda size: mc.static_figure(model, size, lang),
                            f"ulighedsatlas-{state.indicator}-{state.period}", lang,
                            key="map_figure")

# sources and notes after the legend and the panel (on a phone: after them, too)
st.caption("  \n".join([model.source_line, *(ui.render(note, lang) for note in model.notes)]))
# lazy, like the share and figure popovers: the text is sent only while the expander is open
with st.expander(f"{t('definition', lang)} · {t('caveats', lang)}", key=layout.DEFINITION_KEY,
                 on_change="rerun") as definition:
    if definition.open:
        st.markdown(f"**{t('definition', lang)}.** {view.definition}")
        if view.caveats:
            st.markdown(f"**{t('caveats', lang)}.** {view.caveats}")
        st.markdown(f"**{autocorrelation.text('heading', lang)}.**")
        for line in autocorrelation.lines(state.indicator, state.period):
            st.markdown(ui.render(line, lang))
        st.page_link(ABOUT_PAGE, label=t("map.about_link", lang), icon="ℹ️",
                     query_params=ui.shared_params(lang))
mc.funnel_section(view, state, lang)   # a register rate's funnel plot (issue 20)

# After the page: the map component is the first element the browser meets, so its code is
# fetched before the widgets' (a new visitor sees the map sooner; bench/first_map.py).
if not embedded:   # an embed shows no sidebar
    mc.sidebar(state, context, lang)
ui.sync_url(view.permalink, mv.SCHEMA.names)
ui.run_queued_scripts()   # last: the scroll and sidebar scripts of this run's callbacks
