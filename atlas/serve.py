"""Serve the atlas: `python -m atlas.serve [streamlit run options]`.

Equivalent to `streamlit run app.py …`, plus a warm-up thread that — as soon as Streamlit's
runtime exists — imports the page modules (pandas, pyarrow, folium, the map builders) and
fills the query caches while the first browser is still loading Streamlit's frontend.
Streamlit only runs the app script when a session connects, so without this the first
visitor pays several seconds of imports.
"""

from __future__ import annotations

import logging
import sys
import threading

from .paths import PROJECT_ROOT

log = logging.getLogger(__name__)
RUNTIME_WAIT_SECONDS = 60.0


def _wait_for_runtime(stop: threading.Event) -> bool:
    """True once Streamlit's runtime exists: waiting keeps the warm-up from competing with
    the server's own start for the interpreter."""
    from streamlit.runtime import Runtime

    deadline = RUNTIME_WAIT_SECONDS
    while deadline > 0:
        if Runtime.exists():
            return True
        stop.wait(0.05)
        deadline -= 0.05
    return False


def warm_up(stop: threading.Event | None = None) -> None:
    """Import what the first page run needs and prime the cached queries; never fails."""
    try:
        if not _wait_for_runtime(stop or threading.Event()):
            return
        # Not streamlit_folium: a component imported outside a script run is not served
        # (its iframe answers 404), so the page imports it itself.
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401

        from .maps import folium_map  # noqa: F401
        from .query import map as map_queries

        map_queries.catalogue()
        map_queries.geometry(True)
        map_queries.municipalities()
    except Exception as problem:  # a missing database is reported by the page itself
        log.debug("warm-up skipped: %s", problem)


def declare_navigation_app() -> None:
    """Tell Streamlit up front that app.py builds its own navigation (st.navigation).

    Streamlit guesses from the `pages/` folder beside app.py that this is an old-style
    multipage app until the first script run calls st.navigation. During that first run a
    deep link such as /data resolves against the folder's file names and the first visitor
    sees a spurious "Page not found" dialog (streamlit/streamlit#8860, #9992).
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def main(argv: list[str] | None = None) -> None:
    declare_navigation_app()
    threading.Thread(target=warm_up, name="atlas-warm-up", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "app.py"), *(argv or sys.argv[1:])]
    cli.main()


if __name__ == "__main__":
    main()
