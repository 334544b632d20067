"""A tiny hand-written warehouse: the three marts and dq_findings with contract columns.

Every figure is chosen by hand so that the tests can assert exact counts:
- mart_teacher_cycle_credits: 5 rows (4 teachers in the 2021 cycle, one also in 2016), all
  consistent with config/policy.yml (360 hours, 5-year cycles from 2021).
- mart_school_year_funding: 3 school-years, shares = spend / budget, required share 0.05.
- mart_project_year_participation: 2 project-years, pass_rate = passed / attended.
- mart_county_year_participation (school_area 'all' rows) and mart_county_year_funding: two
  counties, 2022 and 2023, rates as the marts compute them (the report shows, never recomputes).
- dq_findings: 13 findings in 7 rules, 2 loads, schools S001 (5), S002 (6) and none (2).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]

CREDITS_DDL = """
create table main.mart_teacher_cycle_credits (
  k_teacher varchar, cycle_start_year integer, cycle_end_year integer, school_code varchar,
  county varchar, school_area varchar, total_hours double, national_hours double,
  provincial_hours double, city_hours double, county_hours double, school_hours double,
  practice_hours double, credits double, required_hours double, remaining_hours double,
  expected_hours_by_now double, on_track boolean)
"""
# fmt: off
CREDITS_ROWS = [
    # k, start, end, school, county, area, total, nat, prov, city, cnty, school, practice,
    # credits, required, remaining, expected, on_track
    ("k1", 2021, 2025, "S001", "雁塔区", "urban", 100, 20, 30, 0, 30, 20, 10, 7.5, 360, 260, 216, False),
    ("k2", 2021, 2025, "S001", "雁塔区", "urban", 220, 0, 100, 40, 50, 30, 0, 16.0, 360, 140, 216, True),
    ("k3", 2021, 2025, "S002", "长安区", "rural", 0, 0, 0, 0, 0, 0, 0, 0.0, 360, 360, 216, False),
    ("k4", 2021, 2025, "S002", "长安区", "rural", 400, 100, 100, 100, 50, 50, 40, 30.0, 360, 0, 216, True),
    ("k1", 2016, 2020, "S001", "雁塔区", "urban", 360, 60, 100, 100, 50, 50, 20, 27.0, 360, 0, 360, True),
]
# fmt: on

FUNDING_DDL = """
create table main.mart_school_year_funding (
  school_code varchar, year integer, county varchar, school_area varchar,
  public_funds_budget_yuan double, training_spend_yuan double, training_share double,
  required_share double, meets_share boolean)
"""
FUNDING_ROWS = [
    ("S001", 2022, "雁塔区", "urban", 1_000_000, 60_000, 0.06, 0.05, True),
    ("S002", 2022, "长安区", "rural", 800_000, 20_000, 0.025, 0.05, False),
    ("S001", 2023, "雁塔区", "urban", 1_000_000, 50_000, 0.05, 0.05, True),
]

PARTICIPATION_DDL = """
create table main.mart_project_year_participation (
  project_code varchar, year integer, project_name varchar, level varchar, mode varchar,
  planned_seats integer, allocated_seats integer, enrolled integer, attended integer,
  passed integer, pass_rate double, over_quota boolean)
"""
# fmt: off
PARTICIPATION_ROWS = [
    ("P001", 2022, "国培计划乡村教师能力提升", "national", "in_person", 50, 50, 48, 45, 40, 40 / 45, False),
    ("P002", 2023, "县级全员网络研修", "county", "online", 100, 100, 110, 100, 100, 1.0, True),
]
# fmt: on

COUNTY_PARTICIPATION_DDL = """
create table main.mart_county_year_participation (
  county varchar, year integer, school_area varchar, schools integer, roster_teachers integer,
  participants integer, participation_rate double)
"""
COUNTY_PARTICIPATION_ROWS = [
    ("雁塔区", 2022, "all", 1, 2, 2, 1.0),
    ("雁塔区", 2023, "all", 1, 2, 1, 0.5),
    ("长安区", 2022, "all", 1, 2, 1, 0.5),
    ("长安区", 2023, "all", 1, 2, 0, 0.0),
    ("长安区", 2023, "rural", 1, 2, 0, 0.0),  # not the county total: not charted
]
COUNTY_FUNDING_DDL = """
create table main.mart_county_year_funding (
  county varchar, year integer, schools_with_funding integer, schools_unit_suspect integer,
  schools_meeting_share integer, schools_meeting_share_rate double,
  training_budget_share_of_payroll double, required_payroll_share double)
"""
COUNTY_FUNDING_ROWS = [
    ("雁塔区", 2022, 1, 0, 1, 1.0, 0.02, 0.015),
    ("雁塔区", 2023, 1, 0, 1, 1.0, 0.0125, 0.015),
    ("长安区", 2022, 2, 1, 0, 0.0, 0.004, 0.015),
]

FINDINGS_DDL = """
create table main.dq_findings (
  finding_id varchar, rule_id varchar, severity varchar, k_teacher varchar,
  school_code varchar, project_code varchar, year integer, source_file varchar,
  source_row integer, detail varchar, load_id varchar)
"""
ROSTER_1 = "schools/S001/教师花名册.xlsx"
ROSTER_2 = "schools/S002/教师花名册.xlsx"
# fmt: off
PROV = "provincial/省平台学时导出_2022.xlsx"
FINDINGS_ROWS = [
    # finding_id, rule_id, severity, k_teacher, school_code, project_code, year, source_file,
    # source_row, detail, load_id
    ("f01", "ID_INVALID", "error", None, "S001", None, None, ROSTER_1, 5, "校验位应为 X", "load_a"),
    ("f02", "ID_INVALID", "error", None, "S001", None, None, ROSTER_1, 9, "出生日期 19990231 不存在", "load_a"),
    ("f03", "ID_INVALID", "error", None, "S002", None, None, ROSTER_2, 4, "位数为17", "load_a"),
    ("f04", "ID_EXCEL_DAMAGED", "error", None, None, None, None, PROV, 17, "3.10105E+17", "load_a"),
    ("f05", "MISSING_HOURS", "error", "k1", "S001", "P001", 2022, PROV, 8, "合格但学时为空", "load_a"),
    ("f06", "MISSING_HOURS", "error", "k3", "S002", "P001", 2022, PROV, 12, "合格但学时为0", "load_a"),
    ("f07", "NO_TRAINING_IN_YEAR", "warn", "k2", "S001", None, 2022, ROSTER_1, 6, "2022年无学时", "load_b"),
    ("f08", "NO_TRAINING_IN_YEAR", "warn", "k3", "S002", None, 2022, ROSTER_2, 5, "2022年无学时", "load_b"),
    ("f09", "NO_TRAINING_IN_YEAR", "warn", "k3", "S002", None, 2023, ROSTER_2, 5, "2023年无学时", "load_b"),
    ("f10", "NO_TRAINING_IN_YEAR", "warn", "k4", "S002", None, 2023, ROSTER_2, 7, "2023年无学时", "load_b"),
    ("f11", "GP_OVER_CYCLE_LIMIT", "error", "k1", "S001", "P001", 2022,
     "guopei/国培_P001_学员名单.xlsx", 3, "本周期第2次参加国培", "load_b"),
    ("f12", "PROJECT_OVER_QUOTA", "error", None, None, "P002", 2023,
     "plan/2023年度培训计划.xlsx", 4, "报名110人，计划100人", "load_b"),
    ("f13", "SCHOOL_UNDER_5PCT", "warn", None, "S002", None, 2022,
     "funding/长安区_2022年学校培训经费.xlsx", 3, "占比2.5%，要求5%", "load_b"),
]
# fmt: on
EXPECTED_RULE_COUNTS = {
    "ID_INVALID": 3,
    "ID_EXCEL_DAMAGED": 1,
    "MISSING_HOURS": 2,
    "NO_TRAINING_IN_YEAR": 4,
    "GP_OVER_CYCLE_LIMIT": 1,
    "PROJECT_OVER_QUOTA": 1,
    "SCHOOL_UNDER_5PCT": 1,
}


def _fill(con: duckdb.DuckDBPyConnection, ddl: str, table: str, rows: list[tuple]) -> None:
    con.execute(ddl)
    placeholders = ", ".join("?" * len(rows[0]))
    con.executemany(f"insert into main.{table} values ({placeholders})", rows)


# Three dbt builds (run ids r1 < r2 < r3). r1 found f01-f10 plus f99 (a finding later fixed);
# r2 found f01-f12 (f11, f12 first seen; f99 resolved); r3 found all 13 (f13 first seen).
RUNS = [
    ("r1", "2024-01-05 08:00:00"),
    ("r2", "2024-02-05 08:00:00"),
    ("r3", "2024-03-05 08:00:00"),
]
RUN_FINDINGS = {
    "r1": [f"f{i:02d}" for i in range(1, 11)] + ["f99"],
    "r2": [f"f{i:02d}" for i in range(1, 13)],
    "r3": [f"f{i:02d}" for i in range(1, 14)],
}
EXPECTED_RUN_TOTALS = {  # run -> (open, first seen, resolved)
    "r1": (11, 11, 0),
    "r2": (12, 2, 1),
    "r3": (13, 1, 0),
}


def _fill_history(con: duckdb.DuckDBPyConnection) -> None:
    """dq_build_runs and dq_findings_history as dbt's incremental models leave them."""
    con.execute("create table main.dq_build_runs (run_id varchar, built_at timestamp)")
    con.executemany("insert into main.dq_build_runs values (?, cast(? as timestamp))", RUNS)
    con.execute(
        "create table main.dq_findings_history (finding_id varchar, rule_id varchar, "
        "run_id varchar, built_at timestamp)"
    )
    rules = {row[0]: row[1] for row in FINDINGS_ROWS} | {"f99": "MISSING_HOURS"}
    built = dict(RUNS)
    con.executemany(
        "insert into main.dq_findings_history values (?, ?, ?, cast(? as timestamp))",
        [(f, rules[f], run, built[run]) for run, found in RUN_FINDINGS.items() for f in found],
    )


def make_warehouse(
    path: Path | str = ":memory:", history: bool = False, county_marts: bool = True
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    _fill(con, CREDITS_DDL, "mart_teacher_cycle_credits", CREDITS_ROWS)
    _fill(con, FUNDING_DDL, "mart_school_year_funding", FUNDING_ROWS)
    _fill(con, PARTICIPATION_DDL, "mart_project_year_participation", PARTICIPATION_ROWS)
    _fill(con, FINDINGS_DDL, "dq_findings", FINDINGS_ROWS)
    if county_marts:
        _fill(
            con,
            COUNTY_PARTICIPATION_DDL,
            "mart_county_year_participation",
            COUNTY_PARTICIPATION_ROWS,
        )
        _fill(con, COUNTY_FUNDING_DDL, "mart_county_year_funding", COUNTY_FUNDING_ROWS)
    if history:
        _fill_history(con)
    return con


def fake_suite_results():
    """Hand-made SuiteResults for rendering tests that need no GX run."""
    from expectations.suites import ExpectationOutcome, SuiteResult

    ok = ExpectationOutcome("expect_column_values_to_not_be_null", {"column": "k"}, True, 0)
    bad = ExpectationOutcome(
        "expect_column_values_to_be_between",
        {"column": "pass_rate", "min_value": 0, "max_value": 1},
        False,
        1,
        partial_unexpected=[1.2],
        note="合格率在0到1之间 pass_rate in [0, 1].",
    )
    raised = ExpectationOutcome(
        "expect_column_values_to_be_in_set",
        {"column": "on_track", "value_set": [True, False]},
        False,
        None,
        exception_message='Error: The column "on_track" in BatchData does not exist.',
    )
    return [
        SuiteResult("mart_teacher_cycle_credits", "a", "error", [ok, raised], row_count=5),
        SuiteResult("mart_school_year_funding", "b", "pass", [ok], row_count=3),
        SuiteResult("mart_project_year_participation", "c", "fail", [ok, bad], row_count=2),
    ]
