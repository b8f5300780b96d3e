"""Atomic snapshot writes: the previous snapshot survives every failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from atlas.build import snapshot_writer
from atlas.build.snapshot_writer import SnapshotWriteError, SnapshotWriter, csv_text
from tests.support.snapshot_kill import kill_during_commit


def listing(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    (target / "boundaries").mkdir(parents=True)
    (target / "observations.csv").write_text("old\n", encoding="utf-8")
    (target / "boundaries" / "kommuner.geojson").write_text("{}", encoding="utf-8")
    return target


def test_commit_replaces_the_directory_and_leaves_no_temporary_files(previous, tmp_path) -> None:
    with SnapshotWriter(previous) as writer:
        writer.copy_from(previous, exclude={"observations.csv"})
        writer.write_csv("observations.csv", ["a", "b"], [{"a": 1, "b": None}, [2, "x"]])
        writer.commit()
    assert listing(previous) == {"boundaries/kommuner.geojson": b"{}",
                                 "observations.csv": b"a,b\n1,\n2,x\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources"]


@pytest.mark.parametrize("failure", ["exception while writing", "validation", "not committed"])
def test_failures_leave_the_previous_snapshot_untouched(previous, tmp_path, failure) -> None:
    before = listing(previous)

    def refuse(directory: Path) -> None:
        assert (directory / "observations.csv").read_text() == "new\n"
        raise SnapshotWriteError("refused by validation")

    with pytest.raises((SnapshotWriteError, RuntimeError)) if failure != "not committed" \
            else _nothing():
        with SnapshotWriter(previous) as writer:
            writer.write_text("observations.csv", "new\n")
            if failure == "exception while writing":
                raise RuntimeError("disk full")
            if failure == "validation":
                writer.commit(validate=refuse)
    assert listing(previous) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources"]


def test_a_failed_rename_restores_the_previous_snapshot(previous, tmp_path, monkeypatch) -> None:
    before = listing(previous)
    real_rename = os.rename
    calls = []

    def flaky_rename(source, destination):
        calls.append((source, destination))
        if len(calls) == 2:                       # moving the new snapshot into place fails
            raise OSError("simulated failure")
        return real_rename(source, destination)

    monkeypatch.setattr(os, "rename", flaky_rename)
    monkeypatch.setattr(snapshot_writer, "exchange", lambda first, second: False)  # two renames
    with pytest.raises(SnapshotWriteError, match="previous snapshot is intact"):
        with SnapshotWriter(previous) as writer:
            writer.write_text("observations.csv", "new\n")
            writer.commit()
    assert listing(previous) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources"]


def test_writes_outside_the_snapshot_are_refused(tmp_path) -> None:
    with SnapshotWriter(tmp_path / "out") as writer:
        with pytest.raises(SnapshotWriteError, match="outside the snapshot"):
            writer.write_text("../escape.txt", "x")


def test_a_file_in_the_way_is_refused(tmp_path) -> None:
    (tmp_path / "out").write_text("not a directory")
    with pytest.raises(SnapshotWriteError, match="not a directory"):
        with SnapshotWriter(tmp_path / "out"):
            pass


def test_csv_text_uses_the_snapshot_dialect() -> None:
    assert csv_text(["t"], [["København, Ø"]]) == 't\n"København, Ø"\n'


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# --- issue 22 item 8: kill -9 at every step of the swap loses nothing --------------------------

KILL_STEPS = [("exchange", "validated", b"old\n"), ("exchange", "exchanged", b"new\n"),
              ("two-renames", "validated", b"old\n"), ("two-renames", "between_renames", b"old\n"),
              ("two-renames", "renamed", b"new\n")]


@pytest.mark.parametrize(("mode", "step", "kept"), KILL_STEPS)
def test_a_kill_during_the_swap_loses_nothing_and_leaves_nothing(previous, tmp_path, mode, step,
                                                                 kept) -> None:
    from atlas.build.snapshot_writer import recover

    assert kill_during_commit(previous, mode, step).returncode == -9
    if step == "between_renames":
        assert not previous.exists()          # the window the recovery is for
    assert sorted(p.name for p in tmp_path.iterdir()) != ["sources"]   # leftovers to clean
    recover(previous)
    assert listing(previous) == {"boundaries/kommuner.geojson": b"{}", "observations.csv": kept}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources"]


def test_the_next_import_starts_from_the_restored_folder_not_the_offline_snapshot(
        previous, tmp_path) -> None:
    """The import's own entry (resolve_target) repairs first: the earlier import's rows stay."""
    from atlas.connectors.user_import import resolve_target

    (previous / "municipalities.csv").write_text("kommune_kode\n101\n", encoding="utf-8")
    (previous / "observations.csv").write_text("old\n", encoding="utf-8")
    assert kill_during_commit(previous, "two-renames", "between_renames").returncode == -9
    target = resolve_target(previous)
    assert target.start_from == previous
    assert (previous / "observations.csv").read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources"]


def test_leftovers_of_a_running_writer_are_left_alone(previous, tmp_path) -> None:
    from atlas.build.snapshot_writer import recover

    with SnapshotWriter(previous) as writer:
        writer.write_text("observations.csv", "new\n")
        recover(previous)               # e.g. another process, while this one writes
        assert writer.temp is not None and writer.temp.is_dir()
        writer.commit()
    assert listing(previous) == {"observations.csv": b"new\n"}
