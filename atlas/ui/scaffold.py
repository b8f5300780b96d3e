"""The page scaffold: what every page does before its own layout, and how a run ends.

A page starts with `open_page(parse)`: the database guard, the language, the URL state parsed
by the page's schema with its notices, and (unless the page draws its sidebar later) the
language switch. A page that has nothing more to show calls `stop()`, never `st.stop()`:
Streamlit's stop ends the whole script, app.py's included, so the menu drawn after the page
would never come (issue 21). `run_page` (app.py) runs the page, ends a stopped page quietly
and then draws the menu, which carries the view the page has just shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import streamlit as st

from atlas import ui
from atlas.ui import PageStop

MENU_KEY = "atlas_menu"   # the sidebar container the menu is drawn into


@dataclass(frozen=True)
class Page:
    """What the scaffold hands the page: its language, the context its URL was parsed
    against, its parsed state, the notices to show (about unusable URL values) and whether it
    is embedded in an article (`?embed=true`)."""

    lang: str
    context: Any
    state: Any
    notices: list[str]
    embedded: bool
    extra: tuple[Any, ...] = ()   # whatever else the page's parse returned

    def show_notices(self) -> None:
        for notice in self.notices:
            st.warning(notice, icon="⚠️")


def open_page(parse: Callable[[Mapping[str, str], Any], tuple[Any, ...]] | None = None,
              context: Callable[[str], Any] | None = None, *,
              language_switch: bool = True) -> Page:
    """The preamble every page shares.

    `context(lang)` is what the page's URL parameters may name (from the database; it may end
    the page with `ui.stop()` when there is nothing to show). `parse(raw, context)` ->
    (state, notices, *extra) reads the URL's parameters (`raw`, `lang` already resolved) through the
    page's schema; the state's `lang`, if it has one, becomes the page's language. Without
    `parse` the page has no schema of its own: only `?lang=` is checked. Notices stay while
    their cause is in the URL: a change by the visitor rewrites the URL canonically in the
    same run, so they go with it. `language_switch=False`: the page draws
    `ui.language_picker()` itself (the map draws its sidebar after the map)."""
    ui.require_database()
    lang = ui.current_lang()
    if parse is None:
        lang = ui.page_language() if language_switch else lang
        return Page(lang=lang, context=None, state=None, notices=ui.not_found_notices(lang),
                    embedded=ui.embedded())
    what = context(lang) if context is not None else None
    state, notices, *extra = parse({"lang": lang, **ui.url_params()}, what)
    lang = getattr(state, "lang", lang)
    if language_switch and not ui.embedded():   # an embed shows no sidebar
        with st.sidebar:
            ui.language_picker()
    notices = [] if ui.user_changed_something() else ui.not_found_notices(lang) + notices
    return Page(lang=lang, context=what, state=state, notices=notices, embedded=ui.embedded(),
                extra=tuple(extra))


def run_page(page: Any, pages: Sequence[Any]) -> None:
    """Run the page chosen by `ui.navigation`, then draw the menu at the top of the sidebar
    (its slot is made first), run the scripts the run's callbacks queued and write the URL.

    The menu comes after the page so its links carry the view the page has just shown; a
    page that stopped early (`stop()`) or failed keeps it. An embed (`?embed=true`) hides
    the sidebar, so none of it is drawn there: two embeds in one article each had the whole
    menu and the page's sidebar widgets built by the browser for nothing (issue 21)."""
    ui.start_run()
    menu = st.sidebar.container(key=MENU_KEY)
    try:
        page.run()
    except PageStop:
        pass
    finally:
        if not ui.embedded():   # an embed shows no sidebar: nothing to send for it
            with menu:
                ui.page_links(pages, ui.current_lang())
    ui.run_queued_scripts()
    ui.finish_run()
