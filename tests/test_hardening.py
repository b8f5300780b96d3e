"""Hardening (issue 8): hostile text reaches no page as Markdown or HTML; the database connection
cannot touch files; public mode turns off writing and hides server paths; the server listens
on loopback by default.

The hostile snapshot (tests/hostile_snapshot.py) puts HTML and Markdown in every name, label,
caveat and source field; every page is opened on it (AppTest) and everything it would render as
Markdown is parsed with a CommonMark parser: no image, no HTML, no link to the payload's host,
and the host never left unescaped where GitHub-flavoured Markdown would turn it into a link.
"""

from __future__ import annotations

import html.parser
import subprocess

import duckdb
import pytest
from markdown_it import MarkdownIt

from atlas import deploy_mode
from atlas.db import Database
from atlas.errors import AtlasError
from atlas.views.text import WORD_JOINER
from tests.conftest import open_lazy_containers, open_page
from tests.hostile_snapshot import EVIL_HOST, HOSTILE_INDICATORS, PAYLOAD

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _tokens(markdown: str):
    for token in _MARKDOWN.parse(markdown):
        yield token
        yield from token.children or ()


def rendered_text(markdown: str) -> str:
    """What a reader sees of a Markdown text (CommonMark), as plain text."""
    parts = []
    for token in _tokens(markdown):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).replace(WORD_JOINER, "")     # invisible: keeps addresses unlinked


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("img", "script", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on") or EVIL_HOST in (value or "") \
                    or "javascript:" in (value or ""):
                self.problems.append(f"<{tag} {name}={value!r}>")


# the payload's HTML as written: in a renderer's HTML it may only appear escaped
RAW_FRAGMENTS = (f'<img src="http://{EVIL_HOST}', "<script>alert(2)", f"<a href=http://{EVIL_HOST}",
                 "<b>b</b>")


def html_problems(text: str) -> list[str]:
    parser = _Tags()
    parser.feed(text)
    return parser.problems


def markdown_problems(markdown: str, *, allow_html: bool = False) -> list[str]:
    """What in a Markdown text would make the browser fetch or link something from the data."""
    problems = []
    for token in _tokens(markdown):
        if token.type == "image":
            problems.append(f"image {token.attrs.get('src')}")
        elif token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            if EVIL_HOST in href or "javascript:" in href.lower():   # a source's own URL is fine
                problems.append(f"link {href}")
        elif token.type in ("html_inline", "html_block"):
            if allow_html:
                problems += html_problems(token.content)
            else:
                problems.append(f"raw HTML {token.content[:40]!r}")
    # GitHub-flavoured Markdown links bare addresses (www.…, http://…): the host must stay
    # broken up by escapes (inside an HTML block, Markdown is not parsed at all)
    raw_html = "".join(token.content for token in _tokens(markdown)
                       if token.type == "html_block") if allow_html else ""
    if markdown.count(EVIL_HOST) > raw_html.count(EVIL_HOST):
        problems.append("unescaped address (GFM would link it)")
    return problems


# ------------------------------------------------------------------------------------------

def test_markdown_checker_sees_injections() -> None:
    from atlas.views.text import md

    assert markdown_problems(f"![u](http://{EVIL_HOST}/u.png)")
    assert markdown_problems(f"[klik](http://{EVIL_HOST})")
    assert markdown_problems(f"www.{EVIL_HOST}")
    assert markdown_problems("<img src=x>")
    assert html_problems('<img src="x">') and not html_problems("&lt;img src=x&gt;")
    assert markdown_problems(md(PAYLOAD)) == []
    assert rendered_text(md(PAYLOAD)) == " ".join(PAYLOAD.split())


def _elements(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _elements(child)


def page_problems(at) -> list[str]:
    """Every Markdown text, widget label and component argument of an AppTest run, checked."""
    problems = [f"exception: {e.value}" for e in at.exception]
    for element in _elements(at._tree):
        proto = getattr(element, "proto", None)
        texts: list[tuple[str, bool]] = []
        if element.type in ("markdown", "caption", "title", "header", "subheader", "alert",
                            "error", "warning", "info", "success", "latex"):
            texts.append((element.value, bool(getattr(proto, "allow_html", False))))
        if element.type == "table":                 # st.table renders every cell as Markdown
            frame = element.value
            texts += [(str(cell), False) for cell in (*frame.columns, *frame.index,
                                                       *frame.to_numpy().ravel())
                      if isinstance(cell, str)]
        label = getattr(element, "label", None)
        if isinstance(label, str):
            texts.append((label, False))
        help_text = getattr(proto, "help", "") if proto is not None else ""
        if help_text:
            texts.append((help_text, False))
        if element.type == "html":                  # HTML built by renderers (static tables)
            problems += [f"html: raw {fragment!r}" for fragment in RAW_FRAGMENTS
                         if fragment in element.value]
        if element.type == "component_instance":    # the folium map: HTML built by renderers
            args = proto.json_args.replace('\\"', '"').replace("\\/", "/")
            problems += [f"component: raw {fragment!r}" for fragment in RAW_FRAGMENTS
                         if fragment in args]
        for text, allow_html in texts:
            problems += [f"{element.type} {text[:60]!r}: {p}"
                         for p in markdown_problems(str(text), allow_html=allow_html)]
    return problems


MAP_STATES = [
    {},
    {"indicator": HOSTILE_INDICATORS[0], "kommune": "101"},
    {"indicator": HOSTILE_INDICATORS[1], "region": "1084", "lang": "en"},
    {"indicator": f"![u](http://{EVIL_HOST}/u.png)", "kommune": f"[k](http://{EVIL_HOST})"},
    {"lang": f"[klik](http://{EVIL_HOST})", "breaks": "<img src=x>" * 20},
]


@pytest.mark.parametrize("params", MAP_STATES, ids=range(len(MAP_STATES)))
def test_map_page_shows_hostile_text_literally(hostile_db, use_db, params):
    use_db(hostile_db)
    at = open_lazy_containers(open_page("pages/map.py", **params))
    assert page_problems(at) == []


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/about.py", "pages/upload.py"])
@pytest.mark.parametrize("lang", ["da", "en", f"[klik](http://{EVIL_HOST})"])
def test_other_pages_show_hostile_text_literally(hostile_db, use_db, monkeypatch, page, lang):
    use_db(hostile_db)
    monkeypatch.setenv("ATLAS_SOURCES", str(hostile_db.parent / "sources"))
    at = open_lazy_containers(open_page(page, lang=lang))
    assert page_problems(at) == []


NEW_PAGE_STATES = [
    ("pages/profile.py", {"kommune": "101"}),
    ("pages/profile.py", {"kommune": f"[k](http://{EVIL_HOST})"}),
    ("pages/compare.py", {"kommuner": "101,147,![u](http://x.example/u.png)"}),
    ("pages/table.py", {"lang": "en"}),
    ("pages/inverse_care.py", {"kommune": "101", "need": f"<img src=http://{EVIL_HOST}/x>"}),
    ("pages/scenario.py", {"off": "bornholms-hospital",
                           "add": f"55.5,11.5,[evil](http://{EVIL_HOST})"}),
    ("pages/presenter.py", {"slide": "2"}),
    ("pages/presenter.py", {"slide": "7", "lang": "en"}),
]


@pytest.mark.parametrize("page,params", NEW_PAGE_STATES,
                         ids=[f"{p.split('/')[-1]}-{i}" for i, (p, _) in
                              enumerate(NEW_PAGE_STATES)])
def test_view_pages_show_hostile_text_literally(hostile_db, use_db, page, params):
    use_db(hostile_db)
    at = open_lazy_containers(open_page(page, **params))
    assert not at.exception, [e.value for e in at.exception]
    assert page_problems(at) == []


def test_hostile_text_is_shown_not_dropped(hostile_db, use_db):
    """The escaping keeps the text: the hostile indicator's label reads as written."""
    use_db(hostile_db)
    at = open_page("pages/about.py", lang="en")
    shown = " ".join(rendered_text(e.value) for e in _elements(at._tree)
                     if e.type in ("markdown", "subheader", "caption", "header"))
    assert " ".join(f"Hostile {PAYLOAD}".split()) in shown


# --- item 3: the app's database connection cannot read or write files ------------------------

def test_database_connection_cannot_touch_files(real_db, tmp_path):
    cursor = Database(real_db).cursor()
    with pytest.raises(duckdb.Error):
        cursor.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
    target = tmp_path / "out.csv"
    with pytest.raises(duckdb.Error):
        cursor.execute(f"COPY (SELECT 1) TO '{target}'")
    assert not target.exists()
    for setting in ("SET enable_external_access = true", "RESET enable_external_access",
                    "SET lock_configuration = false"):
        with pytest.raises(duckdb.Error):
            cursor.execute(setting)
    with pytest.raises(duckdb.Error):
        cursor.execute(f"ATTACH '{tmp_path / 'other.duckdb'}' AS other")
    assert cursor.execute("SELECT count(*) FROM municipalities").fetchone()[0] == 98


def test_app_database_is_the_locked_connection(atlas_db):
    from atlas.db import database

    with pytest.raises(duckdb.Error):
        database().cursor().execute("SELECT * FROM read_csv('/etc/passwd')")


def test_malformed_user_registry_names_the_file(tmp_path):
    from atlas.registry import registry_for_sources

    (tmp_path / "user_indicators.toml").write_text("[[indicator]\nid = ", encoding="utf-8")
    with pytest.raises(AtlasError, match=r"user_indicators\.toml: not valid TOML"):
        registry_for_sources(tmp_path)


# --- item 1: public mode, loopback by default -------------------------------------------------

@pytest.mark.parametrize(("address", "loopback"), [
    (None, False), ("", False), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
    ("atlas.example.org", False), ("127.0.0.1", True), ("localhost", True), ("::1", True),
    ("[::1]", True), ("127.0.0.2", True),
])
def test_loopback_addresses(address, loopback):
    assert deploy_mode.is_loopback(address) is loopback


def test_public_mode_follows_the_setting_and_the_server_address(monkeypatch):
    from streamlit import config

    monkeypatch.delenv("ATLAS_PUBLIC", raising=False)
    monkeypatch.setattr(config, "get_option",
                        lambda name: "127.0.0.1" if name == "server.address" else None)
    assert deploy_mode.public_mode() is False
    monkeypatch.setattr(config, "get_option",
                        lambda name: "0.0.0.0" if name == "server.address" else None)
    assert deploy_mode.public_mode() is True
    monkeypatch.setenv("ATLAS_PUBLIC", "0")
    assert deploy_mode.public_mode() is False
    monkeypatch.setenv("ATLAS_PUBLIC", "1")
    monkeypatch.setattr(config, "get_option",
                        lambda name: "127.0.0.1" if name == "server.address" else None)
    assert deploy_mode.public_mode() is True


def test_public_mode_shows_no_server_path(monkeypatch):
    monkeypatch.setenv("ATLAS_PUBLIC", "1")
    assert deploy_mode.shown_path("/srv/atlas/data/sources") == "sources"
    monkeypatch.setenv("ATLAS_PUBLIC", "0")
    assert deploy_mode.shown_path("/srv/atlas/data/sources") == "/srv/atlas/data/sources"


def test_data_status_page_hides_the_sources_path_in_public_mode(atlas_db, real_sources,
                                                               monkeypatch):
    monkeypatch.setenv("ATLAS_PUBLIC", "1")
    at = open_page("pages/overview.py")
    shown = " ".join(str(e.value) for e in _elements(at._tree) if hasattr(e, "value"))
    assert str(real_sources.resolve()) not in shown
    assert f"`{real_sources.name}`" in shown
    monkeypatch.setenv("ATLAS_PUBLIC", "0")
    at = open_page("pages/overview.py")
    shown = " ".join(str(e.value) for e in _elements(at._tree) if hasattr(e, "value"))
    assert str(real_sources.resolve()) in shown


def test_run_sh_listens_on_loopback_unless_told():
    from atlas.paths import PROJECT_ROOT

    script = (PROJECT_ROOT / "run.sh").read_text(encoding="utf-8")
    assert '--server.address "${ATLAS_ADDRESS:-127.0.0.1}"' in script
    result = subprocess.run(["bash", "-n", str(PROJECT_ROOT / "run.sh")], capture_output=True)
    assert result.returncode == 0, result.stderr


def test_serve_listens_on_loopback_by_default(monkeypatch):
    from atlas.serve.server import with_address

    monkeypatch.delenv("ATLAS_ADDRESS", raising=False)
    monkeypatch.delenv("STREAMLIT_SERVER_ADDRESS", raising=False)
    assert with_address(["--server.port", "1"]) == ["--server.port", "1",
                                                    "--server.address", "127.0.0.1"]
    monkeypatch.setenv("ATLAS_ADDRESS", "0.0.0.0")
    assert with_address([])[-1] == "0.0.0.0"
    assert with_address(["--server.address", "::1"]) == ["--server.address", "::1"]
