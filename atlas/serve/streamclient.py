"""A Streamlit session without a browser, for bench/load.py and tests/test_scale_out.py (not
used by the app): one websocket to `/_stcore/stream` speaking Streamlit's own protobuf
messages, as its frontend does — a `BackMsg.rerun_script` with the URL's query string asks for
a script run, and the server answers with `ForwardMsg`s until `script_finished`.

What it does not do: fetch static files, mount component iframes, or send the widget and
component values a browser sends back (so a map's first return value causes no second run).
A run's server cost is therefore the script run alone; bench/load.py measures a real browser's
cost per page load beside it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

RUN_OVER = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class RunResult:
    seconds: float  # from the request to `script_finished`
    received_bytes: int
    exceptions: list[str] = field(default_factory=list)  # st.exception elements drawn
    components: list[str] = field(default_factory=list)  # custom components drawn (by name)
    status: str = ""  # the script_finished status
    pages: list[str] = field(default_factory=list)  # the app's pages (URL paths), if sent
    default_page: str = ""  # the URL path of the page shown at the app's root
    page: str = ""  # the URL path of the page this run showed

    @property
    def ok(self) -> bool:
        return self.status == "FINISHED_SUCCESSFULLY" and not self.exceptions


class StreamSession:
    """`async with StreamSession(url) as session: await session.run("indicator=gini")`.

    `url` is the app's base URL (http://host:port); `cookie` goes with the handshake (e.g. a
    load balancer's sticky cookie). `response_headers` holds the handshake's reply headers."""

    def __init__(self, url: str, cookie: str | None = None) -> None:
        parts = urlsplit(url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.stream_url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.origin = f"{parts.scheme}://{parts.netloc}"  # as a browser on that page sends
        self.cookie = cookie
        self.response_headers: Mapping[str, str] = {}  # case-insensitive once connected
        self._ws = None

    async def __aenter__(self) -> "StreamSession":
        from websockets.asyncio.client import connect

        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._ws = await connect(self.stream_url, subprotocols=["streamlit"],
                                 origin=self.origin, additional_headers=headers, max_size=None,
                                 open_timeout=60, ping_interval=None)
        self.response_headers = self._ws.response.headers
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def run(self, query_string: str = "", timeout: float = 180.0,
                  page: str = "") -> RunResult:
        """One script run of the page at URL path `page` (default: the default page) with
        this query string, to its end."""
        from asyncio import timeout as deadline

        request = BackMsg()
        request.rerun_script.query_string = query_string
        request.rerun_script.page_script_hash = ""
        request.rerun_script.page_name = page
        start = time.perf_counter()
        result = RunResult(seconds=0.0, received_bytes=0)
        await self._ws.send(request.SerializeToString())
        async with deadline(timeout):
            while True:
                frame = await self._ws.recv()
                result.received_bytes += len(frame)
                msg = ForwardMsg()
                msg.ParseFromString(frame)
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    element = msg.delta.new_element
                    if element.WhichOneof("type") == "exception":
                        result.exceptions.append(element.exception.message)
                    elif element.WhichOneof("type") == "component_instance":
                        result.components.append(element.component_instance.component_name)
                elif kind == "navigation":
                    result.pages = [p.url_pathname for p in msg.navigation.app_pages]
                    result.default_page = next((p.url_pathname for p in msg.navigation.app_pages
                                                if p.is_default), "")
                    result.page = next((p.url_pathname for p in msg.navigation.app_pages
                                        if p.page_script_hash
                                        == msg.navigation.page_script_hash), "")
                elif kind == "script_finished" and msg.script_finished in RUN_OVER:
                    result.status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                    break
        result.seconds = time.perf_counter() - start
        return result
