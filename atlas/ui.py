"""Small helpers shared by the Streamlit pages (layout glue only; no data logic here)."""

from __future__ import annotations

import streamlit as st

from .db import connection
from .errors import DatabaseMissing

LANGUAGES = ("da", "en")


def current_lang() -> str:
    """The UI language from `?lang=` (da default); an unknown value falls back to Danish
    with a visible notice."""
    lang = st.query_params.get("lang", "da")
    if lang in LANGUAGES:
        return lang
    st.warning(f"Ukendt sprog «{lang}» i adressen; viser dansk. "
               f"Unknown language «{lang}» in the link; showing Danish.")
    return "da"


def require_database() -> None:
    """Stop the page with build instructions when the atlas database is missing."""
    try:
        connection()
    except DatabaseMissing as missing:
        lang = current_lang()
        st.error(("The atlas database has not been built yet." if lang == "en"
                  else "Atlassets database er ikke bygget endnu."), icon=":material/database:")
        st.markdown(str(missing))
        st.code("atlas build", language="bash")
        st.stop()
