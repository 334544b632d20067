"""The whole pipeline in-process: landing files -> raw tables -> dbt marts -> checks -> report.

Expected figures are computed by hand from tests/e2e/landing_fixture.py, never read back from a run.
The hand run is the session's one run of it (tests/conftest.py, hand_run.py), with a random key.
"""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from ingest.teacher_key import k_teacher as hmac_key
from orchestration.definitions import build_defs
from orchestration.settings import Locations
from tests.e2e import landing_fixture as fx
from tests.e2e.hand_run import COUNTED

pytestmark = pytest.mark.slow
PROVINCIAL = "provincial/省平台学时导出_2023.xlsx"
FUNDING = f"funding/{fx.COUNTY}_2023年学校培训经费.xlsx"


def query(loc: Locations, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(loc.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_definitions_load_with_the_whole_graph():
    defs = build_defs()
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {
        "landing_files",
        "raw/roster",
        "raw/provincial_records",
        "stg_roster__teachers",
        "int_training_records",
        "mart_teacher_cycle_credits",
        "mart_school_year_funding",
        "mart_project_year_participation",
        "dq_findings",
    } <= keys
    # staging reads the raw tables written by ingest, so the graph is connected end to end
    parents = {
        k.to_user_string() for k in graph.get(dg.AssetKey("stg_roster__teachers")).parent_keys
    }
    assert "raw/roster" in parents and all(p.startswith("raw/") for p in parents)
    assert graph.asset_check_keys, "dbt tests and rule checks appear as asset checks"


def test_hand_fixture_run_succeeds(hand_run):
    assert hand_run.result.success


def test_teacher_cycle_credits_match_hand_computation(hand_run):
    loc = hand_run.loc

    def k_teacher(id_number: str) -> str:
        return hmac_key(id_number, hand_run.key)  # HMAC-SHA256, as ingest computes it

    rows = query(
        loc,
        "select k_teacher, total_hours, county_hours, national_hours, school_hours, credits, on_track "
        "from main.mart_teacher_cycle_credits where cycle_start_year = 2021",
    )
    got = {r[0]: r[1:] for r in rows}
    # T1: 24 h county in-person (passed) + 10 h online (600 min, completed) + 3 + 2 h school-based
    # credits: 24/10 + 10/20 + 5/20 = 3.15
    assert got[k_teacher(fx.T1)][:4] == (39.0, 24.0, 0.0, 5.0)
    assert float(got[k_teacher(fx.T1)][4]) == pytest.approx(3.15)  # credits are decimal(18,4)
    # T2: failed county course earns nothing, unfinished online course earns nothing, 3 h sign-in
    assert got[k_teacher(fx.T2)][:4] == (3.0, 0.0, 0.0, 3.0)
    # T3: 国培 40 h reported by the provider and the provincial system counts once, + 4 h sign-in
    assert got[k_teacher(fx.T3)][:4] == (44.0, 0.0, 40.0, 4.0)
    assert float(got[k_teacher(fx.T3)][4]) == pytest.approx(40 / 10 + 4 / 20)
    # every record is in school year 2022-2023 (2021 cycle); expected by 2023-12-31 is 3 ended
    # school years (2020-2021 .. 2022-2023) x 72 h = 216: nobody is on track
    assert {r[-1] for r in got.values()} == {False}
    assert len(got) == 3


def test_school_funding_converts_wan_yuan_and_flags_under_five_percent(hand_run):
    loc = hand_run.loc
    rows = query(
        loc,
        "select school_code, public_funds_budget_yuan, training_spend_yuan, training_share, meets_share "
        "from main.mart_school_year_funding where year = 2023 order by school_code",
    )
    assert rows == [
        (fx.S1, 200000.0, 12000.0, pytest.approx(0.06), True),
        (fx.S2, 300000.0, 12000.0, pytest.approx(0.04), False),
    ]


def test_project_participation_counts_enrolled_attended_passed(hand_run):
    loc = hand_run.loc
    rows = query(
        loc,
        "select project_code, planned_seats, allocated_seats, enrolled, attended, passed, pass_rate, over_quota "
        "from main.mart_project_year_participation where year = 2023 order by project_code",
    )
    assert rows == [
        ("GP2023001", 2, 2, 1, 1, 1, pytest.approx(1.0), False),
        ("XP2023001", 10, 10, 2, 2, 1, pytest.approx(0.5), False),
    ]


def test_findings_are_exactly_the_bad_id_and_the_school_under_five_percent(hand_run):
    loc = hand_run.loc
    rows = query(
        loc, "select rule_id, severity, source_file, source_row from main.dq_findings order by 1"
    )
    assert rows == [
        ("ID_INVALID", "error", PROVINCIAL, 7),
        ("SCHOOL_UNDER_5PCT", "warn", FUNDING, 4),
    ]


def test_every_row_of_every_file_is_accounted_for(hand_run):
    loc = hand_run.loc
    rows = query(
        loc,
        "select source_file, rows_read, rows_loaded, rows_quarantined, rows_skipped "
        "from raw.load_manifest where status <> 'superseded'",
    )
    assert len(rows) == 10
    for source_file, read, loaded, quarantined, skipped in rows:
        assert read == loaded + quarantined + skipped, source_file
    quarantine = query(loc, "select source_file, source_row, reason_codes from raw.quarantine")
    assert quarantine == [(PROVINCIAL, 7, "ID_INVALID")]


def test_marts_carry_no_id_numbers_names_or_phones(hand_run):
    loc = hand_run.loc
    secrets = {fx.T1, fx.T2, fx.T3, "张伟", "李娜", "王芳", "13800000001"}
    for table in (
        "mart_teacher_cycle_credits",
        "mart_school_year_funding",
        "mart_project_year_participation",
    ):
        for row in query(loc, f"select * from main.{table}"):
            assert not secrets & {str(v) for v in row}, table


def test_rule_checks_report_findings_with_their_severity(hand_run):
    evaluations = {
        e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data
        for e in hand_run.result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert evaluations["rule_school_under_5pct"].passed is False
    assert evaluations["rule_school_under_5pct"].severity == dg.AssetCheckSeverity.WARN
    assert evaluations["rule_id_invalid"].passed is False
    assert evaluations["rule_id_invalid"].severity == dg.AssetCheckSeverity.ERROR
    assert evaluations["rule_gp_over_cycle_limit"].passed is True


def test_second_run_on_the_same_files_changes_nothing(hand_second_run):
    assert hand_second_run.result.success
    assert set(hand_second_run.counts_before) == set(COUNTED)
    assert hand_second_run.counts_after == hand_second_run.counts_before
