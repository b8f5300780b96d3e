"""The per-build caches of atlas.db: `per_build_recent` keeps only the most recently used
results of a visitor-chosen key (bounded memory on a public server) and forgets them all when
the database is rebuilt."""

from __future__ import annotations

import os

from atlas.db import database, per_build_recent

calls: list[int] = []


@per_build_recent(3)
def square(number: int) -> int:
    calls.append(number)
    return number * number


def test_recent_results_are_kept_and_the_oldest_forgotten(atlas_db):
    calls.clear()
    assert [square(n) for n in (1, 2, 3, 1)] == [1, 4, 9, 1]
    assert calls == [1, 2, 3]              # 1 came from the cache
    square(4)                              # over the limit: 2 is now the least recently used
    square(1)
    square(3)
    assert calls == [1, 2, 3, 4]
    square(2)
    assert calls == [1, 2, 3, 4, 2]
    kept = [key for key in database()._cache if key[0] == (__name__, "square")]
    assert len(kept) == 3


def test_a_rebuilt_database_forgets_recent_results(atlas_db, tmp_path, use_db):
    copy = tmp_path / "atlas.duckdb"
    copy.write_bytes(atlas_db.read_bytes())
    use_db(copy)
    calls.clear()
    square(5)
    square(5)
    assert calls == [5]
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    square(5)
    assert calls == [5, 5]
