"""One pipeline step outside Dagster: load the landing folder, then `dbt build` only what the load
changed (orchestration/defs/incremental.py). Used by benchmarks/incremental_bench.py and the
incremental-run test; `full=True` builds every model (the baseline it is compared with)."""

import os
import time
from dataclasses import dataclass, field
from typing import Any

from ingest.loader import load_paths
from ingest.policy import load_policy
from ingest.warehouse_lock import connect_for_writing
from orchestration.dbt_args import dbt_build_args, without_unit_tests
from orchestration.defs.incremental import files_read, incremental_selector
from orchestration.resources import dbt_cli
from orchestration.settings import Locations


@dataclass
class StepResult:
    files_read: list[str]  # files parsed this time (new or changed content)
    files_skipped: int  # files whose content hash was already loaded
    selector: str | None  # the dbt selection; None: nothing to build
    built: dict[str, str] = field(default_factory=dict)  # dbt node -> status
    load_seconds: float = 0.0
    dbt_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        return self.load_seconds + self.dbt_seconds


def run_step(loc: Locations, *, full: bool = False, policy_path: str | None = None) -> StepResult:
    policy = load_policy(policy_path)
    loc.warehouse.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    con = connect_for_writing(loc.warehouse)
    try:
        report = load_paths([loc.landing_dir], con, loc.landing_dir)
    finally:
        con.close()
    files = report.to_dict()["files"]
    result = StepResult(
        files_read=files_read(files),
        files_skipped=sum(f["status"] == "unchanged" for f in files),
        selector=None if full else incremental_selector(report),
        load_seconds=time.monotonic() - started,
    )
    if not full and result.selector is None:
        return result
    started = time.monotonic()
    select = ["--select", result.selector] if result.selector else []
    args = without_unit_tests(dbt_build_args(policy, select))
    os.environ["TT_WAREHOUSE"] = str(loc.warehouse)
    os.environ.setdefault("DBT_USE_COLORS", "false")  # benchmark output goes to logs
    invocation = dbt_cli().cli(args, raise_on_error=False)
    invocation.wait()
    result.dbt_seconds = time.monotonic() - started
    run_results: dict[str, Any] = invocation.get_artifact("run_results.json")
    result.built = {r["unique_id"]: r["status"] for r in run_results.get("results", [])}
    return result
