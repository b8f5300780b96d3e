"""Write a snapshot directory atomically: everything goes into a temporary directory beside the
target, is validated there, and only then replaces the target by renaming. On any failure the
temporary directory is removed and the previous snapshot is left exactly as it was.

    with SnapshotWriter(Path("data/sources")) as writer:
        writer.copy_from(base, exclude={"observations.csv"})
        writer.write_csv("observations.csv", OBSERVATION_COLUMNS, rows)
        writer.commit(validate=check)        # renames only if `check(temp_dir)` returns

The swap is two renames (old -> backup, new -> target), rolled back if the second fails; a
reader can at worst see no directory for an instant, never a half-written one.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from atlas.errors import AtlasError
from atlas.paths import PROJECT_ROOT

OBSERVATION_COLUMNS = ("indicator", "kommune_kode", "period", "value", "source")
SOURCE_COLUMNS = ("source", "publisher", "table", "title", "url", "licence")


class SnapshotWriteError(AtlasError):
    """The snapshot could not be written; the previous one is intact."""


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
        if self.target.exists() and not self.target.is_dir():
            raise SnapshotWriteError(f"{self.target} exists and is not a directory")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.temp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-",
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
        backup: Path | None = None
        if self.target.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-",
                                           dir=self.target.parent))
            backup.rmdir()
            os.rename(self.target, backup)
        try:
            os.rename(self.temp, self.target)
        except OSError as problem:
            if backup is not None:
                os.rename(backup, self.target)
            raise SnapshotWriteError(f"could not move the new snapshot into {self.target} "
                                     f"({problem}); the previous snapshot is intact") from None
        self.temp = None
        self.committed = True
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
