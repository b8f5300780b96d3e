"""The inverse-care page's widgets, callbacks and its two longer sections (pages/inverse_care.py
keeps the layout of a pair's detail).

Every widget records its value as a URL change in its on_change callback (`ui.edit_param`:
written once, at the end of the run), and every run sets the widgets from the state parsed
from the URL (`set_widgets`), as on the other pages.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Mapping

import streamlit as st

from atlas import ui
from atlas.charts import scatter as scatter_charts
from atlas.charts.forest import forest_chart
from atlas.charts.scatter import SELECTION, strip_chart
from atlas.i18n import render, sorted_names, t
from atlas.ui import cached_chart, prefetch, static_table
from atlas.views.inverse_care import figures, lisa, model, overview, spatial
from atlas.views.inverse_care import state as ic
from atlas.views.inverse_care.wording import text

MAP_PAGE = "pages/map.py"
MAP_KEY = "ic_map"
SCATTER_KEY = "ic_scatter"


def set_widgets(state: ic.InverseCareState) -> None:
    for key, value in ic.widget_values(state).items():
        st.session_state[key] = value


def select(context: ic.Choices, code: int | None) -> None:
    """A municipality chosen on the map or in the scatter: into the URL and the list."""
    if code is not None and code in context.municipalities:
        ui.edit_param("kommune", str(code))
        st.session_state["ic_kommune"] = code


def on_scatter_select(context: ic.Choices) -> None:
    event = st.session_state.get(SCATTER_KEY) or {}
    picked = (event.get("selection") or {}).get(SELECTION) or []
    codes = [item.get("code") for item in picked if isinstance(item, dict)]
    if codes and codes[0] is not None:
        select(context, int(codes[0]))


def open_pair(params: Mapping[str, str]) -> None:
    """A pair's detail (its parameters) or, with none, the overview: one URL update."""
    for name in ic.SCHEMA.names:
        if name != "lang":
            ui.edit_param(name, params.get(name))


_PAIR = ("need", "need_period", "access", "access_period")
_PREFETCHED_KEY = "ic_prefetched"     # the visitor's choices besides the pair, prepared for
PREFETCH_CHOICES = 3                  # ... at most this many per session (a CPU cap)


def _work_key(state: ic.InverseCareState) -> tuple:
    return ("atlas.ui.inverse_care_controls.pair", repr(state))


def _prepare(state: ic.InverseCareState, context: ic.Choices) -> None:
    """What a pair's first drawing costs, into the per-build caches: its statistics and
    local clusters (per pair) and the scatter's Vega-Lite spec (per state)."""
    view = model.build_view(state, context)
    scatter = figures.scatter_model(view, model.statistics_view(view))
    cached_chart.spec(scatter, scatter_charts.scatter_chart)   # the function the page draws with
    spatial.pair_clusters(*(getattr(state, name) for name in _PAIR))


def await_prepared(state: ic.InverseCareState) -> None:
    """Before a pair's detail is drawn: if the background thread is preparing this state
    (`prefetch_pairs`), wait for it rather than doing the same work twice; if it is still
    queued, it is dropped and the run does the work itself, in its usual order."""
    prefetch.result(_work_key(state), lambda: None)


def prefetch_pairs(state: ic.InverseCareState, view: Any, context: ic.Choices) -> None:
    """After the run: queue the work of every pair one need choice away (choosing a need
    takes its default access and periods, as the need box's callback does), in the need
    list's order after the current one, for the background thread (atlas.ui.prefetch: one
    thread, each key once per build). A pair switch then draws what is ready (issue 23).
    Each session prepares for at most PREFETCH_CHOICES sets of its other choices (language,
    weighting, colouring, municipality, map kind): the CPU they cost stays bounded."""
    others = tuple((f.name, getattr(state, f.name)) for f in fields(state)
                   if f.name not in _PAIR)
    done = st.session_state.setdefault(_PREFETCHED_KEY, [])
    if others in done or len(done) >= PREFETCH_CHOICES:
        return
    done.append(others)
    params = {name: value for name, value in view.permalink.items() if name not in _PAIR}
    needs = list(view.need_options)
    start = needs.index(state.need) + 1 if state.need in needs else 0
    for need in needs[start:] + needs[:start]:
        if need == state.need:
            continue
        following, _ = ic.parse_state({**params, "need": need}, context)
        prefetch.ahead(_work_key(following),
                       lambda following=following: _prepare(following, context))


def bind(param: str, key: str | None = None, **options) -> dict[str, Any]:
    return {"on_change": ui.set_param, "args": (param, key or f"ic_{param}"),
            "kwargs": {"required": param in ic.REQUIRED, **options}}


def sidebar(state: ic.InverseCareState, view: Any, context: ic.Choices, lang: str) -> None:
    """The detail's choices: language, need and access with their periods, weighting,
    colouring and the selected municipality."""
    with st.sidebar:
        ui.language_picker()
        st.selectbox(text("need", lang), options=list(view.need_options),
                     format_func=view.need_options.__getitem__, key="ic_need",
                     help=text("need.help", lang),
                     **bind("need", drop=("need_period", "access", "access_period")))
        if len(context.periods[state.need]) > 1:
            st.selectbox(text("need_period", lang), options=list(context.periods[state.need]),
                         key="ic_need_period", **bind("need_period"))
        st.selectbox(text("access", lang), options=list(view.access_options),
                     format_func=view.access_options.__getitem__, key="ic_access",
                     help=text("access.help", lang), **bind("access", drop=("access_period",)))
        if len(context.periods[state.access]) > 1:
            st.selectbox(text("access_period", lang),
                         options=list(context.periods[state.access]), key="ic_access_period",
                         **bind("access_period"))
        st.segmented_control(text("weighting", lang), options=list(ic.WEIGHTINGS),
                             key="ic_weighting", required=True,
                             format_func=lambda w: text(f"weighting.{w}", lang),
                             help=text("weighting.help", lang), **bind("weighting"))
        st.segmented_control(text("colour", lang), options=list(ic.COLOURINGS),
                             key="ic_colour", required=True,
                             format_func=lambda c: text(f"colour.{c}", lang), **bind("colour"))
        names = sorted_names(context.municipalities, lang)
        st.selectbox(text("kommune", lang), options=list(names), format_func=names.__getitem__,
                     key="ic_kommune", placeholder=text("kommune.placeholder", lang),
                     **bind("kommune"))


def overview_section(notices: list[str], lang: str) -> None:
    """Every registered pair at once: the forest plot, the reading across the pairs, the
    table, a link to each pair's detail, the pairs without data and the method."""
    view = overview.overview(lang)
    st.title(view.title)
    st.caption(view.intro)
    for notice in notices:
        st.warning(notice, icon="⚠️")
    st.info(view.reading, icon=":material/insights:")
    _forest_plot(view.forest, lang)
    st.caption(view.no_pick)
    with st.expander(view.how_title, expanded=True, icon=":material/help:"):
        st.markdown(view.how + "\n\n" + "\n".join(f"- {m}" for m in view.meanings))
    with st.container(key="ic_overview_table"):
        st.markdown(render(view.table, lang))
    st.markdown(f"#### {view.detail_title}")
    for i, row in enumerate(view.rows):
        st.button(text("overview.link", lang, pair=ui.md(row.label), periods=row.periods),
                  key=f"ic_pair_{i}", on_click=open_pair, args=(row.link_params,),
                  icon=":material/scatter_plot:", type="tertiary")
    if view.missing:
        st.markdown(f"#### {view.missing_title}\n" + "\n".join(f"- {m}" for m in view.missing))
    st.caption(f"{view.weights}  \n{view.method}  \n{view.references}")
    if ui.embedded():
        ui.embed_backlink({"lang": lang}, lang)


FOREST_WIDTH = 900      # px: the content column beside the sidebar at 1366 px
FOREST_INTERACTIVE_KEY = "ic_forest_interactive"


def _forest_plot(forest: Any, lang: str) -> None:
    """The forest plot, first as a picture drawn on the server (the table below holds its
    numbers): a new visitor's browser then loads no Vega code (about 1 MB, most of this
    page's first view; issue 23). The chart with its tooltips is one click away, in a lazy
    expander; it is drawn at once when there is no picture yet (the converter still starting)."""
    slot = st.empty()
    with st.expander(text("overview.chart.interactive", lang), key=FOREST_INTERACTIVE_KEY,
                     on_change="rerun", icon=":material/touch_app:") as interactive:
        if interactive.open:
            # the spec kept per build and language (issue 23)
            cached_chart.altair_chart(forest, forest_chart, width="stretch")
    if not interactive.open:    # open: the chart is drawn in it, not twice
        with slot:
            if not cached_chart.static_chart(forest, forest_chart, width=FOREST_WIDTH,
                                             alt=text("overview.chart.alt", lang)):
                cached_chart.altair_chart(forest, forest_chart, width="stretch")


def selected_box(selected: Any, lang: str) -> None:
    """The selected municipality: its two values (rendered in `lang`), its cell of the 3 x 3
    map, a link to it on the map."""
    with st.container(border=True, key="ic_selected"):
        st.markdown(f"**{ui.md(selected.name)}** · {ui.md(selected.context_line)}")
        st.markdown("  \n".join(f"{ui.md(label)}: **{ui.md(render(value, lang))}**"
                                for label, value in selected.lines))
        if selected.cell_text:
            st.caption(selected.cell_text)
        if selected.missing_text:
            st.info(selected.missing_text)
        st.page_link(MAP_PAGE, label=selected.link_label, icon=":material/map:",
                     query_params=selected.link_params)


def hot_spot_links(view: Any, clusters: Any, lang: str) -> None:
    """The hot spots, each a link to it on the map (values rendered in `lang`)."""
    with st.container(key="ic_hotspots"):
        for spot, label in lisa.hot_spot_labels(view, clusters):
            st.page_link(MAP_PAGE, label=render(label, lang), query_params=spot.link_params)


def commission_section(context: ic.Choices, lang: str) -> None:
    """The commission's chart (chronic burden per GP capacity by age), or how to load it."""
    commission = figures.commission_view(context, lang)
    st.subheader(commission.title)
    with st.container(key="ic_commission"):
        if commission.available:
            st.caption(render(commission.intro, lang))
            cached_chart.altair_chart(commission, strip_chart, width="stretch")
            st.markdown(render(commission.summary, lang))
            st.caption(f"{commission.periods}  \n{t('source', lang)}: "
                       f"{ui.md(commission.source)}")
        else:
            st.info(commission.missing_text, icon=":material/database:")
            st.code(commission.commands, language="bash")


def statistics_section(numbers: Any, lang: str) -> None:
    """The pair's statistics table, its notes and the method (weights, references)."""
    st.markdown(f"#### {text('stats.title', lang)}")
    # an HTML table that wraps to the column (a Markdown table reached past it: issue 23's
    # closing notes, 1366 px)
    static_table.text_table(numbers.table.header, numbers.table.rows, lang, right=(1, 2, 3))
    st.caption(numbers.table_note)
    st.markdown(f"{numbers.n_line}  \n{numbers.excluded_line}")
    st.caption(f"{render(numbers.spatial_line, lang)}  \n{render(numbers.position, lang)}")
    ov = overview.overview(lang)
    with st.expander(ov.how_title, icon=":material/help:"):
        st.markdown("\n".join(f"- {m}" for m in ov.meanings))
    for note in (*numbers.notes, ov.weights, ov.method, ov.references):
        st.caption(note)
