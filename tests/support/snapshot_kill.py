"""kill -9 during the sources folder's swap (issue 22): a child process commits a new snapshot
through atlas.build.snapshot_writer and kills itself (SIGKILL) at one of its fault points.
Used by tests/connectors/test_snapshot_writer.py and bench/probe.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from atlas.paths import PROJECT_ROOT

# argv: target folder, the fault point to die at, "exchange" or "two-renames" (the swap without
# an atomic exchange), how many "new" lines the new observations.csv has
KILLED_CHILD = """
import os, signal, sys
from pathlib import Path
from atlas.build import snapshot_writer

target, step, mode, lines = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
if mode == "two-renames":
    snapshot_writer.exchange = lambda first, second: False
def fault_point(name):
    if name == step:
        os.kill(os.getpid(), signal.SIGKILL)
snapshot_writer.fault_point = fault_point
with snapshot_writer.SnapshotWriter(target) as writer:
    writer.copy_from(target, exclude={"observations.csv"})
    writer.write_text("observations.csv", "new\\n" * lines)
    writer.commit()
"""


def kill_during_commit(target: Path, mode: str, step: str,
                       lines: int = 1) -> subprocess.CompletedProcess[str]:
    """Commit a new snapshot (observations.csv: `lines` lines "new") into `target` in a child
    process killed at `step`; its return code is -9 when it was."""
    return subprocess.run([sys.executable, "-c", KILLED_CHILD, str(target), step, mode,
                           str(lines)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
