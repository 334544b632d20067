"""Incremental runs: what a load changed -> what is rebuilt, and the two runs after a new file.

The run test works on a copy of the session's hand run (tests/e2e/hand_run.py: the whole job once
on tests/e2e/landing_fixture.py). A new sign-in sheet of school S2 for 2022 lands (王芳 at one
3-hour session on 2022-10-13); the load run reads that file only and its raw/load_manifest
metadata names the table it wrote; the run `rebuild_after_load` requests builds only what is
downstream of raw.signin_attendance: never the funding marts, the roster's staging or a raw table.
"""

from __future__ import annotations

from decimal import Decimal

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import FULL_PIPELINE, build_defs
from orchestration.defs.automation import LOAD_LANDING, load_run_changes, rebuild_request
from orchestration.defs.incremental import (
    changed_raw_tables,
    dbt_selector,
    files_read,
)
from tests.e2e import landing_fixture as fx

NEW_SHEET = f"schools/{fx.S2}/校本研修签到_2022.xlsx"


def test_unchanged_files_change_no_table():
    assert changed_raw_tables([{"status": "unchanged", "tables": {"roster": 2}}]) == set()
    assert dbt_selector(set()) is None


def test_a_new_signin_sheet_selects_only_what_reads_its_table():
    files = [
        {"source_file": "a.xlsx", "status": "unchanged", "tables": {"roster": 2}},
        {"source_file": "b.xlsx", "status": "new", "tables": {"signin_attendance": 3},
         "rows_quarantined": 0},
    ]
    tables = changed_raw_tables(files)
    assert tables == {"signin_attendance"}
    assert files_read(files) == ["b.xlsx"]
    assert dbt_selector(tables) == "source:raw.signin_attendance+"
    assert dbt_selector({"quarantine", "roster"}) == "source:raw.quarantine+ source:raw.roster+"


def test_quarantined_rows_and_replacements_change_the_quarantine():
    new = {"status": "new", "tables": {"roster": 1}, "rows_quarantined": 1}
    replaced = {"status": "replaced", "tables": {"school_funding": 4}, "rows_quarantined": 0}
    assert changed_raw_tables([new]) == {"roster", "quarantine"}
    assert changed_raw_tables([replaced]) == {"school_funding", "quarantine", "load_manifest"}


def test_a_file_that_failed_to_read_changes_only_the_manifest():
    assert changed_raw_tables([{"status": "failed", "tables": {}}]) == {"load_manifest"}


def test_a_load_that_changed_nothing_requests_no_rebuild():
    skip = rebuild_request(None, "run-1", [], ["x.xlsx"])
    assert isinstance(skip, dg.SkipReason)
    assert "changed no raw table" in skip.skip_message


def _t3_hours(warehouse, school_year: int) -> Decimal:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        k = con.execute(
            "select k_teacher from raw.roster where id_number = ?", [fx.T3]
        ).fetchone()[0]
        row = con.execute(
            "select total_hours from main.mart_teacher_year_credits "
            "where k_teacher = ? and school_year_start = ?", [k, school_year]
        ).fetchone()
    return row[0] if row else Decimal(0)


@pytest.fixture(scope="module")
def after_new_sheet(hand_run, tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    loc = hand_run.copy(root)
    before = _t3_hours(loc.warehouse, 2022)
    fx._sheet(
        loc.landing_dir / NEW_SHEET, f"临渭区城区初中(学校代码:{fx.S2})2022年校本研修签到表",
        ["序号", "姓名", "身份证号", "2022-10-13\n集体备课"],
        [["学时", None, None, 3], [1, "王芳", fx.T3, "√"]],
    )
    with hand_run.environment(root):
        defs = build_defs(loc)
        instance = dg.DagsterInstance.get()
        load = defs.resolve_job_def(LOAD_LANDING).execute_in_process(instance=instance)
        changed, read = load_run_changes(instance, load.run_id)
        request = rebuild_request(defs.resolve_asset_graph(), load.run_id, changed, read)
        rebuild = defs.resolve_job_def(FULL_PIPELINE).execute_in_process(
            instance=instance, asset_selection=request.asset_selection, tags=request.tags,
            raise_on_error=False,
        )
    return loc, load, changed, read, request, rebuild, before


@pytest.mark.slow
def test_the_load_reads_only_the_new_file(after_new_sheet):
    _, load, changed, read, request, _, _ = after_new_sheet
    assert load.success
    assert read == [NEW_SHEET]
    assert changed == ["signin_attendance"]
    assert request.tags["incremental/files_read"] == "1"
    assert request.tags["incremental/changed_tables"] == "signin_attendance"


@pytest.mark.slow
def test_the_rebuild_builds_only_what_the_new_sheet_affects(after_new_sheet):
    loc, _, _, _, request, rebuild, before = after_new_sheet
    assert rebuild.success
    built = {e.asset_key.to_user_string() for e in rebuild.get_asset_materialization_events()}
    assert built == {k.to_user_string() for k in request.asset_selection}
    assert {"stg_signin__attendance", "int_training_records", "mart_teacher_year_credits",
            "published_marts", "auditors_report"} <= built
    assert not built & {"mart_school_year_funding", "mart_county_year_funding",
                        "stg_roster__teachers", "stg_funding__school_funding"}
    assert not any(key.startswith("raw/") for key in built)
    # the one new 3-hour session counts for 王芳 in school year 2022-2023
    assert _t3_hours(loc.warehouse, 2022) == before + Decimal(3)
