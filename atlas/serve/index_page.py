"""The page shell Streamlit sends for every address of the app (its index.html), with two
additions that spare a new visitor's browser waits before the first map (issue 23).

1. The server's address. Streamlit's frontend does not know where the server's root is: opened
   at a page's address (`/kort`, as every shared link and embed is), it first asks
   `/kort/_stcore/health`, gets a 404, waits 100 ms and only then asks `/_stcore/health`,
   before it opens the websocket. The shell now says where the root is
   (`window.__streamlit.BACKEND_BASE_URL`, Streamlit's own setting for hosts that embed it),
   computed in the browser from its own address minus the page's path segments: right under
   any `server.baseUrlPath` and behind a proxy that adds a prefix. The app's root address
   (nothing to strip) is left as it was.
2. The code a map needs first. Streamlit loads the code of each kind of element when the first
   one is drawn; every kind the page's first run draws is asked for at once, and the map's
   iframe (ComponentInstance) came after some 25 widget files (bench/map_trace.py: timeline).
   The shell now preloads it, and the st.html element's code that every page draws first
   (`<link rel="modulepreload">`, added once the page has loaded: while the browser connects
   and the server runs the page).

Installed by atlas.serve before Streamlit builds its routes (`install`); if Streamlit's static
file handler is not where this version has it, the shell is left as it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

# Streamlit's lazily loaded element code, by the start of its file name (static/js/<name>.<hash>.js)
PRELOAD_CHUNKS = ("ComponentInstance", "Html")
_IMPORT = re.compile(r"""(?:from|import)\s*["']\./([\w.\-]+\.js)["']""")
_HEAD_END = "</head>"   # before it: a module script (Streamlit's) runs after the inline one
_KEEP_DEPTH = 3

# Sets the server's root address from the browser's own (see the module doc); DEPTH: how many
# path segments the page's address has below the root.
_BASE_SCRIPT = (
    "<script>(function () {{ var parts = location.pathname.replace(/\\/+$/, '').split('/');"
    " parts.splice(parts.length - {depth}, {depth});"
    " window.__streamlit = Object.assign({{}}, window.__streamlit,"
    " {{BACKEND_BASE_URL: location.origin + parts.join('/') + '/'}}); }})();</script>"
)


# Preloads the chunks once the page has loaded (Streamlit's own code run): while the browser
# connects and the server runs the page, not beside Streamlit's start-up, which links in the
# shell delayed (bench/map_trace.py: the run began later).
_PRELOAD_SCRIPT = (
    "<script>addEventListener('load', function () {{ {files}.forEach(function (file) {{"
    " var link = document.createElement('link'); link.rel = 'modulepreload';"
    " link.crossOrigin = 'anonymous'; link.href = './static/js/' + file;"
    " document.head.appendChild(link); }}); }});</script>"
)


def chunk_files(js_dir: Path, names: Iterable[str] = PRELOAD_CHUNKS) -> list[str]:
    """The files of the chunks `names` (static/js/<name>.<hash>.js) and every file they import,
    in load order; none when a chunk is not found (another Streamlit version)."""
    found: list[str] = []

    def add(file_name: str) -> None:
        if file_name in found:
            return
        try:
            text = (js_dir / file_name).read_text(encoding="utf-8")
        except OSError:
            return
        for imported in _IMPORT.findall(text[:4000]):   # the imports open the file
            add(imported)
        found.append(file_name)

    for name in names:
        matches = sorted(path.name for path in js_dir.glob(f"{name}.*.js"))
        if len(matches) != 1:
            return []
        add(matches[0])
    return found


def path_depth(path: str) -> int:
    """How many path segments an address has below the app's root (`path` relative to it)."""
    segments = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
    if segments and segments[-1] == "index.html":
        segments.pop()
    return len(segments)


def shell(original: str, depth: int, chunks: Iterable[str]) -> str:
    """Streamlit's index.html (`original`) for an address `depth` segments below the root,
    with the base-address script (depth > 0) and the modulepreload links of `chunks` (file
    names in static/js/) that the shell does not list already."""
    files = [name for name in chunks if f"/{name}\"" not in original]
    links = f"  {_PRELOAD_SCRIPT.format(files=json.dumps(files))}\n" if files else ""
    script = f"  {_BASE_SCRIPT.format(depth=depth)}\n" if depth > 0 else ""
    if _HEAD_END not in original or not (links or script):
        return original
    return original.replace(_HEAD_END, script + links + "  " + _HEAD_END, 1)


def install(preload: bool = True) -> bool:
    """Serve `shell` instead of Streamlit's index.html (`preload=False`: without the chunks'
    preload links); False if Streamlit's static file handler is not where this version of
    Streamlit has it (nothing is changed then)."""
    try:
        from streamlit.web.server.starlette import starlette_static_routes as routes
    except ImportError:
        return False
    original = getattr(routes, "create_streamlit_static_handler", None)
    if original is None or getattr(original, "atlas_shell", False):
        return False

    def create(directory: str, base_url: str | None) -> Any:
        handler = original(directory, base_url)
        return _with_shell(handler, Path(directory), preload)

    create.atlas_shell = True  # type: ignore[attr-defined]
    routes.create_streamlit_static_handler = create
    return True


def _with_shell(handler: Any, directory: Path, preload: bool) -> Any:
    index = directory / "index.html"
    try:
        text = index.read_text(encoding="utf-8")
    except OSError:
        return handler
    chunks = chunk_files(directory / "static" / "js") if preload else []
    pages: dict[int, str] = {}
    get_response = handler.get_response

    async def response_with_shell(path: str, scope: Any) -> Any:
        from starlette.responses import HTMLResponse

        response = await get_response(path, scope)
        served = getattr(response, "path", None)
        if (scope.get("method") != "GET" or response.status_code != 200 or served is None
                or Path(served).name != "index.html"):
            return response
        depth = path_depth(path)
        page = pages.get(depth) or shell(text, depth, chunks)
        if depth <= _KEEP_DEPTH:       # the app's pages; deeper addresses are not kept
            pages[depth] = page
        return HTMLResponse(page, headers={"Cache-Control": "no-cache"})

    handler.get_response = response_with_shell
    return handler
