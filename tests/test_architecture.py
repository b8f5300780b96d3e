"""The layers' import rules (docs/architecture.md), read from the code's own imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from atlas.paths import PROJECT_ROOT

ATLAS = PROJECT_ROOT / "atlas"


def imported_modules(path: Path) -> set[str]:
    """Absolute module names imported by a file (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = path.is_relative_to(PROJECT_ROOT)
    package = ".".join(path.relative_to(PROJECT_ROOT).parts[:-1]) if inside else ""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def offenders(folder: Path, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in files(folder):
        bad = sorted(name for name in imported_modules(path)
                     if any(name == f or name.startswith(f + ".") for f in forbidden))
        if bad:
            found[str(path.relative_to(folder.parent))] = bad
    return found


def test_the_data_layer_knows_no_views_renderers_or_languages():
    assert offenders(ATLAS / "query", ("atlas.maps", "atlas.charts", "atlas.views",
                                       "atlas.i18n", "streamlit")) == {}


def test_pages_go_through_views():
    assert offenders(PROJECT_ROOT / "pages", ("duckdb", "pandas", "atlas.query",
                                              "atlas.db")) == {}


@pytest.mark.parametrize("renderer", ["maps", "charts"])
def test_renderers_are_pure(renderer):
    """Renderers draw view models: no database, no queries, no Streamlit, no URL parsing."""
    assert offenders(ATLAS / renderer, ("duckdb", "atlas.query", "atlas.db", "streamlit",
                                        "atlas.views.urlstate")) == {}


def test_views_do_not_use_streamlit():
    assert offenders(ATLAS / "views", ("streamlit", "atlas.maps", "atlas.charts")) == {}


def test_the_rules_see_a_violation(tmp_path):
    """The checker itself can fail: a page importing pandas is caught."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "probe.py").write_text("import pandas as pd\nfrom atlas.query import core\n",
                                    encoding="utf-8")
    found = offenders(pages, ("pandas", "atlas.query"))
    assert found == {"pages/probe.py": ["atlas.query", "atlas.query.core", "pandas"]}
