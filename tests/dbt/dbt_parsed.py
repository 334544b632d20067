"""One parse of the dbt project per test process, reused by the fixture builds.

dbt parses the whole project (every model, test and unit test: several seconds of CPU) before
each command. The policy reaches the models only when a node is compiled (`policy()` returns a
placeholder at parse time and no config reads it), so one manifest serves builds under any
policy: `dbtRunner(manifest=...)` skips the parse and compiles each node with that invocation's
--vars. A build without vars (tests/dbt/test_dbt_vars.py) still parses on its own.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from dbt_with_policy import PROJECT_DIR, dbt_args, load_policy


@cache
def parsed_manifest(warehouse_name: str = "training.duckdb"):
    """The project's manifest, parsed once for warehouses named `warehouse_name` (dbt-duckdb
    names the database after the file, and every node carries that name)."""
    from dbt.cli.main import dbtRunner

    work = Path(tempfile.mkdtemp(prefix="dbt_parse_"))
    previous = os.environ.get("TT_WAREHOUSE")
    os.environ["TT_WAREHOUSE"] = str(work / warehouse_name)
    try:
        args = dbt_args(["parse"], load_policy(PROJECT_DIR.parent / "config" / "policy.yml")) + [
            "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
            "--no-partial-parse", "--quiet",
        ]  # fmt: skip
        result = dbtRunner().invoke(args)
    finally:
        if previous is None:
            os.environ.pop("TT_WAREHOUSE", None)
        else:
            os.environ["TT_WAREHOUSE"] = previous
    assert result.success, f"dbt parse failed: {result.exception}"
    return result.result


def dbt_runner(warehouse: Path):
    """A dbtRunner holding the shared manifest for `warehouse`."""
    from dbt.cli.main import dbtRunner

    return dbtRunner(manifest=parsed_manifest(warehouse.name))
