"""The README documents what run.sh reads from the environment (issue 21)."""

from __future__ import annotations

import re

from atlas.paths import PROJECT_ROOT


def test_every_variable_run_sh_reads_is_in_the_readme():
    run_sh = (PROJECT_ROOT / "run.sh").read_text()
    readme = (PROJECT_ROOT / "README.md").read_text()
    variables = set(re.findall(r"\$\{([A-Z_]+):-", run_sh))
    assert {"PORT", "ATLAS_ADDRESS"} <= variables
    for name in variables:
        assert f"`{name}`" in readme, name
