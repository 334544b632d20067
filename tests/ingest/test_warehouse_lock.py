"""A load while another process holds the warehouse: one clear line naming
the holding process, a non-zero exit, no traceback, nothing waited for."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from ingest_builders import ID_C, ROSTER_HEADER, write_xlsx

from ingest.cli import EXIT_WAREHOUSE_LOCKED
from ingest.warehouse_lock import LockHolder, WarehouseLocked, connect_for_writing, lock_holder

HOLDER = """import sys, time
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def held_warehouse(tmp_path):
    """A warehouse file with a read-only session open in another process (an analyst)."""
    warehouse = tmp_path / "training.duckdb"
    duckdb.connect(str(warehouse)).close()
    script = tmp_path / "holder.py"
    script.write_text(HOLDER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(warehouse), "analyst-session"],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield warehouse, proc.pid
    proc.kill()
    proc.wait()


def test_connect_for_writing_names_the_process_holding_the_warehouse(held_warehouse):
    warehouse, pid = held_warehouse
    with pytest.raises(WarehouseLocked) as info:
        connect_for_writing(warehouse)
    assert info.value.holder.pid == pid
    assert info.value.holder.command == f"{sys.executable} {warehouse.parent / 'holder.py'} {warehouse} analyst-session"
    assert str(info.value) == (
        f"warehouse {warehouse} is in use by process {pid} ({info.value.holder.command}): close "
        "that session (or wait for that run to end) and run again"
    )


def test_cli_load_on_a_held_warehouse_exits_at_once_with_one_line_and_no_traceback(held_warehouse, tmp_path):
    warehouse, pid = held_warehouse
    landing = tmp_path / "land"
    write_xlsx(landing / "花名册.xlsx", [ROSTER_HEADER, [1, "张三", ID_C, "男", None, "小学", "语文", None, None,
                                                    "3610502001", "实验小学", "临渭区", "城区"]])
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "load", str(landing), "--warehouse", str(warehouse)],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=120,
    )
    assert done.returncode == EXIT_WAREHOUSE_LOCKED == 3
    assert done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"cannot load: warehouse {warehouse} is in use by process {pid} (")
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 60  # no waiting for the lock


def test_lock_holder_falls_back_to_the_program_duckdb_names_when_proc_is_unreadable(tmp_path):
    message = ('IO Error: Could not set lock on file "/w.duckdb": Conflicting lock is held in '
               "/usr/bin/python3.11 (PID 4242). See also https://duckdb.org/docs")
    assert lock_holder(message, proc=tmp_path) == LockHolder(4242, "/usr/bin/python3.11")
    assert lock_holder("IO Error: lock", proc=tmp_path).describe() == "another process"


def test_other_io_errors_are_not_reported_as_a_lock(tmp_path):
    (tmp_path / "not_a_db.duckdb").write_text("plain text, not a database")
    with pytest.raises(duckdb.Error) as info:
        connect_for_writing(tmp_path / "not_a_db.duckdb")
    assert not isinstance(info.value, WarehouseLocked)
