"""Incremental runs: changed raw tables -> dbt selection, and a second run after one new file.

The run test uses tests/e2e/landing_fixture.py without school S2's sign-in sheet, then lands that
sheet: the second run parses that one file and builds only models downstream of the raw table it
wrote (sign-in attendance), never the funding marts or the roster's staging.
"""

import pytest

from orchestration.defs.incremental import changed_raw_tables, dbt_selector
from orchestration.defs.incremental_run import run_step
from orchestration.settings import Locations
from tests.e2e import landing_fixture as fx


def test_unchanged_files_change_no_table():
    assert changed_raw_tables([{"status": "unchanged", "tables": {"roster": 2}}]) == set()
    assert dbt_selector(set()) is None


def test_a_new_signin_sheet_selects_only_what_reads_its_table():
    files = [
        {"status": "unchanged", "tables": {"roster": 2}},
        {"status": "new", "tables": {"signin_attendance": 3}, "rows_quarantined": 0},
    ]
    tables = changed_raw_tables(files)
    assert tables == {"signin_attendance"}
    assert dbt_selector(tables) == "source:raw.signin_attendance+"
    assert dbt_selector({"quarantine", "roster"}) == "source:raw.quarantine+ source:raw.roster+"


def test_quarantined_rows_and_replacements_change_the_quarantine():
    new = {"status": "new", "tables": {"roster": 1}, "rows_quarantined": 1}
    replaced = {"status": "replaced", "tables": {"school_funding": 4}, "rows_quarantined": 0}
    assert changed_raw_tables([new]) == {"roster", "quarantine"}
    assert changed_raw_tables([replaced]) == {"school_funding", "quarantine", "load_manifest"}


def test_a_file_that_failed_to_read_changes_only_the_manifest():
    assert changed_raw_tables([{"status": "failed", "tables": {}}]) == {"load_manifest"}


@pytest.mark.slow
def test_second_run_reads_the_new_file_only_and_builds_only_what_it_affects(tmp_path, monkeypatch):
    for name in ("TT_HASH_KEY", "TT_HASH_KEY_FILE", "TT_POLICY"):
        monkeypatch.delenv(name, raising=False)
    loc = Locations(tmp_path / "landing", tmp_path / "wh" / "t.duckdb", tmp_path / "reports")
    fx.write_landing(loc.landing_dir)
    new_sheet = loc.landing_dir / "schools" / fx.S2 / "校本研修签到_2023.xlsx"
    new_sheet.unlink()

    full = run_step(loc, full=True)
    assert full.files_skipped == 0 and len(full.files_read) == 9
    assert "model.teacher_training.mart_school_year_funding" in full.built

    fx._signin(loc.landing_dir, fx.S2, "临渭区城区初中", [("2023-03-06", "集体备课", 4)],
               [["王芳", fx.T3, ["√"]]])
    step = run_step(loc)
    assert step.files_read == [f"schools/{fx.S2}/校本研修签到_2023.xlsx"]
    assert step.files_skipped == 9
    assert step.selector == "source:raw.signin_attendance+"
    models = {k.split(".")[-1] for k in step.built if k.startswith("model.")}
    assert {"stg_signin__attendance", "int_training_records", "mart_teacher_year_credits"} <= models
    assert not models & {"mart_school_year_funding", "mart_county_year_funding", "stg_roster__teachers"}
    assert len(models) < len([k for k in full.built if k.startswith("model.")])
    built = {k.split(".")[-1]: v for k, v in step.built.items() if k.startswith("model.")}
    assert built["stg_signin__attendance"] == built["mart_teacher_year_credits"] == "success"
