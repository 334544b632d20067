"""Where the pipeline reads and writes, from environment variables with documented defaults.

The teacher-hash key is deliberately not a setting: only ingest/teacher_key.py reads it
(TT_HASH_KEY / TT_HASH_KEY_FILE), so it is in no resource, run config or dbt var.

Relative paths are taken from the current directory (the repository root for `make` targets) and
made absolute once, so dbt (which runs in dbt_project/) and Dagster agree on the same files.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEFAULT_LANDING_DIR = "data/landing"
DEFAULT_WAREHOUSE = "warehouse/training.duckdb"
DEFAULT_REPORTS_DIR = "reports"


@dataclass(frozen=True)
class Locations:
    landing_dir: Path
    warehouse: Path
    reports_dir: Path

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Locations:
        env = os.environ if environ is None else environ
        return cls(
            landing_dir=Path(env.get("TT_LANDING_DIR") or DEFAULT_LANDING_DIR).resolve(),
            warehouse=Path(env.get("TT_WAREHOUSE") or DEFAULT_WAREHOUSE).resolve(),
            reports_dir=Path(env.get("TT_REPORTS_DIR") or DEFAULT_REPORTS_DIR).resolve(),
        )


def dbt_executable() -> str:
    """The dbt installed beside this Python (the venv's), even when the venv is not on PATH."""
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / "dbt"
        if candidate.exists():
            return str(candidate)
    return shutil.which("dbt") or "dbt"
