"""Run dbt with the region policy passed as vars (dev and tests helper).

    python dbt_project/scripts/dbt_with_policy.py build            # from the repository root
    python dbt_project/scripts/dbt_with_policy.py build --select marts

The policy comes from TT_POLICY (default config/policy.yml), the warehouse from TT_WAREHOUSE
(default warehouse/training.duckdb). The orchestration builds the same --vars itself; this script
is the command-line equivalent. No hash key: k_teacher arrives computed by ingest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = PROJECT_DIR.parent


def load_policy(path: str | os.PathLike[str] | None = None) -> dict:
    """The policy file as a dict (TT_POLICY, else config/policy.yml)."""
    policy_path = Path(path or os.environ.get("TT_POLICY") or REPO_DIR / "config" / "policy.yml")
    with open(policy_path, encoding="utf-8") as handle:
        policy = yaml.safe_load(handle)
    if not isinstance(policy, dict):
        raise ValueError(f"{policy_path} does not hold a mapping of policy keys")
    return policy


def dbt_vars(policy: dict) -> str:
    """The --vars argument: JSON (valid YAML) with the policy (never a secret)."""
    return json.dumps({"policy": policy}, ensure_ascii=False, default=str)


def dbt_args(command: list[str], policy: dict) -> list[str]:
    """dbt CLI arguments for `command` run against this project with the policy vars."""
    return [
        *command,
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(PROJECT_DIR),
        "--vars",
        dbt_vars(policy),
    ]


def main(argv: list[str]) -> int:
    os.environ.setdefault("TT_WAREHOUSE", str(REPO_DIR / "warehouse" / "training.duckdb"))
    Path(os.environ["TT_WAREHOUSE"]).parent.mkdir(parents=True, exist_ok=True)
    args = dbt_args(argv or ["build"], load_policy())
    dbt = Path(sys.executable).with_name("dbt")
    return subprocess.call([str(dbt), *args])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
