"""The page scaffold (atlas.ui.scaffold) inside app.py: the menu is there on every page in
every state, a page that ends early included, and its links carry only canonical values
(issue 21, items 1 and 7)."""

from __future__ import annotations

import ast
from urllib.parse import parse_qsl

import pytest

from atlas.paths import PROJECT_ROOT
from atlas.ui.scaffold import MENU_KEY

MENU_PAGES = 10  # app.py's navigation: every page has a link in the menu


def menu_links(at) -> list[dict[str, str]]:
    """The query parameters of each link in the sidebar's menu."""
    menu = at.sidebar.get("flex_container") or []
    links = [link for box in menu if getattr(box, "key", None) == MENU_KEY
             for link in box.get("page_link")] if menu else []
    links = links or [link for link in at.sidebar.get("page_link")]
    return [dict(parse_qsl(link.proto.query_string)) for link in links]


@pytest.mark.parametrize("page,params", [
    ("pages/profile.py", {}),                                  # /kommune, nothing chosen
    ("pages/profile.py", {"kommune": "Atlantis"}),             # /kommune, unknown
    ("pages/upload.py", {}),                                   # /egne-data, no file yet
    ("pages/compare.py", {"kommuner": "101"}),                 # one of at least two
    ("pages/map.py", {}),
])
def test_a_page_that_ends_early_keeps_the_menu(atlas_db, in_app, page, params):
    at = in_app(page, lang="da", **params)
    assert not at.exception
    assert len(menu_links(at)) == MENU_PAGES


def test_missing_database_keeps_the_menu(in_app, use_db, tmp_path):
    use_db(tmp_path / "nope.duckdb")
    at = in_app("pages/about.py")
    assert not at.exception
    assert at.error and "database" in at.error[0].value.lower()
    assert len(menu_links(at)) == MENU_PAGES


def test_menu_links_carry_the_canonical_view_not_the_url(atlas_db, in_app):
    """After `?indicator=<garbage>` the map falls back with a notice; the menu passes on the
    indicator shown, never the garbage."""
    at = in_app("pages/map.py", indicator="<garbage>", period="1066", kommune="Århus")
    assert any("garbage" in warning.value for warning in at.warning)
    links = menu_links(at)
    assert len(links) == MENU_PAGES
    for params in links:
        assert params["indicator"] == "life_expectancy"
        assert params["period"] != "1066"
        assert params["kommune"] == "751"          # a name becomes the code
        assert "garbage" not in str(params)


def test_a_page_passes_on_valid_view_values_it_does_not_own(atlas_db, in_app):
    """The table owns no indicator/period/kommune: from its URL, the menu keeps the valid
    ones (canonical) and drops the rest."""
    at = in_app("pages/table.py", lang="en", indicator="gini", kommune="999999")
    for params in menu_links(at):
        assert params["indicator"] == "gini"
        assert params["lang"] == "en"
        assert "kommune" not in params


def test_pages_end_early_through_the_scaffold():
    """`st.stop()` in a page would end app.py too, before the menu: pages call `ui.stop()`.
    (pages/inverse_care.py adopts the scaffold in its own rewrite.)"""
    calls = {}
    for path in sorted((PROJECT_ROOT / "pages").glob("*.py")):
        if path.name == "inverse_care.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls[path.name] = [node.lineno for node in ast.walk(tree)
                            if isinstance(node, ast.Attribute) and node.attr == "stop"
                            and isinstance(node.value, ast.Name) and node.value.id == "st"]
    assert {name: lines for name, lines in calls.items() if lines} == {}
