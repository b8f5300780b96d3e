"""Presenter mode: the atlas's story, one slide per URL (`?slide=N`), full screen.

Layout and widgets only; the slides come from the story file through atlas.stories.presenter,
which builds them from the pages' view models. ← / → (and Home / End) move between slides.
"""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.charts.slides import SLIDE_FONT
from atlas.maps.legend import bivariate_legend_html, legend_html
from atlas.stories import presenter as pv
from atlas.ui import prefetch
from atlas.ui.map_embed import embed_map
from atlas.ui.scaffold import open_page
from atlas.views import map_page

PRESENTER_MAP_HEIGHT = 720


def _story(lang: str) -> pv.Story:
    try:
        return pv.load()
    except pv.StoryError as problem:
        st.error(pv.text("story_broken", lang, error=ui.md(problem)), icon=":material/error:")
        ui.stop()


page = open_page(pv.parse_state, _story, language_switch=False)
state, story, lang = page.state, page.context, page.lang
ui.presenter_theme()
ui.sync_url(pv.SCHEMA.to_params({"slide": state.slide, "lang": state.lang}, story),
            pv.SCHEMA.names)
# the slide's view and figure, prepared while the previous slide was shown
view, figure = prefetch.result(("presenter", state, repr(story)), lambda: pv.prepare(state, story))


def _go(number: int) -> None:
    ui.edit_param("slide", str(max(1, min(view.total, number))))


page.show_notices()

head, nav = st.columns([3, 1.4], vertical_alignment="center")
head.title(view.title)
with nav:
    with st.container(horizontal=True, horizontal_alignment="right", key="presenter_nav",
                      vertical_alignment="center"):
        st.markdown(view.counter)
        st.button("", key="presenter_first", on_click=_go, args=(1,),
                  icon=":material/first_page:", help=pv.text("first", lang),
                  disabled=view.number == 1)
        st.button(pv.text("previous", lang), key="presenter_previous", on_click=_go,
                  args=(view.number - 1,), disabled=view.number == 1)
        st.button(pv.text("next", lang), key="presenter_next", on_click=_go,
                  args=(view.number + 1,), disabled=view.number == view.total)
        st.button("", key="presenter_last", on_click=_go, args=(view.total,),
                  icon=":material/last_page:", help=pv.text("last", lang),
                  disabled=view.number == view.total)


def _map(model) -> None:
    embed_map(model, map_page.map_geometry(True), lang, key="presenter_map",
              height=PRESENTER_MAP_HEIGHT, label_px=SLIDE_FONT)


def _figure() -> None:
    with st.container(key="presenter_figure"):
        st.image(figure)


if view.kind == "error":
    st.error(view.error, icon=":material/error:")
elif view.kind == "map":
    model = view.map.choropleth
    left, right = st.columns([2.4, 1], gap="medium")
    with left:
        _map(model)
    with right:
        st.markdown(legend_html(model.legend, lang), unsafe_allow_html=True)
        if view.text:
            st.markdown(view.text)
elif view.kind == "inverse_care" and view.content.show == "scatter":
    content = view.content
    left, right = st.columns([1.9, 1], gap="medium")
    with left:
        _figure()
    with right:
        st.info(ui.render(content.numbers.reading, lang), icon=":material/insights:")
        st.markdown(ui.render(content.position, lang))
        if view.text:
            st.markdown(view.text)
        st.caption(ui.render(content.scatter.note, lang))
elif view.kind == "inverse_care" and view.content.show == "overview":
    content = view.content
    left, right = st.columns([1.9, 1], gap="medium")
    with left:
        _figure()
    with right:
        st.info(content.overview.reading, icon=":material/insights:")
        st.markdown(ui.render(content.position, lang))
        if view.text:
            st.markdown(view.text)
        st.caption(content.overview.no_pick)
elif view.kind == "inverse_care":
    ic_view = view.content.view
    model = ic_view.choropleth
    # every hot spot, in three columns beside a narrower map
    left, right = st.columns([1.4, 1], gap="medium")
    with left:
        _map(model)
    with right:
        st.markdown(bivariate_legend_html(model.bivariate, lang), unsafe_allow_html=True)
        with st.container(key="presenter_hot"):
            st.markdown(f"**{ic_view.hot_title}**")
            st.markdown("\n".join(f"{spot.rank}. {ui.md(spot.name)}"
                                   for spot in ic_view.hot_spots))
        if view.text:
            st.markdown(view.text)
elif view.kind == "profile":
    profile = view.content
    left, right = st.columns([1.5, 1], gap="medium")
    with left:
        _figure()
    with right:
        st.markdown(f"**{profile.title}**")
        st.caption(ui.render(profile.facts_line, lang))
        for paragraph in profile.summary[:-1]:
            st.markdown(ui.render(paragraph, lang))
        if view.text:
            st.markdown(view.text)
else:
    if view.error:
        st.info(view.error)
    st.markdown(view.text)
foot, more = st.columns([4, 1], vertical_alignment="center")
if view.source:
    foot.caption(view.source)
if view.link:
    params = {k: v for k, v in view.link.items() if k != "page"}
    more.page_link(view.link["page"], label=pv.text("open_full", lang), query_params=params,
                   help=pv.text("keys", lang))
else:
    more.caption(pv.text("keys", lang))
# the neighbouring slides, then the rest of the story, prepared while this one is shown
for neighbour in pv.preparation_order(view, state):
    prefetch.ahead(("presenter", neighbour, repr(story)),
                   lambda shown=neighbour: pv.prepare(shown, story))
