"""Streamlit glue shared by the pages: navigation, the language, the database guard and the URL.

Layout helpers only; no data logic. The current language lives in `?lang=` (da|en),
remembered in the session so it survives page switches.

The URL and the browser history. Streamlit's frontend pushes one history entry for every
query-parameter message a script run sends. So the atlas sends at most one per user action:
widget callbacks only record their change (`edit_param`), the page reads the URL with those
changes applied (`url_params`), and `sync_url` / `finish_run` write the result (the page's
canonical permalink) in one `from_dict`. A run that no user
action started (a first visit, the map component's own rerun) leaves the URL exactly as the
visitor typed it: no entry is pushed, and a notice about an unusable value stays on screen for
as long as the value is in the URL, i.e. until the visitor changes something.
"""

from __future__ import annotations

import json
import threading
from typing import Any, Iterable, Mapping, NoReturn, Sequence

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from atlas import streamlit_danish
from atlas.db import database
from atlas.i18n import (
    DEFAULT_LANG,
    LANG_NAMES,
    LANGS,
    area,
    normalize_lang,
    parse_lang,
    render,
    render_frame,
    t,
)
from atlas.maps.layout import enter_hint_css
from atlas.views.text import echo, md, plain
from atlas.views.urlstate import embed_code, link

# pages escape data text with ui.md and render a view model's numbers with ui.render
__all__ = ["md", "render", "render_frame"]

_SESSION_KEY = "atlas_lang"
_PICKER_KEY = "atlas_lang_picker"
_EDITS_KEY = "atlas_url_edits"      # parameter -> new text (None = remove), from callbacks
_SHARED_KEY = "atlas_shared"        # the map's last state, carried by the page links
_NOT_FOUND_KEY = "atlas_not_found"  # the visitor asked for a path that is no page
_LAST_PAGE_KEY = "atlas_last_page"
PERMALINK_KEY = "atlas_permalink"   # the page's canonical parameters this run (the share link)
_RUN_CANONICAL_KEY = "atlas_run_canonical"  # (the names the page owns, its permalink) this run
# What every page link carries, so leaving the map and coming back keeps the view.
SHARED_PARAMS = ("lang", "indicator", "period", "kommune")
_NAVIGATION_LOCK = threading.Lock()


# --- the URL ----------------------------------------------------------------------------------
def url_params() -> dict[str, str]:
    """The URL's query parameters with this run's widget changes applied."""
    params = st.query_params.to_dict()
    for name, value in st.session_state.get(_EDITS_KEY, {}).items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return params


def user_changed_something() -> bool:
    """True when a widget callback changed a URL parameter in this run."""
    return bool(st.session_state.get(_EDITS_KEY))


def edit_param(name: str, value: str | None) -> None:
    """Record a change of `?name=` (None removes it); written once at the end of the run."""
    st.session_state.setdefault(_EDITS_KEY, {})[name] = value


def sync_url(wanted: Mapping[str, str], names: Iterable[str]) -> None:
    """Write the page's canonical permalink (`wanted` for its parameters `names`; other
    parameters are kept), but only when the visitor changed something in this run: then it is
    the one URL update of that action. A run no action started leaves the URL as it is."""
    names = set(names)
    target = {key: value for key, value in url_params().items() if key not in names}
    target.update(wanted)
    st.session_state[PERMALINK_KEY] = dict(target)
    st.session_state[_RUN_CANONICAL_KEY] = (tuple(names), dict(wanted))
    finish_run(target)


def finish_run(target: Mapping[str, str] | None = None) -> None:
    """Write this run's URL changes (or `target`) in one update: one history entry. Without a
    change from a widget, nothing is written. Called by the page (sync_url, page_language)
    and, for any page that did not, by app.py after the page."""
    if not user_changed_something():
        return
    target = dict(target) if target is not None else url_params()
    st.session_state.pop(_EDITS_KEY, None)
    if target != st.query_params.to_dict():
        st.query_params.from_dict(target)


def set_param(param: str, key: str, required: bool = False, empty: Any = None,
              drop: tuple[str, ...] = ()) -> None:
    """A widget's on_change callback: record its value (session state `key`) as `?param=`.

    A required choice that was deselected keeps the current value; `empty` (e.g. "all
    regions") removes the parameter; parameters in `drop` are removed with it."""
    value = st.session_state.get(key)
    if value is None and required:
        return
    for other in drop:
        edit_param(other, None)
    if value is None or value is False or (empty is not None and value == empty):
        edit_param(param, None)
    else:
        edit_param(param, "osm" if value is True else str(value))


def set_list_param(param: str, key: str, drop: tuple[str, ...] = ()) -> None:
    """A multiselect's on_change callback: its choices (session state `key`) as `?param=`,
    comma-separated (none: removed); parameters in `drop` are removed with a change."""
    chosen = st.session_state.get(key) or []
    current = url_params()
    for other in drop:
        if other in current:
            edit_param(other, None)
    if chosen:
        edit_param(param, ",".join(str(value) for value in chosen))
    elif param in current:
        edit_param(param, None)


# --- language ---------------------------------------------------------------------------------
def current_lang() -> str:
    """The language of this run: `?lang=` if valid, else the session's last, else Danish."""
    raw = url_params().get("lang")
    lang, valid = parse_lang(raw)
    if raw not in (None, "") and valid:
        st.session_state[_SESSION_KEY] = lang
        return lang
    return normalize_lang(st.session_state.get(_SESSION_KEY, DEFAULT_LANG))


def _on_lang_change() -> None:
    chosen = st.session_state.get(_PICKER_KEY)
    if chosen not in LANGS:  # clicking the active option deselects it: keep the language
        return
    st.session_state[_SESSION_KEY] = chosen
    edit_param("lang", chosen)


def language_picker() -> str:
    """The Dansk | English switch in the sidebar, bound to `?lang=`; returns the language."""
    lang = current_lang()
    st.session_state[_PICKER_KEY] = lang
    st.sidebar.segmented_control(
        t("language", lang), options=list(LANGS), format_func=LANG_NAMES.__getitem__,
        key=_PICKER_KEY, on_change=_on_lang_change, selection_mode="single",
    )
    return lang


def page_language() -> str:
    """For pages without a schema of their own: the language, a notice for an unsupported
    `?lang=` value (it stays while the value is in the URL) and the switch in the sidebar."""
    lang = current_lang()
    raw = url_params().get("lang")
    if not parse_lang(raw)[1]:
        st.warning(t("notice.invalid_param", lang, param="lang", value=echo(raw),
                     default=LANG_NAMES[lang]), icon=":material/warning:")
    language_picker()
    finish_run()
    return lang


# --- navigation -------------------------------------------------------------------------------
def navigation(pages: Sequence[Any]) -> Any:
    """`st.navigation` (its own menu hidden: `page_links` draws one that keeps the view), with
    Streamlit's English "Page not found" dialog replaced: an unknown path runs the default page
    (the map), which shows `not_found_notices()` in the visitor's language.

    Streamlit has no option for this; its navigation module sends the dialog from one small
    function, replaced here for the duration of the call (under a lock: sessions run on
    threads)."""
    from streamlit.commands import navigation as streamlit_navigation

    missed: list[bool] = []
    with _NAVIGATION_LOCK:
        original = streamlit_navigation.send_page_not_found
        streamlit_navigation.send_page_not_found = lambda ctx: missed.append(True)
        try:
            page = st.navigation(pages, position="hidden")
        finally:
            streamlit_navigation.send_page_not_found = original
    if missed and _default_page_path(pages):
        missed.clear()
    page_id = getattr(page, "url_path", "")
    last_page = st.session_state.get(_LAST_PAGE_KEY)
    if last_page is not None and last_page != page_id:
        # a link to another page was followed (the menu's, on a phone over the page): close
        # the sidebar if it covers the new page (issue 21)
        close_sidebar_if_covering()
    if missed:
        st.session_state[_NOT_FOUND_KEY] = True
    elif user_changed_something() or last_page != page_id:
        st.session_state.pop(_NOT_FOUND_KEY, None)
    st.session_state[_LAST_PAGE_KEY] = page_id
    return page


def _default_page_path(pages: Sequence[Any]) -> bool:
    """True when the URL names the default page by its own path (`/kort`, as the map's share
    and embed codes do): Streamlit serves the default page at `/` only and takes `/kort` for an
    unknown page, so every embedded map said "no such page" (issue 21)."""
    from urllib.parse import urlsplit

    path = urlsplit(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    return any(getattr(page, "_default", False) and path == getattr(page, "_url_path", None)
               for page in pages)


def not_found_notices(lang: str) -> list[str]:
    """The "no such page" notice, until the visitor changes something or opens a page."""
    if st.session_state.get(_NOT_FOUND_KEY) and not user_changed_something():
        return [t("notice.page_not_found", lang)]
    return []


def remember_view(params: Mapping[str, str]) -> None:
    """The map's canonical parameters: the page links carry the shared ones."""
    st.session_state[_SHARED_KEY] = {key: params[key] for key in SHARED_PARAMS if key in params}


def shared_params(lang: str) -> dict[str, str]:
    """What a link to another page carries: the map's last view (indicator, period, selected
    municipality), overridden by the current page's, in the current language. Only canonical
    values: the page's own permalink of this run (`sync_url`) for the parameters it owns, the
    others from the URL only when the map's schema accepts them (atlas.views.map_page
    .shared_view); an unusable value in the URL is never passed on (issue 21)."""
    shared = dict(st.session_state.get(_SHARED_KEY, {}))
    owned, canonical = st.session_state.get(_RUN_CANONICAL_KEY, ((), {}))
    current = url_params()
    given = {key: current[key] for key in SHARED_PARAMS
             if key != "lang" and key not in owned and current.get(key)}
    if given:
        shared.update(given)
        shared = _valid_view(shared, lang)
    for key in SHARED_PARAMS:
        if key in owned:
            if key in canonical:
                shared[key] = canonical[key]
            else:
                shared.pop(key, None)
    shared["lang"] = lang
    return shared


def _valid_view(params: Mapping[str, str], lang: str) -> dict[str, str]:
    from atlas.db import database
    from atlas.views import map_page

    if not database().exists():
        return {}
    return map_page.shared_view(params, map_page.choices(lang))


def start_run() -> None:
    """Forget the last run's page permalink (called by app.py before the page runs)."""
    st.session_state.pop(_RUN_CANONICAL_KEY, None)


def page_links(pages: Sequence[Any], lang: str) -> None:
    """The menu: a link per page that keeps the language and the map's view."""
    shared = shared_params(lang)
    for page in pages:
        st.page_link(page, query_params=shared)


# Streamlit's default greys and the active segmented-control red fall short of WCAG AA
# contrast (4.5:1) at body size: darker shades of the same colours (axe-core checks it).
ACCESSIBLE_CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stCaptionContainer"] code, [data-testid="stWidgetLabel"] p { color: #55544f; }
[data-testid="stButtonGroup"] button[aria-checked="true"] p,
[data-testid="stButtonGroup"] button[aria-pressed="true"] p,
[data-testid="stButtonGroup"] button[aria-selected="true"] p,
[data-testid="stButtonGroup"] button[kind$="Active"] p,
button[data-selected="true"] [data-testid="stMarkdownContainer"] p { color: #9c1f2e !important; }
</style>"""


# Streamlit's "Press Enter to apply" under a text field is English only: replaced on every
# page by the same hint in the visitor's language (CSS generated content: fixed text).


def accessible_styles() -> None:
    """Colours with enough contrast, and text fields' hint in the page's language, for every
    page (called by app.py); in an article's iframe, the compact embed layout (EMBED_CSS)."""
    hint = t("widget.enter_hint", current_lang())
    st.html(f"{ACCESSIBLE_CSS}<style>{enter_hint_css(hint)}</style>"
            + (EMBED_CSS if embedded() else ""))


def streamlit_in_page_language() -> None:
    """Streamlit's own hard-coded English ("Skip to main content", "No results", "Help for …")
    in Danish on a Danish page (atlas/streamlit_danish.py; called by app.py for every page)."""
    st.html(streamlit_danish.script(current_lang()), unsafe_allow_javascript=True)


# --- scripts for narrow screens ---------------------------------------------------------------
# On a phone the columns stack and the sidebar covers the page. Two small scripts, queued by a
# widget callback and run once at the end of that run from a hidden st.html element (same
# document, no iframe): one brings an element into view when it sits below another (the
# details panel below the map), one closes the sidebar when it covers the page. Both decide
# from the page's geometry, so on a wide screen they do nothing. Fixed text, no user input.
_SCRIPTS_KEY = "atlas_queued_scripts"   # scripts queued by this run's callbacks
_SCRIPTS_BOX = "atlas_scripts"          # the hidden container they run from
_SCRIPT_RUNS_KEY = "atlas_script_runs"  # a counter: st.html reruns a script when its text changes

_REVEAL_JS = """(function () {
  var target = %(target)s, below = %(below)s, tries = 0;
  function reveal() {
    var element = document.querySelector(target), above = document.querySelector(below);
    if (!element || !above) {
      if (tries++ < 120) { requestAnimationFrame(reveal); }
      return;
    }
    var box = element.getBoundingClientRect(), other = above.getBoundingClientRect();
    if (box.left >= other.right || box.right <= other.left) { return; }  /* side by side */
    if (box.top >= 0 && box.bottom <= window.innerHeight) { return; }  /* already in view */
    var still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    var header = document.querySelector('[data-testid="stHeader"]');  /* fixed, on top */
    var covered = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    element.style.scrollMarginTop = (covered + 8) + 'px';
    element.scrollIntoView({block: 'start', behavior: still ? 'auto' : 'smooth'});
  }
  requestAnimationFrame(reveal);
})();"""

_CLOSE_SIDEBAR_JS = """(function () {
  var sidebar = document.querySelector('[data-testid="stSidebar"]');
  var main = document.querySelector('[data-testid="stMain"]');
  if (!sidebar || !main || sidebar.getAttribute('data-collapsed') === 'true') { return; }
  /* beside the page (a wide screen): leave it open */
  if (sidebar.getBoundingClientRect().right <= main.getBoundingClientRect().left + 1) { return; }
  var button = sidebar.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (button) { button.click(); }
})();"""


def _js_string(text: str) -> str:
    return json.dumps(text).replace("</", "<\\/")


def reveal_when_stacked(target: str, below: str) -> None:
    """From a widget callback: at the end of this run, scroll the element `target` (a CSS
    selector) into view if it sits below the element `below` rather than beside it (columns
    stacked on a narrow screen) and is not wholly in view already."""
    _queue_script(_REVEAL_JS % {"target": _js_string(target), "below": _js_string(below)})


def close_sidebar_if_covering() -> None:
    """From a widget callback: at the end of this run, close the sidebar if it covers the page
    (a phone), so the visitor sees what the choice changed."""
    _queue_script(_CLOSE_SIDEBAR_JS)


def _queue_script(script: str) -> None:
    queued = st.session_state.setdefault(_SCRIPTS_KEY, [])
    if script not in queued:
        queued.append(script)


def run_queued_scripts() -> None:
    """Run the scripts the callbacks of this run queued (call once, at the end of the page)."""
    scripts = st.session_state.pop(_SCRIPTS_KEY, [])
    if not scripts:
        return
    runs = st.session_state.get(_SCRIPT_RUNS_KEY, 0) + 1
    st.session_state[_SCRIPT_RUNS_KEY] = runs
    with st.container(key=_SCRIPTS_BOX):
        st.html(f"<style>.st-key-{_SCRIPTS_BOX} {{ display: none; }}</style>"
                f"<script>/* {runs} */\n" + "\n".join(scripts) + "</script>",
                unsafe_allow_javascript=True)


# --- the database, and a page that ends early --------------------------------------------------
class PageStop(StopException):
    """Raised by `stop()`: the page is done. app.py (`scaffold.run_page`) ends the page
    quietly and goes on; run by itself (a page file without app.py), Streamlit takes it for
    its own `st.stop()`. A BaseException, so a page's `except Exception` cannot swallow it."""


def stop() -> NoReturn:
    """End the page here. Unlike `st.stop()`, which ends app.py's script too, the menu and
    the rest of app.py still run after the page (atlas.ui.scaffold.run_page)."""
    raise PageStop


def require_database() -> None:
    """Stop the page with build instructions when the atlas database is missing, or was built
    by an older version of the atlas (a table the pages read may be missing)."""
    db = database()
    if not db.exists():
        problem = "db.missing"
    elif db.is_outdated():
        problem = "db.outdated"
    else:
        return
    lang = current_lang()
    st.error(t(problem, lang), icon=":material/database:")
    st.markdown(t(f"{problem}.howto", lang))
    st.code("atlas build", language="bash")
    stop()


PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
footer {display: none !important;}
/* a slide scales with the screen's width like a deck (1rem = 1.25vw: 24 px at 1920 x 1080,
   17 px at 1366 x 768), so the same slide fits both without scrolling */
html {font-size: clamp(14px, 1.25vw, 48px);}
.block-container, [data-testid="stMainBlockContainer"] {padding: 0.8rem 1.6rem 0.4rem !important;
  max-width: 100% !important;}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: 0.5rem;}
html, body, [data-testid="stApp"] {background: #ffffff; color: #000000;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 1rem; line-height: 1.3;}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 1rem !important; color: #111111 !important;}
h1 {font-size: 2rem !important; line-height: 1.2 !important; padding: 0 0 0.1em !important;}
.atlas-legend, .atlas-bivariate-legend {font-size: 1rem !important;}
.atlas-legend *, .atlas-bivariate-legend * {font-size: inherit !important;}
.atlas-legend div {color: #111111 !important;}
/* the slide buttons keep their whole label */
button p {font-size: 1rem !important; white-space: nowrap !important;}
.st-key-presenter_nav button {min-height: 0; padding: 0.15rem 0.6rem;}
/* the map and the figures take the height the title and the source line leave */
iframe[title="streamlit_folium.st_folium"] {height: calc(100vh - 9.5rem) !important;
  min-height: 240px;}
.st-key-presenter_figure img {display: block; width: 100% !important;
  height: calc(100vh - 9.5rem) !important; min-height: 240px; object-fit: contain;
  object-position: left top;}
/* Streamlit pulls each Markdown block up by 1rem (its paragraphs' bottom margin): blocks
   that end in something else keep that margin themselves */
.atlas-legend, .atlas-bivariate-legend {margin-bottom: 1rem;}
.st-key-presenter_hot ol {columns: 3; column-gap: 1.2em; margin: 0 0 1rem;}
.st-key-presenter_hot li {margin: 0; font-size: 1rem;}
@media (max-width: 700px) {
  html {font-size: 15px;}
  iframe[title="streamlit_folium.st_folium"] {height: 60vh !important;}
  .st-key-presenter_figure img {height: auto !important;}
  .st-key-presenter_hot ol {columns: 2;}
}
</style>
"""

# Keyboard navigation for presenter mode: ← / → / PageUp / PageDown / Home / End press the
# slide buttons (found by their widget keys). Fixed text, no user input.
PRESENTER_KEYS_JS = """
<script>
(function () {
  var doc = document;
  if (doc.__atlasPresenterKeys) { return; }
  doc.__atlasPresenterKeys = true;
  var keys = {ArrowRight: 'next', PageDown: 'next', ArrowLeft: 'previous', PageUp: 'previous',
              Home: 'first', End: 'last'};
  doc.addEventListener('keydown', function (event) {
    var target = event.target, tag = target && target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || (target && target.isContentEditable)) { return; }
    var which = keys[event.key];
    if (!which) { return; }
    var button = doc.querySelector('.st-key-presenter_' + which + ' button');
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
</script>
"""


def presenter_theme() -> None:
    """Full-screen presenter layout: no sidebar or Streamlit chrome, large high-contrast type,
    and the keyboard bound to the slide buttons."""
    st.html(PRESENTER_CSS)
    st.html(PRESENTER_KEYS_JS, unsafe_allow_javascript=True)


FIGURE_TEXTS = area("figure")   # ids `figure.*` (docs/i18n.md)


def embedded() -> bool:
    """True in Streamlit's chrome-less embed mode (`?embed=true`, e.g. inside an iframe).

    Streamlit keeps `embed` out of st.query_params and st.context.url; the browser reports
    it as st.context.is_embedded (AppTest: `at.context["is_embedded"] = True`)."""
    return bool(st.context.is_embedded)


# Lazy popovers: opening one reruns the page, which then draws its contents (st.popover's
# `on_change="rerun"` and `.open`); tests open one by setting its key in the session state.
SHARE_POPOVER_KEY = "share_popover"


def figure_popover_key(key: str) -> str:
    """The session-state key of the figure_downloads popover with this `key`."""
    return f"{key}_popover"


def share_controls(params: Mapping[str, str], title: str, lang: str, *, label: str | None = None,
                   help: str | None = None, link_label: str | None = None) -> None:
    """The "share" popover of a view: its permalink (`params`, the page's canonical
    parameters) and the <iframe> code that embeds it in an article in the compact layout, each
    in a code box with a copy button. `title` (plain or Markdown-escaped text) becomes the
    iframe's title attribute, HTML-escaped by `embed_code`. With `link_label`, the permalink
    is also a clickable link (the map's; other views' URLs may carry free text, e.g. a new
    scenario site's name, that is better not made part of a Markdown link).

    Lazy (SHARE_POPOVER_KEY): the contents exist only while the popover is open, so a run of
    the view does not send them (bench/first_map.py: bytes and elements per switch)."""
    page_url = st.context.url
    address = link(page_url, params)
    with st.popover(label or t("share", lang), icon=":material/link:", key=SHARE_POPOVER_KEY,
                    on_change="rerun") as popover:
        if not popover.open:
            return
        if help:
            st.caption(help)
        if link_label:
            # the address is URL-encoded: nothing in it can end the <…> link destination
            st.markdown(f"[{link_label}](<{address}>)")
        else:
            st.caption(t("share.link", lang))
        st.code(address, language=None, wrap_lines=True)
        st.caption(t("embed.code", lang))
        st.code(embed_code(page_url, params, plain(title)), language="html", wrap_lines=True)


# Streamlit's embed mode hides its toolbar and footer but not the sidebar (menu, language,
# the page's own widgets), and its empty header still lies over the top 60 px of the page,
# where it hid the view's title (issue 21): in an article's iframe only the view is wanted.
EMBED_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"] {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 0.5rem 1rem 1rem !important;
  max-width: 100% !important;}
</style>"""


def embed_backlink(params: Mapping[str, str], lang: str) -> None:
    """In the compact embed layout: the link back to the same view in the full atlas (the
    permalink without `embed`; Streamlit's link buttons open a new tab, out of the article's
    iframe)."""
    address = link(st.context.url, {key: value for key, value in params.items()
                                    if key != "embed"})
    # a link button, not a Markdown link: the address may carry free text from the URL
    st.link_button(t("embed.open_full", lang), address, type="tertiary")


def release_upload(uploaded: Any) -> None:
    """Let go of an uploaded file's bytes now: Streamlit keeps every upload of a session in the
    server's memory until the visitor removes it or the session ends (issue 22: refused
    files were still held minutes later). The page then shows the uploader under a new key."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    remove = getattr(getattr(context, "uploaded_file_mgr", None), "remove_file", None)
    if remove is not None and uploaded is not None:
        remove(session_id=context.session_id, file_id=uploaded.file_id)


ERROR_DETAILS = "client.showErrorDetails"
_configured_error_details: list[Any] = []    # the server's own value while public mode hides it


def error_details_for_mode() -> None:
    """In public mode a visitor never sees a traceback, an exception's message or a server
    path: Streamlit's `client.showErrorDetails` is "none" (a generic "an error occurred"); the
    full traceback still goes to the server's log. Outside public mode the server's own setting
    (Streamlit's default: "full") is back. Called at the start of every script run, so it
    follows `atlas.deploy_mode.public_mode()` however the server was started."""
    from streamlit import config

    from atlas.deploy_mode import public_mode

    with _error_details_lock:
        if public_mode():
            if config.get_option(ERROR_DETAILS) != "none":
                _configured_error_details[:] = [config.get_option(ERROR_DETAILS)]
                config.set_option(ERROR_DETAILS, "none", "atlas public mode")
        elif _configured_error_details:
            config.set_option(ERROR_DETAILS, _configured_error_details.pop())


_error_details_lock = threading.Lock()


def figure_downloads(make_chart: Any, name: str, lang: str, key: str) -> None:
    """A popover with PNG and SVG downloads of a chart in the web and slide sizes.

    `make_chart(size)` returns the altair chart for "web" or "slide"; the figure is only
    rendered when the visitor clicks (Streamlit's deferred download data), never on a rerun.
    Lazy like share_controls: the buttons exist only while the popover is open
    (`figure_popover_key(key)`)."""
    from atlas.i18n import pick

    with st.popover(pick(FIGURE_TEXTS, "button", lang), icon=":material/image:",
                    help=pick(FIGURE_TEXTS, "help", lang), key=figure_popover_key(key),
                    on_change="rerun") as popover:
        if not popover.open:
            return
        # altair and the converter only once the popover is open: a closed one (every first
        # visit) needs neither, and the first map comes before they are imported (issue 23)
        from atlas.charts.export import FORMATS, MIME, SIZES, figure, warm_up

        warm_up()       # the converter's worker, if the server has not started it yet
        for size in SIZES:
            columns = st.columns(len(FORMATS))
            for column, fmt in zip(columns, FORMATS):
                column.download_button(
                    f"{fmt.upper()} · {pick(FIGURE_TEXTS, size, lang)}",
                    data=lambda size=size, fmt=fmt: figure(make_chart(size), name, fmt,
                                                           size).data,
                    file_name=f"{name}-{size}.{fmt}", mime=MIME[fmt], on_click="ignore",
                    key=f"{key}_{size}_{fmt}", icon=":material/download:")


def table_downloads(export: Any, labels: Mapping[str, str], stacked: bool = False) -> None:
    """CSV, Excel and sources-CSV downloads of exactly the table shown (an
    atlas.exports.ExportTable); the files are written only when the visitor clicks.
    `labels`: "csv", "xlsx", "sources" button labels and "file_sources" (file-name word).
    `stacked`: one under the other (in a popover), not side by side."""
    from atlas import exports

    files = (
        (labels["csv"], lambda: exports.to_csv(export), f"{export.name}.csv", exports.CSV_MIME),
        (labels["xlsx"], lambda: exports.to_xlsx(export), f"{export.name}.xlsx",
         exports.XLSX_MIME),
        (labels["sources"], lambda: exports.provenance_csv(export),
         f"{export.name}-{labels['file_sources']}.csv", exports.CSV_MIME),
    )
    places = [st] * len(files) if stacked else st.columns(len(files))
    for column, (label, data, file_name, mime) in zip(places, files):
        column.download_button(label, data=data, file_name=file_name, mime=mime,
                               icon=":material/download:", on_click="ignore")
