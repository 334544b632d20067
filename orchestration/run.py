"""`make run`: materialize every asset and run every check on what is in the landing folder.

Before anything is written, `preflight` validates the policy, the locations and the landing
folder, recovers runs that were killed (run_guard) and makes sure no other process holds the
warehouse; any problem stops the run with one line and exit code 2, with the warehouse untouched.
Ctrl-C or SIGTERM stops a run; a second Ctrl-C stops it at once.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import uuid

import dagster as dg

from ingest.memory_limit import MemoryLimitError, memory_limit
from ingest.policy import PolicyError, load_policy_model
from ingest.teacher_key import HashKeyError, require_key
from ingest.warehouse_lock import WarehouseLocked, check_writable
from orchestration.operator_log import append_failure, failure_line
from orchestration.run_guard import RunInProgress, recover_dead_runs, run_tags
from orchestration.run_status import tag_run
from orchestration.settings import Locations
from orchestration.summary import print_summary


class PreflightError(RuntimeError):
    """The run cannot start; the message says why and what to do."""


def _instance() -> dg.DagsterInstance:
    # A persistent DAGSTER_HOME (the Makefile sets one) lets `make ui` show this run's history.
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def preflight(instance: dg.DagsterInstance, locations: Locations) -> list[str]:
    """Everything that must hold before the first write; returns lines to print (recoveries)."""
    try:
        load_policy_model()
    except PolicyError as exc:
        raise PreflightError(str(exc)) from None
    try:
        require_key()  # the public demo key with TT_ENV=production, an unreadable key file
    except HashKeyError as exc:
        raise PreflightError(str(exc)) from None
    try:
        memory_limit()
    except MemoryLimitError as exc:
        raise PreflightError(str(exc)) from None
    if not locations.landing_dir.is_dir():
        raise PreflightError(
            f"landing folder {locations.landing_dir} does not exist: run `make sample` or set TT_LANDING_DIR"
        )
    try:
        lines = [recovery.line() for recovery in recover_dead_runs(instance)]
    except RunInProgress as exc:
        raise PreflightError(str(exc)) from None
    try:
        check_writable(locations.warehouse)
    except WarehouseLocked as exc:
        raise PreflightError(str(exc)) from None
    return lines


def _stop_on_signals(instance: dg.DagsterInstance, run_id: str) -> None:
    """SIGTERM behaves like Ctrl-C; a second signal marks the run failed and exits at once."""
    received = {"count": 0}

    def handler(signum: int, _frame) -> None:
        received["count"] += 1
        if received["count"] == 1:
            print("pipeline: stopping (press Ctrl-C again to stop at once) ...", file=sys.stderr, flush=True)
            raise KeyboardInterrupt
        run = instance.get_run_by_id(run_id)
        if run is not None and not run.is_finished:
            instance.report_run_failed(run, f"stopped by signal {signum}")
            instance.event_log_storage.free_concurrency_slots_for_run(run_id)
        os._exit(130)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def main() -> int:
    if not sys.stdout.isatty():  # dbt's output in a log file or pipe: no ANSI colour codes
        os.environ.setdefault("DBT_USE_COLORS", "false")
    instance = _instance()
    try:
        for line in preflight(instance, Locations.from_env()):
            print(f"pipeline: {line}", flush=True)
    except PreflightError as exc:
        print(f"pipeline: not started: {exc}", file=sys.stderr, flush=True)
        return 2

    from orchestration.definitions import FULL_PIPELINE, build_defs  # parses dbt's manifest

    defs = build_defs()
    run_id = str(uuid.uuid4())
    _stop_on_signals(instance, run_id)
    started = time.monotonic()
    print("pipeline: materializing every asset and running every check ...", flush=True)
    job = defs.resolve_job_def(FULL_PIPELINE)
    try:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_id=run_id,
            tags=run_tags(),
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
        )
    except KeyboardInterrupt:
        run = instance.get_run_by_id(run_id)
        if run is not None and not run.is_finished:
            instance.report_run_failed(run, "stopped by the operator (Ctrl-C / SIGTERM)")
        instance.event_log_storage.free_concurrency_slots_for_run(run_id)
        print("pipeline: stopped; the warehouse keeps what the last finished step wrote", file=sys.stderr)
        return 130
    elapsed = time.monotonic() - started
    failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    error_checks = tag_run(instance, run_id)  # no daemon here: what the run-status sensors do
    status = "succeeded" if result.success else "FAILED"
    if result.success and error_checks:
        status = f"succeeded with {len(error_checks)} failed ERROR check(s)"
    print(f"pipeline: {status} in {elapsed:.0f} s", flush=True)
    if failed:
        print(f"pipeline: failed steps: {', '.join(sorted(set(failed)))}", file=sys.stderr)
        line = failure_line("FAILED", run_id, FULL_PIPELINE, f"failed steps: {', '.join(sorted(set(failed)))}")
        print(f"pipeline: logged to {append_failure(line)}", file=sys.stderr)
    elif error_checks:
        detail = f"{len(error_checks)} ERROR check(s) failed: {', '.join(error_checks[:10])}"
        line = failure_line("ERROR_CHECKS", run_id, FULL_PIPELINE, detail)
        print(f"pipeline: {detail}; logged to {append_failure(line)}", flush=True)
    print_summary()
    return 0 if result.success else 1


if __name__ == "__main__":
    raise SystemExit(main())
