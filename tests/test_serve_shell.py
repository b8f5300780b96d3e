"""The page shell the atlas server sends instead of Streamlit's index.html (issue 23):
the server's root address for a page's address, and the map's code preloaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit

from atlas.serve import index_page
from tests.support.aio import run_async

STATIC = Path(streamlit.__file__).parent / "static"
ORIGINAL = (STATIC / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path,depth", [("", 0), (".", 0), ("index.html", 0), ("kort", 1),
                                        ("kort/", 1), ("a/b", 2), ("a/index.html", 1)])
def test_path_depth(path, depth):
    assert index_page.path_depth(path) == depth


def test_chunks_of_the_map_and_st_html_with_what_they_import_first():
    files = index_page.chunk_files(STATIC / "static" / "js")
    component = next(name for name in files if name.startswith("ComponentInstance."))
    html = next(name for name in files if name.startswith("Html."))
    text = (STATIC / "static" / "js" / component).read_text(encoding="utf-8")
    imported = [name for name in files[:files.index(component)] if f"./{name}" in text]
    assert imported          # its own imports come before it
    assert files.index(html) > files.index(component)
    # another Streamlit version without such a chunk: nothing to preload
    assert index_page.chunk_files(STATIC / "static" / "js", ("NoSuchElement",)) == []


def test_shell_adds_the_root_address_below_the_root_and_only_missing_preloads():
    chunks = index_page.chunk_files(STATIC / "static" / "js")
    root, page = index_page.shell(ORIGINAL, 0, chunks), index_page.shell(ORIGINAL, 1, chunks)
    assert "BACKEND_BASE_URL" not in root and "BACKEND_BASE_URL" in page
    assert "parts.length - 1, 1" in page
    assert "parts.length - 2, 2" in index_page.shell(ORIGINAL, 2, [])
    for name in chunks:   # listed once, Streamlit's or ours
        assert page.count(f"/static/js/{name}\"") + page.count(f"\"{name}\"") == 1
    assert page.index("BACKEND_BASE_URL") < page.index("</head>")
    assert index_page.shell(ORIGINAL, 0, []) == ORIGINAL


def _get(handler, path: str, method: str = "GET"):
    scope = {"type": "http", "method": method, "path": f"/{path}", "headers": [],
             "query_string": b"", "root_path": ""}
    return run_async(handler.get_response(path, scope))


def test_installed_handler_serves_the_shell(monkeypatch):
    from streamlit.web.server.starlette import starlette_static_routes as routes

    monkeypatch.setattr(routes, "create_streamlit_static_handler",
                        routes.create_streamlit_static_handler)
    assert index_page.install()
    assert not index_page.install()           # once
    handler = routes.create_streamlit_static_handler(str(STATIC), None)
    page = _get(handler, "kort")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-cache"
    assert b"BACKEND_BASE_URL" in page.body and b"ComponentInstance." in page.body
    root = _get(handler, "")
    assert b"BACKEND_BASE_URL" not in root.body and b"ComponentInstance." in root.body
    # Streamlit's own files are served as they are
    script = next((STATIC / "static" / "js").glob("Html.*.js")).name
    assert not hasattr(_get(handler, f"static/js/{script}"), "body")
