"""The About page's view is the same for every visitor: computed once per build and language,
computed again after a rebuild, and the same as computed afresh (issue 23)."""

from __future__ import annotations

import os

from atlas.views import about


def test_the_about_view_is_computed_once_per_build_and_language(atlas_db, tmp_path, use_db):
    copy = tmp_path / "atlas.duckdb"
    copy.write_bytes(atlas_db.read_bytes())
    use_db(copy)
    first = about.build_view("da")
    assert about.build_view("da") is first                 # the second visitor's: cached
    assert about.build_view("en") is not first             # per language
    assert first == about.build_view.uncached("da")        # the same as computed afresh
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a rebuild
    again = about.build_view("da")
    assert again is not first and again == first
