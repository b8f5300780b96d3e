"""The test suite's builds of the real snapshot, made once and shared.

A build of the real snapshot takes about 20 s of CPU. Every xdist worker used to build its own
for `real_db`; now the first worker to need it builds it under a file lock and the others copy
it. Between runs the build is kept in the system's temporary folder, keyed on everything it is
made from: the snapshot's files (names and bytes) and its folder, the build's code and SQL (every
file under atlas/ and sql/), DuckDB's and Python's versions. Change any of them and the next run
builds afresh. In CI (`CI` set) the build is shared only within the run, so a CI run always
builds from scratch once (`ATLAS_TEST_BUILD_CACHE=0` does the same elsewhere).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from atlas.paths import PROJECT_ROOT

BUILD_INPUTS = (PROJECT_ROOT / "atlas", PROJECT_ROOT / "sql")


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts)


def build_key(sources: Path) -> str:
    """A digest of everything a build of `sources` depends on."""
    import duckdb

    digest = hashlib.sha256()
    digest.update(f"{sources.resolve()}|{duckdb.__version__}|{sys.version}".encode())
    for root in (sources, *BUILD_INPUTS):
        for path in _files(root):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


KEEP_DAYS = 3   # a kept build unused this long is deleted (its inputs have changed since)


def cache_folder(run_folder: Path, between_runs: bool = True) -> Path:
    """Where shared builds live: the system's temporary folder (kept between runs), or in CI
    (or for `between_runs=False`) the run's own pytest folder, which all its workers share."""
    if (not between_runs or os.environ.get("CI")
            or os.environ.get("ATLAS_TEST_BUILD_CACHE") == "0"):
        return run_folder / "shared-builds"
    return Path(tempfile.gettempdir()) / "ulighedsatlas-test-builds"


def _forget_old_builds(folder: Path) -> None:
    cutoff = time.time() - KEEP_DAYS * 86400
    for path in folder.glob("*.duckdb"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def shared_build(sources: Path, out: Path, run_folder: Path, between_runs: bool = True) -> Path:
    """`sources` built into `out`: a copy of the shared build, made first if there is none.
    `run_folder`: the folder the run's workers share (the parent of each worker's basetemp)."""
    from atlas.build.pipeline import build_database
    from tests.conftest import QUIET

    folder = cache_folder(run_folder, between_runs)
    folder.mkdir(parents=True, exist_ok=True)
    key = build_key(sources)
    cached = folder / f"{key}.duckdb"
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)      # one builder; the other workers wait for it
        if not cached.is_file():
            _forget_old_builds(folder)
            build_database(sources, cached, console=QUIET)  # atomic: whole or not at all
        os.utime(cached)                      # in use: kept
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out)
    return out


def copied_build(built: Path, sources: Path, out: Path) -> Path:
    """What a build of `sources`, a byte-for-byte copy of the folder `built` was built from,
    writes to `out`: a copy of `built` with the folder it records (`build_info.sources_dir`, the
    one value that depends on where the snapshot lies) changed to `sources`. For a test that
    needs the real snapshot's database beside a copy of the snapshot it may change (the upload
    page's import rebuilds from it): about 5 s of CPU less than building it."""
    import duckdb

    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built, out)
    with duckdb.connect(str(out)) as con:
        con.execute("UPDATE build_info SET value = ? WHERE key = 'sources_dir'",
                    [str(Path(sources).resolve())])
    return out
