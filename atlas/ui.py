"""Streamlit glue shared by the pages: the language, the database guard and the URL sync.

Layout helpers only; no data logic. The current language lives in `?lang=` (da|en),
remembered in the session so it survives page switches.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import streamlit as st

from .db import database
from .i18n import DEFAULT_LANG, LANG_NAMES, LANGS, normalize_lang, parse_lang, t
from .views.text import echo, md

__all__ = ["md"]  # pages escape data text with ui.md

_SESSION_KEY = "atlas_lang"
_PICKER_KEY = "atlas_lang_picker"


def current_lang() -> str:
    """The language of this run: `?lang=` if valid, else the session's last, else Danish."""
    raw = st.query_params.get("lang")
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
    st.query_params["lang"] = chosen


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
    `?lang=` value, the switch in the sidebar, and `?lang=` written into the URL."""
    lang = current_lang()
    raw = st.query_params.get("lang")
    if not parse_lang(raw)[1]:
        st.warning(t("notice.invalid_param", lang, param="lang", value=echo(raw),
                     default=LANG_NAMES[lang]), icon=":material/warning:")
    language_picker()
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def require_database() -> None:
    """Stop the page with build instructions when the atlas database is missing."""
    if not database().exists():
        lang = current_lang()
        st.error(t("db.missing", lang), icon=":material/database:")
        st.markdown(t("db.missing.howto", lang))
        st.code("atlas build", language="bash")
        st.stop()


def sync_url(wanted: Mapping[str, str], names: Iterable[str]) -> None:
    """Make the URL's parameters among `names` equal `wanted` (the canonical permalink), in
    one update; parameters that are not the page's are left alone."""
    names = set(names)
    current = {key: st.query_params.get(key) for key in st.query_params}
    target = {key: value for key, value in current.items() if key not in names}
    target.update(wanted)
    if target != current:
        st.query_params.from_dict(target)


def set_param(param: str, key: str, required: bool = False, empty: Any = None,
              drop: tuple[str, ...] = ()) -> None:
    """A widget's on_change callback: write its value (session state `key`) to `?param=`.

    A required choice that was deselected keeps the current value; `empty` (e.g. "all
    regions") removes the parameter; parameters in `drop` are removed with it."""
    value = st.session_state.get(key)
    if value is None and required:
        return
    for other in drop:
        if other in st.query_params:
            del st.query_params[other]
    if value is None or value is False or (empty is not None and value == empty):
        if param in st.query_params:
            del st.query_params[param]
    else:
        st.query_params[param] = "osm" if value is True else str(value)


PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
footer {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 1.2rem 2.2rem 0.6rem !important;
  max-width: 100% !important;}
html, body, [data-testid="stApp"] {background: #ffffff; color: #000000;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 1.45rem; line-height: 1.4;}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 1.25rem !important; color: #111111 !important;}
h1 {font-size: 2.9rem !important; line-height: 1.1 !important; padding-top: 0 !important;}
.atlas-legend {font-size: 1.35rem !important;}
.atlas-legend div {color: #111111 !important;}
button p {font-size: 1.3rem !important;}
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
