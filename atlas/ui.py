"""Small helpers shared by the Streamlit pages (layout glue only; no data logic here)."""

from __future__ import annotations

import streamlit as st

from . import i18n
from .db import connection
from .errors import DatabaseMissing


def current_lang() -> str:
    """The page's language (`?lang=`, remembered for the session; Danish by default), with a
    visible notice for an unsupported value and the Dansk | English switch in the sidebar."""
    lang = i18n.current_lang()
    notice = i18n.lang_param_notice(lang)
    if notice:
        st.warning(notice, icon=":material/warning:")
    return i18n.language_picker(st.sidebar)


def require_database() -> None:
    """Stop the page with build instructions when the atlas database is missing."""
    try:
        connection()
    except DatabaseMissing as missing:
        lang = i18n.current_lang()
        st.error(i18n.t("db.missing", lang), icon=":material/database:")
        st.markdown(str(missing))
        st.code("atlas build", language="bash")
        st.stop()
