"""`make run`: materialize every asset and run every check on what is in the landing folder."""

from __future__ import annotations

import os
import sys
import time

import dagster as dg

from orchestration.summary import print_summary


def _instance() -> dg.DagsterInstance:
    # A persistent DAGSTER_HOME (the Makefile sets one) lets `make ui` show this run's history.
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def main() -> int:
    from orchestration.definitions import FULL_PIPELINE, build_defs  # parses dbt's manifest

    defs = build_defs()

    started = time.monotonic()
    print("pipeline: materializing every asset and running every check ...", flush=True)
    job = defs.resolve_job_def(FULL_PIPELINE)
    result = job.execute_in_process(
        instance=_instance(),
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
    )
    elapsed = time.monotonic() - started
    failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    print(f"pipeline: {'succeeded' if result.success else 'FAILED'} in {elapsed:.0f} s", flush=True)
    if failed:
        print(f"pipeline: failed steps: {', '.join(sorted(set(failed)))}", file=sys.stderr)
    print_summary()
    return 0 if result.success else 1


if __name__ == "__main__":
    raise SystemExit(main())
