"""Run a piece of Python in a fresh interpreter against a database and read back what it
printed last, as JSON: for tests of what a process imports or holds (a process's
`sys.modules` cannot be reset inside the test's own)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from atlas.paths import PROJECT_ROOT


def last_json(probe: str, db: Path, timeout: float = 300) -> Any:
    """`python -c probe` with `$ATLAS_DB` = `db`, from the project root; its last line of
    standard output parsed as JSON."""
    env = dict(os.environ, ATLAS_DB=str(db), PYTHONPATH=str(PROJECT_ROOT))
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=timeout, check=True).stdout
    return json.loads(out.splitlines()[-1])
