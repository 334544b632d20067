"""End to end on the sample generator's landing folder (the contract's shapes): every file is
matched and loaded, rows are conserved, and the quarantine holds exactly the planted defects of
the rules that live at ingest (the catalogue's `implemented_in: ingest/pandera`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from expectations.catalogue import load_rule_catalogue
from ingest.loader import load_paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    if not (ROOT / "ingest" / "sample" / "__main__.py").exists():
        pytest.skip("ingest.sample is not there yet")
    out = tmp_path_factory.mktemp("sample") / "landing"
    proc = subprocess.run(
        [sys.executable, "-m", "ingest.sample", "--teachers", "120", "--seed", "7", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    if proc.returncode != 0:
        pytest.skip(f"sample generator failed: {proc.stderr[-500:]}")
    return out


def test_sample_landing_loads_every_file_with_only_planted_ingest_defects_in_quarantine(landing):
    con = duckdb.connect()
    report = load_paths([landing], con, landing)
    statuses = {f.source_file: f.status for f in report.files}
    truth = json.loads((landing / "ground_truth.json").read_text(encoding="utf-8"))
    # the sample's duplicate deliveries (ground_truth.json edges): an identical copy changes
    # nothing; a corrected version (更正 / _v2) replaces its original whichever is read first
    twice = {"duplicate_copy", "corrected_version"}
    delivered_twice = {f for e in truth["edges"] if e["kind"] in twice for f in e["files"]}
    assert {s for f, s in statuses.items() if f not in delivered_twice} == {"new"}, statuses
    for e in truth["edges"]:
        if e["kind"] == "duplicate_copy":
            assert sorted(statuses[f] for f in e["files"]) == ["new", "unchanged"], e
        elif e["kind"] == "corrected_version":
            marked, original = sorted(e["files"], key=lambda f: "更正" not in f and "_v2" not in f)
            assert (statuses[marked], statuses[original]) in {
                ("new", "superseded"), ("replaced", "new")
            }, e
    assert all(f.conserved for f in report.files)
    ingest_rules = {r for r, info in load_rule_catalogue().items() if info.implemented_in == "ingest/pandera"}
    assert {"ID_INVALID", "ID_EXCEL_DAMAGED", "HOURS_NEGATIVE"} <= ingest_rules
    planted = sorted(
        (d["source_file"], d["source_row"], d["rule"])
        for d in truth["defects"] if d["rule"] in ingest_rules
    )
    quarantined = sorted(con.execute("select source_file, source_row, reason_codes from raw.quarantine").fetchall())
    assert quarantined == planted
    profiles = {f.profile for f in report.files if f.status != "unchanged"}  # a copy is not re-read
    assert profiles == {
        "provincial_export", "platform_records", "guopei_trainees", "roster", "signin_matrix",
        "school_funding", "training_plan", "seat_allocation", "satisfaction_survey",
    }
    for table in ("roster", "provincial_records", "platform_records", "guopei_trainees", "signin_attendance",
                  "school_funding", "training_plan", "seat_allocation", "satisfaction_survey"):
        assert con.execute(f"select count(*) from raw.{table}").fetchall()[0][0] > 0, table
    again = load_paths([landing], con, landing)
    assert {f.status for f in again.files} == {"unchanged"}
