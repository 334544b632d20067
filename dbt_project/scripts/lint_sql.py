"""sqlfluff over the dbt models, with the dbt templater and the region policy as dbt vars.

    python dbt_project/scripts/lint_sql.py [paths...]      # default: dbt_project/models

The models read `var('policy')`, a nested mapping that a .sqlfluff file cannot hold, so the
policy (validated by ingest.policy) is put into the dbt templater's context here; every other
setting is in .sqlfluff. dbt compiles against a throw-away warehouse, never a real one.

The dbt templater compiles the files one by one in this process; parsing and linting each
compiled file (most of the time) runs in a pool of one process per CPU (SQLFLUFF_PROCESSES
overrides the number), so on 2 cores the compile of the next file overlaps the lint of the last.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from sqlfluff.core import FluffConfig, Linter
from sqlfluff.core.config.loader import load_config_file_as_dict

from ingest.policy import load_policy

REPO_DIR = Path(__file__).resolve().parents[2]


def lint(paths: list[str], processes: int = 0) -> int:
    """Print each violation as `path:line:col: CODE description`; the number of violations.
    processes 0: one per CPU."""
    settings = load_config_file_as_dict(str(REPO_DIR / ".sqlfluff"))
    settings["templater"]["dbt"]["context"] = {"policy": load_policy()}
    config = FluffConfig(configs=settings)
    result = Linter(config=config).lint_paths(tuple(paths), processes=processes)
    found = 0
    for record in result.as_records():
        for v in record["violations"]:
            found += 1
            print(f"{record['filepath']}:{v['start_line_no']}:{v['start_line_pos']}: "
                  f"{v['code']} {v['description']}")
    return found


def main(argv: list[str]) -> int:
    os.chdir(REPO_DIR)
    with tempfile.TemporaryDirectory(prefix="sqlfluff-") as tmp:
        os.environ["TT_WAREHOUSE"] = str(Path(tmp) / "lint.duckdb")
        found = lint(argv or ["dbt_project/models"], int(os.environ.get("SQLFLUFF_PROCESSES", "0")))
    print(f"sqlfluff: {found} violation(s)" if found else "sqlfluff: clean")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
