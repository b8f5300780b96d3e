"""A database built by an older version of the atlas is named as outdated, not a crash, and
`atlas build --if-outdated` (bash run.sh app) rebuilds it, leaving an up-to-date one alone."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from atlas.cli import main
from atlas.db import Database
from atlas.sqlfiles import schema_fingerprint
from tests.conftest import open_page


@pytest.fixture
def stale_db(real_db, tmp_path):
    """A copy of the real database whose build_info names another fingerprint."""
    path = tmp_path / "atlas.duckdb"
    shutil.copy(real_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE build_info SET value = 'older' WHERE key = 'schema_fingerprint'")
    return path


def test_the_build_stores_the_code_s_fingerprint(real_db):
    assert not Database(real_db).is_outdated()
    with duckdb.connect(str(real_db), read_only=True) as con:
        assert con.execute("SELECT value FROM build_info WHERE key = 'schema_fingerprint'"
                           ).fetchone() == (schema_fingerprint(),)


def test_another_fingerprint_or_none_is_outdated(stale_db):
    assert Database(stale_db).is_outdated()
    with duckdb.connect(str(stale_db)) as con:             # built before fingerprints existed
        con.execute("DELETE FROM build_info WHERE key = 'schema_fingerprint'")
    assert Database(stale_db).is_outdated()
    with duckdb.connect(str(stale_db)) as con:             # not an atlas database at all
        con.execute("DROP TABLE build_info")
    assert Database(stale_db).is_outdated()


def test_the_fingerprint_follows_the_sql_it_builds_from(monkeypatch, tmp_path):
    import atlas.sqlfiles as sqlfiles

    shutil.copytree(sqlfiles.SQL_DIR, tmp_path / "sql")
    registry = tmp_path / "atlas" / "indicators.toml"
    registry.parent.mkdir()
    shutil.copy(sqlfiles.REGISTRY_FILE, registry)
    monkeypatch.setattr(sqlfiles, "SQL_DIR", tmp_path / "sql")
    monkeypatch.setattr(sqlfiles, "REGISTRY_FILE", registry)

    def fingerprint() -> str:
        sqlfiles.schema_fingerprint.cache_clear()
        return sqlfiles.schema_fingerprint()

    try:
        original = fingerprint()
        assert original == fingerprint()
        (tmp_path / "sql" / "queries" / "anything.sql").write_text("SELECT 1;\n")
        assert fingerprint() == original                   # queries only read: not part of it
        (tmp_path / "sql" / "schema" / "999_new.sql").write_text("CREATE TABLE t (x INT);\n")
        changed = fingerprint()
        assert changed != original
        registry.write_text(registry.read_text() + "\n# a comment\n")
        assert fingerprint() != changed
    finally:
        sqlfiles.schema_fingerprint.cache_clear()


def test_an_outdated_database_stops_the_page_with_rebuild_instructions(stale_db, use_db):
    use_db(stale_db)
    at = open_page("pages/overview.py")
    assert not at.exception
    assert "ældre version" in at.error[0].value
    assert "bash run.sh app" in at.markdown[0].value
    assert at.code[0].value == "atlas build"


def test_if_outdated_leaves_an_up_to_date_database_alone(real_db, tmp_path, capsys):
    path = tmp_path / "atlas.duckdb"
    shutil.copy(real_db, path)
    before = path.stat().st_mtime_ns
    assert main(["build", "--if-outdated", "--out", str(path)]) == 0
    assert "up to date" in capsys.readouterr().out
    assert path.stat().st_mtime_ns == before


@pytest.mark.slow
def test_if_outdated_rebuilds_an_outdated_or_broken_database(stale_db, real_sources, capsys):
    assert main(["build", "--if-outdated", "--sources", str(real_sources),
                 "--out", str(stale_db)]) == 0
    assert "up to date" not in capsys.readouterr().out
    assert not Database(stale_db).is_outdated()
    stale_db.write_bytes(b"not a database")
    assert main(["build", "--if-outdated", "--sources", str(real_sources),
                 "--out", str(stale_db)]) == 0
    assert not Database(stale_db).is_outdated()
