"""Presenter mode's view: the story's slide for `?slide=N`, with the view it shows.

    /praesentation?slide=3&lang=en

Each slide names a view (map, inverse care, profile, text) and its settings in the story file
(atlas/stories/story.py); this module turns the slide into that view's model, so a slide shows
exactly what the corresponding page shows. A broken slide carries its error; the others still work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from atlas.errors import AtlasError
from atlas.i18n import Text, area, pick, publisher_name, t
from atlas.stories.story import DEFAULT_STORY, Slide, Story, StoryError, load_story
from atlas.views import map_page
from atlas.views.text import md
from atlas.views.urlstate import LANG, Invalid, Param, Schema

TEXTS = area("presenter")   # ids `presenter.*` (docs/i18n.md)


def text(key: str, lang: str, **fields: Any) -> str:
    return pick(TEXTS, key, lang, **fields)


def _slide_number(text_value: str, story: Story, values: dict) -> int:
    try:
        number = int(text_value.strip())
    except ValueError:
        raise Invalid() from None
    if not 1 <= number <= len(story.slides):
        raise Invalid()
    return number


SCHEMA = Schema((
    LANG,
    Param("slide", _slide_number, lambda story, values: 1, always=True),
))


@dataclass(frozen=True)
class SlideView:
    number: int
    total: int
    title: str                      # Markdown-safe
    text: str                       # Markdown (the story author's annotation)
    kind: str                       # map | inverse_care | profile | text | error
    counter: str
    map: map_page.MapView | None = None
    content: Any = None             # the view model of other kinds (inverse care, profile)
    link: dict[str, str] | None = None   # (page, query params) of the full view
    error: str | None = None
    source: str = ""                # Markdown-safe: publisher, table and period of what it shows


@dataclass(frozen=True)
class PresenterState:
    slide: int = 1
    lang: str = "da"


def load(path=None) -> Story:
    """The story to present: `path`, else `$ATLAS_STORY`, else the atlas's default story."""
    import os

    return load_story(path or os.environ.get("ATLAS_STORY") or DEFAULT_STORY)


def parse_state(raw: dict, story: Story) -> tuple[PresenterState, list[str]]:
    values, notices = SCHEMA.parse(raw, story)
    return PresenterState(slide=values["slide"], lang=values["lang"]), notices


def map_content(slide: Slide, lang: str) -> tuple[map_page.MapView, dict[str, str]]:
    """A map slide's view (its period, or the indicator's latest) and its link to the map."""
    context = map_page.choices(lang)
    if slide.indicator not in context.periods:
        raise AtlasError(text("no_data", lang, indicator=slide.indicator))
    period = slide.period if slide.period in context.periods[slide.indicator] \
        else context.latest[slide.indicator]
    state = map_page.MapState(indicator=slide.indicator, period=period, view=slide.zoom,
                              kommune=slide.kommune if slide.kommune in context.municipalities
                              else None, lang=lang)
    view = map_page.build_view(state, context)
    if slide.highlight:
        view = replace(view, choropleth=replace(view.choropleth,
                                                highlight=tuple(sorted(slide.highlight))))
    return view, {"page": "pages/map.py", **state.to_params(context)}


def _profile_content(slide: Slide, lang: str) -> tuple[Any, dict[str, str]]:
    from atlas.views import municipal, profile

    context = municipal.context(lang)
    if slide.kommune not in context.municipalities:
        raise AtlasError(f"field 'kommune': {slide.kommune} is not a municipality")
    view = profile.build_view(profile.ProfileState(kommune=slide.kommune, lang=lang), context)
    return view, {"page": "pages/profile.py", **view.permalink}


@dataclass(frozen=True)
class InverseCareSlide:
    show: str                        # scatter | map
    view: Any                        # atlas.views.inverse_care.model.InverseCareView
    numbers: Any = None              # its statistics (scatter slides)
    scatter: Any = None              # the scatter model (scatter slides)
    overview: Any = None             # every registered pair (the page's opening view)
    position: Text = ""              # where the slide's pair sits among them (a Message)


def _inverse_care_content(slide: Slide, lang: str) -> tuple[Any, dict[str, str]]:
    from atlas.views.inverse_care import overview
    from atlas.views.inverse_care.figures import scatter_model
    from atlas.views.inverse_care.model import build_view, statistics_view
    from atlas.views.inverse_care.state import choices, parse_state

    context = choices(lang)
    raw = {"need": slide.need, "access": slide.access, "lang": lang,
           "weighting": "population" if slide.weighted else "none"}
    if slide.kommune:
        raw["kommune"] = str(slide.kommune)
    state, notices = parse_state(raw, context)
    if (state.need, state.access) != (slide.need, slide.access):
        raise AtlasError(f"the pair {slide.need} × {slide.access} has no data in this database")
    view = build_view(state, context)
    if slide.highlight:
        view = replace(view, choropleth=replace(view.choropleth,
                                                highlight=tuple(sorted(slide.highlight))))
    content = InverseCareSlide(
        show=slide.show, view=view, overview=overview.overview(lang),
        position=overview.position_message(state.need, state.access, state.need_period,
                                           state.access_period, lang))
    if slide.show == "scatter":
        numbers = statistics_view(view)
        content = replace(content, numbers=numbers, scatter=scatter_model(view, numbers))
    return content, {"page": "pages/inverse_care.py", **view.permalink}


def sources_line(shown: Any, lang: str) -> str:
    """"Kilder: Danmarks Statistik (HJEMSYG, FOLK1A: 2025; SUNDAF01: 2024); …" for the
    (indicator, period) pairs `shown`: each publisher once, its tables grouped by period, from
    the sources that supplied each period (registry/sources provenance). Markdown-safe."""
    from atlas.views import municipal

    publishers: dict[str, dict[str, list[str]]] = {}
    for indicator, period in shown:
        for item in municipal.provenance(indicator, period, lang):
            periods = publishers.setdefault(publisher_name(item.publisher, lang), {})
            tables = periods.setdefault(period, [])
            if item.table and item.table not in tables:
                tables.append(item.table)
    parts = []
    for publisher, periods in publishers.items():
        groups = "; ".join(f"{md(', '.join(tables))}: {md(period)}" if tables else md(period)
                           for period, tables in periods.items())
        parts.append(f"{md(publisher)} ({groups})")
    if not parts:
        return ""
    return f"{t('sources' if len(parts) > 1 else 'source', lang)}: {' · '.join(parts)}"


def _latest_sources(ids: tuple[str, ...], lang: str) -> str:
    """The source line of a text slide's indicators, at their latest periods."""
    from atlas.registry import registry

    context = map_page.choices(lang)
    return sources_line([(registry()[ident], context.latest[ident]) for ident in ids
                         if ident in context.latest], lang)


def slide_source(slide: Slide, kind: str, shown: Any, lang: str) -> str:
    """A slide's own source line: what its map, figure or text rests on."""
    if kind == "map":
        return shown.choropleth.source_line
    if kind == "inverse_care" and shown.show == "overview":
        return _latest_sources(tuple(dict.fromkeys(
            ident for row in shown.overview.rows for ident in (row.need, row.access))), lang)
    if kind == "inverse_care":
        return shown.view.choropleth.source_line
    if kind == "profile":
        return sources_line([(row.indicator, row.period) for row in shown.rows], lang)
    own = slide.source(lang)
    parts = [f"{t('source', lang)}: {md(own)}" if own else "",
             _latest_sources(slide.indicators, lang)]
    return " · ".join(part for part in parts if part)


# Views other than the map: kind -> (slide, lang) -> (view model, link to the full view).
CONTENT: dict[str, Callable[[Slide, str], tuple[Any, dict[str, str]]]] = {
    "profile": _profile_content,
    "inverse_care": _inverse_care_content,
}


def build_view(state: PresenterState, story: Story) -> SlideView:
    lang = state.lang
    slide = story.slides[state.slide - 1]
    base = dict(number=slide.number, total=len(story.slides), title=md(slide.title(lang)),
                text=slide.text(lang), counter=text("counter", lang, n=slide.number,
                                                    total=len(story.slides)))
    if slide.error:
        return SlideView(**base, kind="error", error=text("broken", lang, error=md(slide.error)))
    try:
        if slide.view == "map":
            view, link = map_content(slide, lang)
            return SlideView(**base, kind="map", map=view, link=link,
                             source=slide_source(slide, "map", view, lang))
        if slide.view in CONTENT:
            content, link = CONTENT[slide.view](slide, lang)
            return SlideView(**base, kind=slide.view, content=content, link=link,
                             source=slide_source(slide, slide.view, content, lang))
        if slide.view == "text":
            return SlideView(**base, kind="text",
                             source=slide_source(slide, "text", None, lang))
        return SlideView(**base, kind="text", error=text("pending", lang))
    except AtlasError as problem:
        return SlideView(**base, kind="error",
                         error=text("broken", lang, error=md(f"slide {slide.number}: {problem}")))


def figure_svg(view: SlideView) -> str | None:
    """The slide's figure as SVG (a scatter, forest plot or profile), None for a slide
    without one (map, text, error)."""
    from atlas.charts.slides import forest_slide, scatter_slide, slide_svg, spine_slide

    if view.kind == "inverse_care" and view.content.show == "scatter":
        return slide_svg(scatter_slide(view.content.scatter))
    if view.kind == "inverse_care" and view.content.show == "overview":
        return slide_svg(forest_slide(view.content.overview.forest))
    if view.kind == "profile":
        return slide_svg(spine_slide(view.content))
    return None


def prepare(state: PresenterState, story: Story) -> tuple[SlideView, str | None]:
    """Everything a slide's run needs from the data: its view and its figure (the presenter
    prepares the neighbouring slides ahead of the click, atlas.ui.prefetch)."""
    view = build_view(state, story)
    return view, figure_svg(view)


def preparation_order(view: SlideView, state: PresenterState) -> list[PresenterState]:
    """The slides to prepare while `view` is shown: the next and the previous one, then the
    rest of the story onwards and from the start (the same for every visitor)."""
    numbers = (view.number + 1, view.number - 1, *range(view.number + 2, view.total + 1),
               *range(1, view.number - 1))
    return [PresenterState(slide=number, lang=state.lang)
            for number in numbers if 1 <= number <= view.total]


__all__ = ["SCHEMA", "SlideView", "PresenterState", "StoryError", "load", "parse_state",
           "build_view", "text", "CONTENT", "sources_line", "slide_source", "figure_svg",
           "prepare", "preparation_order"]
