"""Write a snapshot directory atomically: everything goes into a temporary directory beside the
target, is validated there, and only then replaces the target by renaming. On any failure the
temporary directory is removed and the previous snapshot is left exactly as it was.

    with SnapshotWriter(Path("data/sources")) as writer:
        writer.copy_from(base, exclude={"observations.csv"})
        writer.write_csv("observations.csv", OBSERVATION_COLUMNS, rows)
        writer.commit(validate=check)        # renames only if `check(temp_dir)` returns

The swap is crash-safe. On Linux it is one atomic `renameat2(RENAME_EXCHANGE)`: the new
directory and the target trade places, and the old snapshot (now in the temporary directory) is
removed afterwards. Elsewhere, or where the file system lacks it, it is two renames (old ->
`.NAME.old-PID-*`, new -> target), rolled back if the second fails. A process killed part-way
(kill -9, power loss) leaves its pid in the names of what it left behind; `recover(target)` —
run before anything reads or writes the target — puts a lost target back from its `.old-*`
folder and removes the `.new-*`/`.old-*` folders of processes that no longer run.
"""

from __future__ import annotations

import csv
import ctypes
import errno
import io
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from atlas.errors import AtlasError
from atlas.paths import PROJECT_ROOT

OBSERVATION_COLUMNS = ("indicator", "kommune_kode", "period", "value", "source")
SOURCE_COLUMNS = ("source", "publisher", "table", "title", "url", "licence")


class SnapshotWriteError(AtlasError):
    """The snapshot could not be written; the previous one is intact."""


def fault_point(step: str) -> None:
    """Called at each step of the swap; tests replace it to kill the process there."""

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`, via
    ctypes). False where the system or the file system cannot, so the caller falls back."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint)
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def _leftovers(target: Path, kind: str) -> list[tuple[Path, int | None]]:
    """`.NAME.KIND-PID-*` folders beside `target` (pid None: written by an older atlas)."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{kind}-(?:(\d+)-)?[^/]*")
    found = []
    if target.parent.is_dir():
        for path in target.parent.iterdir():
            match = pattern.fullmatch(path.name)
            if match and path.is_dir() and not path.is_symlink():
                found.append((path, int(match.group(1)) if match.group(1) else None))
    return sorted(found, key=lambda item: item[0].stat().st_mtime)


def _running(pid: int | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> list[str]:
    """Repair what a killed write left beside `target`: if the target is gone, the newest
    `.old-*` folder of a process that no longer runs becomes the target again; the other
    `.old-*` and `.new-*` folders of such processes are removed. Returns what was done."""
    target = Path(target)
    if protected(target):
        return []
    done = []
    stale_old = [path for path, pid in _leftovers(target, "old") if not _running(pid)]
    if stale_old and not target.exists():
        restored = stale_old.pop()
        os.rename(restored, target)
        done.append(f"restored {target} from {restored.name} (an interrupted write)")
    for path in stale_old + [p for p, pid in _leftovers(target, "new") if not _running(pid)]:
        shutil.rmtree(path, ignore_errors=True)
        done.append(f"removed {path.name} (left by an interrupted write)")
    return done


def csv_text(columns: Sequence[str],
             rows: Iterable[Mapping[str, object] | Sequence[object]]) -> str:
    """CSV in the snapshot format: UTF-8, comma-separated, header row, `\\n` line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        if isinstance(row, Mapping):
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
        else:
            writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def protected(path: Path) -> bool:
    """The shared offline snapshot is read-only input: never written, even by root."""
    shared = (PROJECT_ROOT.parent / "shared" / "data" / "sources").resolve()
    return Path(path).resolve() == shared


class SnapshotWriter:
    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        if protected(self.target):
            raise SnapshotWriteError(f"{self.target} is the read-only offline snapshot; write to "
                                     "another directory (default: data/sources)")
        self.temp: Path | None = None
        self.committed = False

    def __enter__(self) -> "SnapshotWriter":
        recover(self.target)
        if self.target.exists() and not self.target.is_dir():
            raise SnapshotWriteError(f"{self.target} exists and is not a directory")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.temp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-{os.getpid()}-",
                                          dir=self.target.parent))
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.temp is not None and self.temp.exists():
            shutil.rmtree(self.temp, ignore_errors=True)

    # -- writing into the temporary directory ----------------------------------------------
    def path(self, relative: str) -> Path:
        assert self.temp is not None, "use SnapshotWriter as a context manager"
        path = (self.temp / relative).resolve()
        if not path.is_relative_to(self.temp.resolve()):
            raise SnapshotWriteError(f"refusing to write outside the snapshot: {relative}")
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write_bytes(self, relative: str, data: bytes) -> None:
        self.path(relative).write_bytes(data)

    def write_text(self, relative: str, text: str) -> None:
        self.path(relative).write_bytes(text.encode("utf-8"))

    def write_csv(self, relative: str, columns: Sequence[str], rows: Iterable) -> None:
        self.write_text(relative, csv_text(columns, rows))

    def copy_from(self, source_dir: Path, *, exclude: Iterable[str] = ()) -> list[str]:
        """Copy every file of `source_dir` (recursively) except the relative paths excluded."""
        excluded = {Path(p).as_posix() for p in exclude}
        copied = []
        source_dir = Path(source_dir)
        for path in sorted(source_dir.rglob("*")):
            relative = path.relative_to(source_dir).as_posix()
            if not path.is_file() or relative in excluded or relative.startswith("."):
                continue
            destination = self.path(relative)
            shutil.copyfile(path, destination)
            copied.append(relative)
        return copied

    # -- publishing --------------------------------------------------------------------------
    def commit(self, validate: Callable[[Path], None] | None = None) -> None:
        """Validate the temporary directory, then put it in place of the target."""
        assert self.temp is not None
        if validate is not None:
            validate(self.temp)
        os.chmod(self.temp, 0o755)
        fault_point("validated")
        if self.target.exists() and exchange(self.temp, self.target):
            old, self.temp = self.temp, None        # the old snapshot, now in the temp folder
            self.committed = True
            fault_point("exchanged")
            shutil.rmtree(old, ignore_errors=True)
            return
        backup: Path | None = None
        if self.target.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-{os.getpid()}-",
                                           dir=self.target.parent))
            backup.rmdir()
            os.rename(self.target, backup)
            fault_point("between_renames")
        try:
            os.rename(self.temp, self.target)
        except OSError as problem:
            if backup is not None:
                os.rename(backup, self.target)
            raise SnapshotWriteError(f"could not move the new snapshot into {self.target} "
                                     f"({problem}); the previous snapshot is intact") from None
        self.temp = None
        self.committed = True
        fault_point("renamed")
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
