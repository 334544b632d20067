"""Preflight: a bad policy, a missing landing folder or a held warehouse stops the run before any
write, with one line and exit code 2."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingest.warehouse_lock import WarehouseLocked, check_writable, lock_holder
from orchestration.run import PreflightError, preflight
from orchestration.settings import Locations

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def locations(tmp_path) -> Locations:
    landing = tmp_path / "landing"
    landing.mkdir()
    warehouse = tmp_path / "warehouse" / "training.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create table marker as select 42 as answer")
    return Locations(landing_dir=landing, warehouse=warehouse, reports_dir=tmp_path / "reports")


def test_bad_policy_stops_the_run_naming_key_and_file(tmp_path, locations, monkeypatch):
    policy = tmp_path / "region.yml"
    text = (REPO / "config" / "policy.yml").read_text(encoding="utf-8")
    policy.write_text(text.replace("hours_per_cycle: 360", "hours_per_cycle: -360"), encoding="utf-8")
    monkeypatch.setenv("TT_POLICY", str(policy))
    with pytest.raises(PreflightError, match=r"region.yml: hours_per_cycle: Input should be greater than 0"):
        preflight(dg.DagsterInstance.ephemeral(), locations)


def test_missing_landing_folder_stops_the_run(tmp_path, locations):
    gone = Locations(tmp_path / "absent", locations.warehouse, locations.reports_dir)
    with pytest.raises(PreflightError, match="landing folder .*absent does not exist"):
        preflight(dg.DagsterInstance.ephemeral(), gone)


def test_reader_holding_the_warehouse_is_named_at_once(locations):
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); "
            "print('open', flush=True); time.sleep(60)",
            str(locations.warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "open"
        started = time.monotonic()
        with pytest.raises(WarehouseLocked) as info:
            check_writable(locations.warehouse)
        assert time.monotonic() - started < 5
        assert f"process {reader.pid}" in str(info.value) and "read_only=True" in str(info.value)
        with pytest.raises(PreflightError, match=f"process {reader.pid}"):
            preflight(dg.DagsterInstance.ephemeral(), locations)
    finally:
        reader.kill()
        reader.wait()
    check_writable(locations.warehouse)  # free again


def test_lock_holder_without_a_pid_says_another_process():
    assert lock_holder("IO Error: Could not set lock on file").describe() == "another process"


def test_make_run_with_a_bad_policy_exits_2_and_leaves_the_warehouse(tmp_path, locations):
    policy = tmp_path / "region.yml"
    policy.write_text("hours_per_cycle: '(select 1)'\n", encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin",
        "TT_POLICY": str(policy),
        "TT_LANDING_DIR": str(locations.landing_dir),
        "TT_WAREHOUSE": str(locations.warehouse),
        "TT_REPORTS_DIR": str(locations.reports_dir),
        "PYTHONPATH": str(REPO),
    }
    before = locations.warehouse.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.run"], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().startswith("pipeline: not started: policy file")
    assert locations.warehouse.read_bytes() == before


def test_a_memory_limit_duckdb_cannot_read_stops_the_run(locations, monkeypatch):
    monkeypatch.setenv("TT_DUCKDB_MEMORY_LIMIT", "half the machine")
    with pytest.raises(PreflightError, match="TT_DUCKDB_MEMORY_LIMIT='half the machine'"):
        preflight(dg.DagsterInstance.ephemeral(), locations)
