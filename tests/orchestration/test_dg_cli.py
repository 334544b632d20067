"""`dg check defs` and `dg list defs` work on the code location (the defs/ folder layout)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DG = Path(sys.executable).parent / "dg"

pytestmark = pytest.mark.skipif(not DG.exists(), reason=f"dg is not installed beside {sys.executable}")


def _dg(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TT_AUTOMATION": "off",
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "TT_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "TT_REPORTS_DIR": str(tmp_path / "reports"),
        "NO_COLOR": "1",
    }
    (tmp_path / "dagster_home").mkdir(exist_ok=True)
    return subprocess.run(
        [str(DG), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=900
    )


def test_dg_check_defs_loads_every_definition(tmp_path):
    done = _dg("check", "defs", tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "All definitions loaded successfully." in done.stdout + done.stderr


def test_dg_list_defs_shows_ingest_dbt_checks_schedules_and_sensors(tmp_path):
    done = _dg("list", "defs", "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    listed = json.loads(done.stdout[done.stdout.index("{"):])
    assets = {a["asset_key"] for a in listed["assets"]}
    assert {"landing_files", "raw/roster", "stg_roster__teachers", "published_marts"} <= assets
    checks = {c["key"] for c in listed["asset_checks"]}
    assert "raw/roster:pandera_contract" in checks
    assert {s["name"] for s in listed["schedules"]} >= {"nightly_full_pipeline", "weekly_auditors_report"}
    assert {s["name"] for s in listed["sensors"]} >= {
        "landing_sensor", "failed_run_to_log", "error_checks_to_run_tag", "published_marts_freshness"
    }
