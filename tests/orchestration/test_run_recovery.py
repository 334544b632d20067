"""A run killed with SIGKILL leaves a STARTED run holding the writer pool's slot; the next run
recovers it by itself (marks it failed, frees the slot) instead of waiting forever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration.run_guard import (
    PID_TAG,
    RunInProgress,
    process_alive,
    process_start_ticks,
    recover_dead_runs,
)

REPO = Path(__file__).resolve().parents[2]

JOB_MODULE = textwrap.dedent(
    """
    import sys, time
    import dagster as dg
    from orchestration.run_guard import run_tags

    @dg.asset(pool="duckdb_writer")
    def slow_writer() -> None:
        print("claimed", flush=True)
        time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 120)

    job = dg.define_asset_job("writer_job", selection=[slow_writer])
    defs = dg.Definitions(assets=[slow_writer], jobs=[job])

    if __name__ == "__main__":
        instance = dg.DagsterInstance.get()
        result = defs.resolve_job_def("writer_job").execute_in_process(
            instance=instance, tags=run_tags(), raise_on_error=False)
        print("finished", result.success, flush=True)
    """
)


@pytest.fixture
def dagster_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(
        (REPO / "orchestration" / "dagster.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


def _start_writer(tmp_path: Path, home: Path, seconds: str = "120") -> subprocess.Popen:
    script = tmp_path / "writer_job.py"
    script.write_text(JOB_MODULE, encoding="utf-8")
    env = {**os.environ, "DAGSTER_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(script), seconds], env=env, stdout=subprocess.PIPE, text=True
    )


def _wait_for(process: subprocess.Popen, word: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if word in line:
            return
        if process.poll() is not None:
            raise AssertionError(f"writer exited with {process.returncode} before '{word}'")
    raise AssertionError(f"writer did not print '{word}' in {timeout} s")


def test_dead_pid_is_not_alive_and_a_reused_pid_is_told_apart():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not process_alive(child.pid, None)
    me = os.getpid()
    assert process_alive(me, process_start_ticks(me))
    assert not process_alive(me, "1")  # same pid, another start time: a reused pid


def test_killed_run_is_marked_failed_and_its_slot_freed(tmp_path, dagster_home):
    writer = _start_writer(tmp_path, dagster_home)
    _wait_for(writer, "claimed")
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()

    instance = dg.DagsterInstance.get()
    (dead_run,) = instance.get_runs()
    assert dead_run.status == dg.DagsterRunStatus.STARTED
    assert instance.event_log_storage.get_concurrency_info("duckdb_writer").active_slot_count == 1

    (recovery,) = recover_dead_runs(instance)
    assert recovery.run_id == dead_run.run_id and recovery.pid == writer.pid
    assert recovery.freed_slots == 1
    assert "marked it failed and freed 1 writer slot(s)" in recovery.line()
    assert instance.get_run_by_id(dead_run.run_id).status == dg.DagsterRunStatus.FAILURE
    assert instance.event_log_storage.get_concurrency_info("duckdb_writer").active_slot_count == 0

    # the next run gets the slot and finishes instead of waiting forever
    follower = _start_writer(tmp_path, dagster_home, seconds="0")
    try:
        _wait_for(follower, "finished", timeout=120)
    finally:
        follower.kill()
    assert recover_dead_runs(instance) == []


def test_live_run_stops_the_new_run_at_once(tmp_path, dagster_home):
    writer = _start_writer(tmp_path, dagster_home)
    try:
        _wait_for(writer, "claimed")
        instance = dg.DagsterInstance.get()
        with pytest.raises(RunInProgress, match=f"process {writer.pid}"):
            recover_dead_runs(instance)
        (run,) = instance.get_runs()
        assert run.tags[PID_TAG] == str(writer.pid)
        assert run.status == dg.DagsterRunStatus.STARTED
    finally:
        writer.kill()
        writer.wait()
