"""Generate -> load -> dbt build, without Dagster: the fast path the dq tests (and a developer
checking the generator against the rules) use. `python -m tests.dq.pipeline OUT [N] [SEED] [--clean]`
prints the precision/recall of dq_findings against ground_truth.json."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb
import yaml

REPO_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = REPO_DIR / "dbt_project"
sys.path.insert(0, str(PROJECT_DIR / "scripts"))
sys.path.insert(0, str(REPO_DIR / "tests" / "dbt"))

from dbt_parsed import dbt_runner  # noqa: E402
from dbt_with_policy import dbt_args  # noqa: E402

# the findings and everything they read (not the marts no rule reads), with their data tests
FINDINGS_ONLY = ("--select", "+dq_findings", "+dq_build_runs", "--exclude-resource-type", "unit_test")


def default_policy() -> dict:
    with open(REPO_DIR / "config" / "policy.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def dbt_build(warehouse: Path, work_dir: Path, policy: dict | None = None, extra=()) -> None:
    """`dbt build` in-process on `warehouse`, on the process's one parse of the project
    (tests/dbt/dbt_parsed.py); raises with the failing nodes."""
    os.environ["TT_WAREHOUSE"] = str(warehouse)
    args = dbt_args(["build", *extra], policy or default_policy()) + [
        "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"),
        "--no-partial-parse", "--quiet",
    ]
    result = dbt_runner(warehouse).invoke(args)
    failures = [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in (result.result or [])
        if str(r.status) not in ("success", "pass")
    ]
    if not result.success or failures:
        raise AssertionError(f"dbt build failed: {result.exception} {failures}")


def load_landing(landing: Path, warehouse: Path) -> None:
    from ingest.loader import load_paths

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse)) as con:
        load_paths([landing], con, landing_root=landing)


def generate_load_build(out: Path, teachers: int, seed: int, clean: bool = False) -> tuple[Path, dict]:
    from ingest.sample import generate

    landing, warehouse = out / "landing", out / "warehouse.duckdb"
    truth = generate(landing, teachers=teachers, seed=seed, clean=clean, log=lambda _m: None)
    load_landing(landing, warehouse)
    dbt_build(warehouse, out, extra=FINDINGS_ONLY)
    return warehouse, truth


def finding_key(rule: str, source_file: str, source_row, year) -> tuple:
    return (rule, source_file, int(source_row),
            int(year) if rule == "NO_TRAINING_IN_YEAR" and year is not None else None)


def compare(warehouse: Path, truth: dict) -> tuple[set, set]:
    """(false positives, missed defects) of the open findings against the ground truth."""
    planted = {
        finding_key(d["rule"], d["source_file"], d["source_row"], d.get("k", {}).get("year"))
        for d in truth["defects"]
    }
    with duckdb.connect(str(warehouse)) as con:
        rows = con.execute(
            "select rule_id, source_file, source_row, year from main.dq_findings where status = 'open'"
        ).fetchall()
    found = {finding_key(*r) for r in rows}
    return found - planted, planted - found


if __name__ == "__main__":
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    wh, truth = generate_load_build(out, n, seed, clean="--clean" in sys.argv)
    fp, fn = compare(wh, truth)
    from collections import Counter

    print("planted:", dict(Counter(d["rule"] for d in truth["defects"])))
    print("false positives:", len(fp), sorted(fp)[:20])
    print("missed:", len(fn), sorted(fn)[:20])
