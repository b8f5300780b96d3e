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


def test_an_entry_added_while_the_oldest_are_forgotten_waits(atlas_db, monkeypatch):
    """The visitors' script threads and the prefetch thread share one cache. A thread that
    finished its work while another walked the cache to forget a limited family's oldest
    entries wrote at once, and the walk broke a visitor's run ("dictionary changed size during
    iteration", seen in a full test run). Now it waits for the walk: here a writer finishes its
    work in the middle of such a walk."""
    import threading

    db = database()
    released, progress = threading.Event(), threading.Event()
    writer_at_work = threading.Event()

    class WatchedLock:
        """The cache's lock, telling when the writer asks for it after its work."""

        def __init__(self) -> None:
            self.lock = threading.Lock()

        def __enter__(self):
            if threading.current_thread() is writer and released.is_set():
                progress.set()
            self.lock.acquire()

        def __exit__(self, *exc):
            self.lock.release()

    class WalkedCache(dict):
        """A cache whose walk lets the writer finish its work after the first key."""

        def __iter__(self):
            for number, key in enumerate(super().__iter__()):
                yield key
                if number == 0 and not released.is_set():
                    released.set()
                    progress.wait(timeout=30)    # the writer wrote, or waits for the lock

    def work() -> str:
        writer_at_work.set()
        released.wait(timeout=30)
        return "done"

    def write() -> None:
        try:
            db.memo(("written",), work)
        finally:
            progress.set()

    db.memo(("opened",), lambda: None)   # the connection open: the cache is not replaced
    monkeypatch.setattr(db, "_cache", WalkedCache({("limited", 0): 0}))
    monkeypatch.setattr(db, "_lock", WatchedLock())
    writer = threading.Thread(target=write)
    writer.start()
    writer_at_work.wait(timeout=30)
    db.memo(("limited", 1), lambda: 1, limit=1)   # walks the cache to forget ("limited", 0)
    writer.join(timeout=30)
    assert db._cache == {("limited", 1): 1, ("written",): "done"}
