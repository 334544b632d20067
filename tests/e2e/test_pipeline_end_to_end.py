"""The whole pipeline in-process: landing files -> raw tables -> dbt marts -> checks -> report.

Expected figures are computed by hand from tests/e2e/landing_fixture.py, never read back from a run.
The hand run is the session's one run of it (tests/conftest.py, hand_run.py), with a random key.
"""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingest.teacher_key import k_teacher as hmac_key
from orchestration.definitions import FULL_PIPELINE, build_defs
from orchestration.settings import Locations
from tests.e2e import landing_fixture as fx
from tests.e2e.hand_run import COUNTED

pytestmark = pytest.mark.slow
PROVINCIAL = "provincial/省平台学时导出_2023.xlsx"
FUNDING = f"funding/{fx.COUNTY}_2023年学校培训经费.xlsx"


def run_pipeline(loc: Locations) -> dg.ExecuteInProcessResult:
    job = build_defs(loc).resolve_job_def(FULL_PIPELINE)
    return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    mp.delenv("TT_HASH_KEY", raising=False)
    mp.delenv("TT_HASH_KEY_FILE", raising=False)
    mp.delenv("TT_POLICY", raising=False)
    yield mp
    mp.undo()


def query(loc: Locations, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(loc.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_definitions_load_with_the_whole_graph():
    defs = build_defs()
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"landing_files", "raw/roster", "raw/provincial_records", "stg_roster__teachers",
            "int_training_records", "mart_teacher_cycle_credits", "mart_school_year_funding",
            "mart_project_year_participation", "dq_findings"} <= keys
    # staging reads the raw tables written by ingest, so the graph is connected end to end
    parents = {k.to_user_string() for k in graph.get(dg.AssetKey("stg_roster__teachers")).parent_keys}
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
    rows = query(loc, "select rule_id, severity, source_file, source_row from main.dq_findings order by 1")
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
    for table in ("mart_teacher_cycle_credits", "mart_school_year_funding", "mart_project_year_participation"):
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


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory, monkeypatch_module):
    from ingest.sample import generate

    root = tmp_path_factory.mktemp("sample")
    loc = Locations(root / "landing", root / "warehouse" / "s.duckdb", root / "reports")
    generate(loc.landing_dir, teachers=300, seed=7)  # enough to plant every rule kind once
    result = run_pipeline(loc)
    truth = json.loads((loc.landing_dir / "ground_truth.json").read_text(encoding="utf-8"))
    return loc, result, truth


def _key(rule: str, source_file: str, source_row: int, year) -> tuple:
    return (rule, source_file, int(source_row), int(year) if rule == "NO_TRAINING_IN_YEAR" else None)


def test_pipeline_finds_exactly_the_planted_defects(sample_run):
    loc, result, truth = sample_run
    assert result.success
    planted = {
        _key(d["rule"], d["source_file"], d["source_row"], d.get("k", {}).get("year"))
        for d in truth["defects"]
    }
    found = {
        _key(rule, f, r, y)
        for rule, f, r, y in query(
            loc, "select rule_id, source_file, source_row, year from main.dq_findings where status = 'open'"
        )
    }
    assert {d["rule"] for d in truth["defects"]} >= {
        "ID_INVALID", "ID_EXCEL_DAMAGED", "MISSING_HOURS", "NO_TRAINING_IN_YEAR", "GP_OVER_CYCLE_LIMIT",
        "GP_BANNED_REENROLLED", "PROJECT_OVER_QUOTA", "DUP_SOURCES_DISAGREE", "SCHOOL_UNDER_5PCT",
    }
    assert found - planted == set(), "false positives"
    assert planted - found == set(), "planted defects not found"


def test_sample_run_writes_the_auditors_report(sample_run):
    loc, _, _ = sample_run
    report = loc.reports_dir / "auditors_report.html"
    assert report.is_file()
    assert "SCHOOL_UNDER_5PCT" in report.read_text(encoding="utf-8")


def test_generated_landing_loads_without_unexplained_quarantine(sample_run):
    loc, _, truth = sample_run
    from expectations.catalogue import load_rule_catalogue

    at_ingest = {r for r, info in load_rule_catalogue().items() if info.implemented_in == "ingest/pandera"}
    ingest_defects = {(d["source_file"], d["source_row"]) for d in truth["defects"] if d["rule"] in at_ingest}
    quarantined = {(f, r) for f, r in query(loc, "select source_file, source_row from raw.quarantine")}
    assert quarantined == ingest_defects


# RE2 syntax (DuckDB): 18-/15-digit ID numbers, Excel-mangled ones, mobile phone numbers
PERSONAL_DATA = r"(?i)\d{17}[\dx]|\d{15}|\b1[3-9]\d{9}\b|\d\.\d+e\+1[47]"


def test_no_published_table_holds_an_id_number_or_phone(sample_run):
    loc, _, _ = sample_run
    tables = [
        name
        for (name,) in query(
            loc,
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and (table_name like 'mart_%' or table_name = 'dq_findings')",
        )
    ]
    assert {"dq_findings", "mart_teacher_cycle_credits"} <= set(tables)
    for table in tables:
        # numbers cannot hold a name or a masked/mangled ID; text columns are where they would leak
        columns = [
            c
            for (c,) in query(
                loc,
                "select column_name from information_schema.columns "
                "where table_schema = 'main' and table_name = ? and data_type = 'VARCHAR'",
                [table],
            )
        ]
        for column in columns:
            if column in ("k_teacher", "finding_id"):  # sha256 hex digests are 64 hex characters
                continue
            hits = query(
                loc,
                f'select "{column}" from main."{table}" where regexp_matches(cast("{column}" as varchar), ?) limit 1',
                [PERSONAL_DATA],
            )
            assert hits == [], f"{table}.{column} holds personal data: {hits}"


def test_readme_example_questions_run_on_a_built_warehouse(sample_run):
    loc, _, _ = sample_run
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("Three questions, answered in SQL:")[1].split("```sql")[1].split("```")[0]
    statements = [s for s in block.split(";") if "select" in s]
    assert len(statements) == 3
    answers = [query(loc, s) for s in statements]
    assert answers[1], "on-track shares by county are never empty on a sample"
    assert answers[2], "the sample plants an over-quota project"
