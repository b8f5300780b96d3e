"""Public mode: the atlas served to people who do not own the machine it runs on.

In public mode the browser cannot change the atlas: the upload page shows a visitor's file only
in their own session (never written to the sources folder, never rebuilt), and no page shows a
server path. See docs/security.md.

Public mode is on when `ATLAS_PUBLIC` says so (1/true/yes/on), off when it says 0/false/no/off,
and otherwise on whenever the Streamlit server listens beyond the loopback interface — its
`server.address` option is unset (every interface), 0.0.0.0, or any non-loopback address. A
process that is not a Streamlit server (`atlas build`, `atlas import`) is never public unless
`ATLAS_PUBLIC` says so.

No Streamlit import here: the server's address is read only when Streamlit is already loaded
(the views use this module and must not import Streamlit).
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import PurePath

PUBLIC_ENV = "ATLAS_PUBLIC"
ADDRESS_ENV = "ATLAS_ADDRESS"     # run.sh: the address `bash run.sh app` listens on
DEFAULT_ADDRESS = "127.0.0.1"
_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off"}


def is_loopback(address: str | None) -> bool:
    """Whether a server listening on `address` is reachable only from this machine. None or
    "" is Streamlit's default: every interface."""
    if not address:
        return False
    address = address.strip().strip("[]")
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False        # a host name: assume it resolves beyond this machine


def server_address() -> str | None:
    """Streamlit's `server.address` option, or None when this process is no Streamlit server
    (Streamlit not loaded) — see `listens_beyond_loopback`."""
    if "streamlit" not in sys.modules:
        return None
    from streamlit import config

    return config.get_option("server.address")


def listens_beyond_loopback() -> bool:
    if "streamlit" not in sys.modules:
        return False
    return not is_loopback(server_address())


def public_mode() -> bool:
    """Whether the atlas runs in public mode (see the module docstring)."""
    setting = os.environ.get(PUBLIC_ENV, "").strip().lower()
    if setting in _ON:
        return True
    if setting in _OFF:
        return False
    return listens_beyond_loopback()


def shown_path(path: str | os.PathLike[str] | None, *, public: bool | None = None) -> str:
    """A server path as a page may show it: in public mode only its last part (the folder's
    name), never where it is on the server; backticks removed (it is shown as inline code)."""
    if path in (None, ""):
        return "?"
    text = str(path)
    if public_mode() if public is None else public:
        text = PurePath(text).name or "?"
    return text.replace("`", "'")
