"""Serve the atlas: `python -m atlas.serve [streamlit run options]`.

Equivalent to `streamlit run app.py …`, except that Streamlit is told before the first
session that app.py builds its own navigation (see `declare_navigation_app`), and that the
server listens on 127.0.0.1 unless told otherwise (`--server.address`, or `$ATLAS_ADDRESS`):
Streamlit's own default is every interface. Listening beyond loopback switches the atlas to
public mode (atlas/deploy_mode.py, docs/security.md).

(A background warm-up of the page imports was tried here and measured: server start → first
map painted moved by less than the run-to-run noise, because the imports compete with the
server's own start for the interpreter. See README, "Tests and benchmarks".)
"""

from __future__ import annotations

import os
import sys

from .deploy_mode import ADDRESS_ENV, DEFAULT_ADDRESS
from .paths import PROJECT_ROOT


def declare_navigation_app() -> None:
    """Tell Streamlit up front that app.py builds its own navigation (st.navigation).

    Streamlit guesses from the `pages/` folder beside app.py that this is an old-style
    multipage app until the first script run calls st.navigation. During that first run a
    deep link such as /data resolves against the folder's file names and the first visitor
    sees a spurious "Page not found" dialog (streamlit/streamlit#8860, #9992).
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def with_address(argv: list[str]) -> list[str]:
    """`argv` plus `--server.address` ($ATLAS_ADDRESS, else 127.0.0.1) unless it names one
    (or Streamlit's own STREAMLIT_SERVER_ADDRESS does)."""
    if any(arg == "--server.address" or arg.startswith("--server.address=") for arg in argv) \
            or os.environ.get("STREAMLIT_SERVER_ADDRESS"):
        return list(argv)
    return [*argv, "--server.address", os.environ.get(ADDRESS_ENV) or DEFAULT_ADDRESS]


def main(argv: list[str] | None = None) -> None:
    declare_navigation_app()
    from streamlit.web import cli

    arguments = with_address(list(argv if argv is not None else sys.argv[1:]))
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "app.py"), *arguments]
    cli.main()


if __name__ == "__main__":
    main()
