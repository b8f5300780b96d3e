"""Load SQL from the `sql/` tree: one statement or model per file, referenced by name."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from atlas.paths import REGISTRY_FILE, SQL_DIR

# What a built database's tables and their contents are made from, besides the source data:
# a database built by another version of these files may lack a table or column the code reads.
_SCHEMA_FOLDERS = ("schema", "models", "steps", "checks")


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


@lru_cache(maxsize=1)
def schema_fingerprint() -> str:
    """A hash of the SQL that builds the database (sql/schema, models, steps, checks) and of
    the indicator registry. The build stores it in `build_info`; the app and `atlas build
    --if-outdated` compare it, so a database built by an older version of the code is rebuilt
    or named as outdated instead of failing on a missing table."""
    digest = hashlib.sha256()
    files = [path for folder in _SCHEMA_FOLDERS
             for path in sorted((SQL_DIR / folder).glob("*.sql"))]
    for path in [*files, REGISTRY_FILE]:
        digest.update(path.relative_to(path.parents[1]).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]
