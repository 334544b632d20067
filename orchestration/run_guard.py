"""A run that finds a dead run's claim recovers by itself; a live run is reported, never waited on.

`make run` executes the pipeline in this process and tags its Dagster run with the process id,
host and process start time. A run killed with SIGKILL cannot say it stopped: it stays STARTED in
Dagster's storage and keeps its slot of the `duckdb_writer` pool, so the next run would wait for
that slot forever. Before it starts, a run calls `recover_dead_runs`: every in-progress run of this
host whose process is gone is marked failed and its pool slots are freed, each with one line saying
so; slots held by runs that already ended are freed too. A run whose process is alive stops the new
run at once with `RunInProgress` (DuckDB allows one writer: waiting would only hang).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

import dagster as dg
from dagster._core.storage.dagster_run import IN_PROGRESS_RUN_STATUSES

PID_TAG = "teacher_training/pid"
HOST_TAG = "teacher_training/host"
PROCESS_START_TAG = "teacher_training/process_start"


class RunInProgress(RuntimeError):
    """Another live run of this pipeline holds the warehouse."""


def process_start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), which tells
    a live process from a new one that reused its pid; None when the process does not exist."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and brackets: split after its closing bracket
    return stat.rsplit(")", 1)[1].split()[19]


def process_alive(pid: int, start_ticks: str | None) -> bool:
    current = process_start_ticks(pid)
    if current is None:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return start_ticks is None  # no /proc (not Linux): trust the pid alone
    return start_ticks is None or current == start_ticks


def run_tags() -> dict[str, str]:
    """Tags that let a later run tell whether this run's process is still alive."""
    pid = os.getpid()
    return {
        PID_TAG: str(pid),
        HOST_TAG: socket.gethostname(),
        PROCESS_START_TAG: process_start_ticks(pid) or "",
    }


@dataclass(frozen=True)
class Recovery:
    run_id: str
    pid: int
    freed_slots: int

    def line(self) -> str:
        return (
            f"recovered: run {self.run_id[:8]} (process {self.pid}) had stopped without finishing; "
            f"marked it failed and freed {self.freed_slots} writer slot(s)"
        )


def _claimed_slots(instance: dg.DagsterInstance) -> dict[str, int]:
    """Pool slots claimed (or waited for) per run id."""
    storage = instance.event_log_storage
    counts: dict[str, int] = {}
    for key in storage.get_concurrency_keys():
        info = storage.get_concurrency_info(key)
        for slot in info.claimed_slots:
            counts[slot.run_id] = counts.get(slot.run_id, 0) + 1
        for step in info.pending_steps:
            counts.setdefault(step.run_id, 0)
    return counts


def recover_dead_runs(
    instance: dg.DagsterInstance,
    alive: Callable[[int, str | None], bool] = process_alive,
    host: str | None = None,
) -> list[Recovery]:
    """Mark this host's dead in-progress runs failed and free their slots; free slots of ended
    runs; raise RunInProgress when a live run is found."""
    host = host or socket.gethostname()
    slots = _claimed_slots(instance)
    recovered: list[Recovery] = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=IN_PROGRESS_RUN_STATUSES)):
        pid_text = run.tags.get(PID_TAG)
        if not pid_text or run.tags.get(HOST_TAG) != host:
            if run.run_id in slots:  # e.g. launched from the UI: its process is not ours to judge
                raise RunInProgress(
                    f"run {run.run_id} (not started by `make run` on this host) holds the warehouse "
                    "writer slot; let it finish, or if it is dead: "
                    f"dagster run delete {run.run_id} (or terminate it in the UI)"
                )
            continue
        pid = int(pid_text)
        if alive(pid, run.tags.get(PROCESS_START_TAG) or None):
            raise RunInProgress(
                f"another pipeline run ({run.run_id[:8]}, process {pid}) is still running on this "
                f"warehouse; wait for it or stop it (kill {pid}), then run again"
            )
        instance.report_run_failed(
            run, f"process {pid} ended without finishing the run (killed); recovered by a later run"
        )
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(Recovery(run.run_id, pid, slots.pop(run.run_id, 0)))
    for run_id, count in slots.items():
        run = instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            instance.event_log_storage.free_concurrency_slots_for_run(run_id)
            recovered.append(Recovery(run_id, 0, count))
    return recovered
