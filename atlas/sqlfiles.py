"""Load SQL from the `sql/` tree: one statement or model per file, referenced by name."""

from __future__ import annotations

import re
from functools import lru_cache

from atlas.paths import SQL_DIR


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """`load_sql("queries/municipalities")` reads `sql/queries/municipalities.sql`.

    Names are fixed strings in the code, never user input.
    """
    path = (SQL_DIR / f"{name}.sql").resolve()
    if SQL_DIR.resolve() not in path.parents:
        raise ValueError(f"SQL name escapes sql/: {name!r}")
    return path.read_text(encoding="utf-8")


def sql_files(folder: str) -> list[tuple[str, str]]:
    """(name, text) for every `.sql` file in `sql/<folder>/`, in file-name order."""
    return [
        (f"{folder}/{path.stem}", path.read_text(encoding="utf-8"))
        for path in sorted((SQL_DIR / folder).glob("*.sql"))
    ]


_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_HEADER_FIELD = re.compile(r"^--\s*(depends|materialized):(.*)$")


def header_fields(text: str) -> dict[str, str]:
    """The configuration lines in a SQL file's opening comment block, as dbt keeps it beside
    the SQL: `-- depends: observations, indicators` (what a sql/models file reads) and
    `-- materialized: view`. Other comment lines are prose."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        match = _HEADER_FIELD.match(line)
        if match:
            found[match[1]] = match[2].strip()
    return found


def fill_template(template: str, /, **parts: str) -> str:
    """`load_sql(template)` with each `{key}` replaced by `parts[key]`.

    A part is either a plain identifier fixed in the code (a table or model name; checked
    here) or, for the key `select`, the text of a sql/models file. Never user text.
    """
    text = load_sql(template)
    for key, value in parts.items():
        if key != "select" and not _IDENTIFIER.match(value):
            raise ValueError(f"not a plain SQL identifier: {value!r}")
        placeholder = "{" + key + "}"
        if placeholder not in text:
            raise ValueError(f"{template}.sql has no {placeholder}")
        text = text.replace(placeholder, value)
    return text
