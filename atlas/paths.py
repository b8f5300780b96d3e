"""Where things live: the project root, the source snapshot, the database and the SQL files."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
SQL_DIR = PROJECT_ROOT / "sql"
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = DATA_DIR / "atlas.duckdb"
REGISTRY_FILE = PACKAGE_DIR / "indicators.toml"
REFERENCE_SOURCES_FILE = PACKAGE_DIR / "reference_sources.csv"


def default_sources_dir() -> Path:
    """`$ATLAS_SOURCES`, else the shared offline snapshot beside the checkout, else
    `data/sources`."""
    env = os.environ.get("ATLAS_SOURCES")
    if env:
        return Path(env)
    shared = PROJECT_ROOT.parent / "shared" / "data" / "sources"
    if shared.is_dir():
        return shared
    return DATA_DIR / "sources"


def default_db_path() -> Path:
    """`$ATLAS_DB`, else `data/atlas.duckdb`."""
    env = os.environ.get("ATLAS_DB")
    return Path(env) if env else DEFAULT_DB
