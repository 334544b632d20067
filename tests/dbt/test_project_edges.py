"""Projects, 国培, funding and dedup at the edges (issue 8 items 3, 4, 5, 7, 10).

A hand-written fixture, built twice: under config/policy.yml (国培 limit 1 per cycle, ban 3
years, undated list rows to the earliest plan year) and under GUOPEI_CHANGED (limit 2, ban 1
year, undated list rows to the latest plan year). Each situation would give another figure with
the code before issue 8 (said at each test).

  item 3  GPM is in the 2022 plan (2022-09-01..12-20, 2 seats) and the 2023 plan
          (2023-03-01..06-30, 1 seat). TA: provincial record dated 2022; TB: provincial record dated
          2023 and on the GPM list; TC: on the GPM list only (no dates).
  item 4  GPX (2022-05-10..20) and GPY (2023-04-01..10) are 国培. TD: GPX in the provincial export
          only (passed), GPY on its list. TE: GPX in the export (failed) and on the list (passed),
          GPY on its list.
  item 5  GPW (2021-06-01..30), GPZ (2024-06-15..25). TF failed GPW (provincial), is on the GPZ list.
  item 7  城关区 2023: S1, S2 and S3 on one sheet, S3 written in 万元 under a 元 header (x10,000);
          the county project CTY2023 (budget 5,000 元) allocated to S1. 河湾县 2023: S4 alone, 1 %.
  item 10 TG: the same two records in two provincial exports, the older load (LA) with the
          smaller file name. TH: 乡村教师培训 in the provincial export (09-01..05, no code), on the
          GPC list (plan 09-05..20) and on the platform (09-15): a chain of title matches.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest
from conftest import Warehouse, load_default_policy, run_dbt
from dbt_raw_schema import create_raw_schema

try:  # ingest computes k_teacher in raw; older raw schemas have no column
    from dbt_raw_schema import fill_k_teacher
except ImportError:  # pragma: no cover - depends on the raw schema version
    fill_k_teacher = None

TA, TB, TC, TD = (
    "610102198001010314",
    "610102198102020327",
    "61010219820303033X",
    "610102198304040342",
)
TE, TF, TG, TH = (
    "610102198405050355",
    "610102198506060368",
    "610102198607070370",
    "610102198708080383",
)
NAMES = {TA: "甲", TB: "乙", TC: "丙", TD: "丁", TE: "戊", TF: "己", TG: "庚", TH: "辛"}
S1, S1_NAME = "3101000001", "城关第一小学"
S2, S2_NAME = "3101000002", "城关镇中学"
S3, S4 = "3101000003", "3102000004"
SCHOOL = {TA: S1_NAME, TB: S1_NAME, TC: S1_NAME, TG: S1_NAME, TH: S1_NAME,
          TD: S2_NAME, TE: S2_NAME, TF: S2_NAME}  # fmt: skip

ROSTER = "schools/roster.xlsx"
PROV = "provincial/省平台学时导出.xlsx"
PROV_OLD, PROV_NEW = "provincial/导出_a.xlsx", "provincial/导出_b.xlsx"
PLAN = "plan/培训计划.xlsx"
SEATS = "plan/名额分配.xlsx"
FUND_A, FUND_B = "funding/城关区_2023年学校培训经费.xlsx", "funding/河湾县_2023年学校培训经费.xlsx"
PLATFORM = "platform/网络研修学习记录.csv"


def gp_list(code: str) -> str:
    return f"guopei/国培_{code}_学员名单.xlsx"


def _lineage(source_file: str, row: int, load_id: str = "L1") -> dict:
    return {
        "source_file": source_file,
        "source_sheet": "Sheet1",
        "source_row": row,
        "load_id": load_id,
    }


def _provincial(row, teacher, code, title, level, start, end, hours, outcome="passed",
                source_file=PROV, load_id="L1") -> dict:  # fmt: skip
    return {
        "id_number": teacher, "name": NAMES[teacher], "school_name": SCHOOL[teacher],
        "county": "城关区", "stage": "primary", "subject": "语文", "project_code": code,
        "project_name": title, "level": level, "mode": "in_person", "start_date": start,
        "end_date": end, "hours": hours, "practice_hours": 0.0, "outcome": outcome,
        "review_status": "certified", **_lineage(source_file, row, load_id),
    }  # fmt: skip


def _listed(
    code: str, row: int, teacher: str, outcome: str = "passed", hours: float = 30.0
) -> dict:
    return {
        "project_code": code, "id_number": teacher, "name": NAMES[teacher],
        "school_name": SCHOOL[teacher], "county": "城关区", "stage": "primary", "subject": "语文",
        "reported": True, "outcome": outcome, "hours": hours, **_lineage(gp_list(code), row),
    }  # fmt: skip


def _plan(row, year, code, name, level, start, end, seats, budget=100000.0) -> dict:
    return {
        "year": year, "project_code": code, "project_name": name, "level": level,
        "mode": "in_person", "provider": "师范大学", "start_date": start, "end_date": end,
        "hours": 40.0, "practice_hours": 0.0, "planned_seats": seats, "target_stage": None,
        "rural_only": False, "budget_yuan": budget, **_lineage(PLAN, row),
    }  # fmt: skip


def _funding(row, source_file, county, school, budget, spend) -> dict:
    return {
        "year": 2023, "school_code": school, "school_name": f"学校{school[-1]}", "county": county,
        "public_funds_budget_yuan": budget, "payroll_yuan": budget * 4,
        "training_spend_yuan": spend, "spend_travel_yuan": spend, "spend_meals_yuan": 0.0,
        "spend_materials_yuan": 0.0, "spend_accommodation_yuan": 0.0, "spend_fees_yuan": 0.0,
        "unit_declared": "yuan", **_lineage(source_file, row),
    }  # fmt: skip


D = date
TABLES: dict[str, list[dict]] = {
    "roster": [
        {
            "id_number": t,
            "name": NAMES[t],
            "gender": "female",
            "birth_date": None,
            "stage": "primary",
            "subject": "语文",
            "title": "一级教师",
            "phone": None,
            "school_code": S1 if SCHOOL[t] == S1_NAME else S2,
            "school_name": SCHOOL[t],
            "county": "城关区",
            "school_area": "urban" if SCHOOL[t] == S1_NAME else "rural",
            **_lineage(ROSTER, i + 3),
        }
        for i, t in enumerate((TA, TB, TC, TD, TE, TF, TG, TH))
    ],  # fmt: skip
    "provincial_records": [
        _provincial(3, TA, "GPM", "国培乡村骨干", "national", D(2022, 9, 1), D(2022, 12, 20), 40.0),
        _provincial(4, TB, "GPM", "国培乡村骨干", "national", D(2023, 3, 1), D(2023, 6, 30), 40.0),
        _provincial(5, TD, "GPX", "国培示范", "national", D(2022, 5, 10), D(2022, 5, 20), 40.0),
        _provincial(
            6, TE, "GPX", "国培示范", "national", D(2022, 5, 10), D(2022, 5, 20), 40.0, "failed"
        ),
        _provincial(
            7, TF, "GPW", "国培送教", "national", D(2021, 6, 1), D(2021, 6, 30), 40.0, "failed"
        ),
        _provincial(8, TH, None, "乡村教师培训", "national", D(2023, 9, 1), D(2023, 9, 5), 20.0),
        # the same two records of TG in two exports: LA (older load, smaller file name), LB (newer)
        _provincial(
            3,
            TG,
            "CTY2023",
            "县级学科培训",
            "county",
            D(2023, 3, 10),
            D(2023, 3, 12),
            20.0,
            source_file=PROV_OLD,
            load_id="LA",
        ),
        _provincial(
            4,
            TG,
            None,
            "师德专题",
            "county",
            D(2023, 3, 1),
            D(2023, 3, 1),
            8.0,
            source_file=PROV_OLD,
            load_id="LA",
        ),
        _provincial(
            3,
            TG,
            "CTY2023",
            "县级学科培训",
            "county",
            D(2023, 3, 10),
            D(2023, 3, 12),
            24.0,
            source_file=PROV_NEW,
            load_id="LB",
        ),
        _provincial(
            4,
            TG,
            None,
            "师德专题",
            "county",
            D(2023, 3, 1),
            D(2023, 3, 1),
            6.0,
            source_file=PROV_NEW,
            load_id="LB",
        ),
    ],
    "guopei_trainees": [
        _listed("GPM", 3, TB, hours=40.0),
        _listed("GPM", 4, TC),
        _listed("GPX", 3, TE, "passed"),
        _listed("GPY", 3, TD),
        _listed("GPY", 4, TE),
        _listed("GPZ", 3, TF),
        _listed("GPC", 3, TH),
    ],
    "platform_records": [
        {
            "id_mask": TH[:4] + "*" * 10 + TH[-4:],
            "name": NAMES[TH],
            "school_name": S1_NAME,
            "course_name": "乡村教师培训",
            "project_code": None,
            "hours": 12.0,
            "outcome": "passed",
            "learned_on": D(2023, 9, 15),
            **_lineage(PLATFORM, 2),
        },
    ],  # fmt: skip
    "training_plan": [
        _plan(3, 2022, "GPM", "国培乡村骨干", "national", D(2022, 9, 1), D(2022, 12, 20), 2),
        _plan(3, 2023, "GPM", "国培乡村骨干", "national", D(2023, 3, 1), D(2023, 6, 30), 1),
        _plan(4, 2022, "GPX", "国培示范", "national", D(2022, 5, 10), D(2022, 5, 20), 10),
        _plan(4, 2023, "GPY", "国培能力提升", "national", D(2023, 4, 1), D(2023, 4, 10), 10),
        _plan(5, 2021, "GPW", "国培送教", "national", D(2021, 6, 1), D(2021, 6, 30), 10),
        _plan(5, 2024, "GPZ", "国培工作坊", "national", D(2024, 6, 15), D(2024, 6, 25), 10),
        _plan(6, 2023, "GPC", "乡村教师培训", "national", D(2023, 9, 5), D(2023, 9, 20), 10),
        _plan(
            7, 2023, "CTY2023", "县级学科培训", "county", D(2023, 3, 10), D(2023, 3, 12), 30, 5000.0
        ),
    ],
    "seat_allocation": [
        {
            "year": 2022,
            "project_code": "GPM",
            "school_code": S1,
            "school_name": S1_NAME,
            "allocated_seats": 2,
            **_lineage(SEATS, 3),
        },
        {
            "year": 2023,
            "project_code": "GPM",
            "school_code": S1,
            "school_name": S1_NAME,
            "allocated_seats": 1,
            **_lineage(SEATS, 4),
        },
        {
            "year": 2023,
            "project_code": "CTY2023",
            "school_code": S1,
            "school_name": S1_NAME,
            "allocated_seats": 5,
            **_lineage(SEATS, 5),
        },
    ],  # fmt: skip
    "school_funding": [
        _funding(3, FUND_A, "城关区", S1, 100000.0, 5000.0),
        _funding(4, FUND_A, "城关区", S2, 120000.0, 6000.0),
        # 万元 amounts under a 元 header: 100,000 x 10,000 (FUNDING_UNIT_SUSPECT)
        _funding(5, FUND_A, "城关区", S3, 1000000000.0, 50000000.0),
        _funding(3, FUND_B, "河湾县", S4, 100000.0, 4000.0),
    ],
    "load_manifest": [
        {
            "load_id": load_id,
            "source_file": f,
            "content_hash": load_id,
            "profile": "provincial_export",
            "logical_key": f,
            "rows_read": 2,
            "rows_loaded": 2,
            "rows_quarantined": 0,
            "rows_skipped": 0,
            "status": "loaded",
            "message": None,
            "loaded_at": loaded_at,
        }
        for load_id, f, loaded_at in [
            ("LA", PROV_OLD, datetime(2024, 1, 1)),
            ("LB", PROV_NEW, datetime(2024, 2, 1)),
        ]
    ],  # fmt: skip
}

MODELS = (
    "+mart_project_year_participation +mart_school_year_participation +mart_county_year_funding "
    "+int_training_records +int_guopei_enrolments +dq_gp_over_cycle_limit +dq_gp_banned_reenrolled "
    "+dq_project_over_quota +dq_school_over_allocation +dq_county_under_1_5pct "
    "+dq_funding_unit_suspect +dq_dup_sources_disagree"
)


def guopei_changed_policy() -> dict:
    policy = copy.deepcopy(load_default_policy())
    policy["guopei"]["max_enrolments_per_cycle"] = 2
    policy["guopei"]["ban_years"] = 1
    policy.setdefault("projects", {})["undated_record_plan_year"] = "latest"
    return policy


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    create_raw_schema(con)
    for table, rows in TABLES.items():
        columns = list(rows[0])
        con.executemany(
            f"insert into raw.{table} ({', '.join(columns)}) "
            f"values ({', '.join('?' for _ in columns)})",
            [[row[c] for c in columns] for row in rows],
        )
    if fill_k_teacher is not None:
        fill_k_teacher(con)


def _build(tmp_path_factory, name: str, policy: dict) -> Warehouse:
    work_dir = tmp_path_factory.mktemp(name)
    warehouse = work_dir / "training.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        _fill(con)
    command = ["build", "--select", MODELS, "--exclude", "test_type:singular",
               "--exclude-resource-type", "unit_test"]  # fmt: skip
    result = run_dbt(command, warehouse, work_dir, policy)
    failures = [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in (result.result or [])
        if str(r.status) not in ("success", "pass")
    ]
    assert result.success and not failures, f"dbt build failed: {result.exception} {failures}"
    return Warehouse(warehouse, result)


@pytest.fixture(scope="module")
def edges(tmp_path_factory) -> Warehouse:
    return _build(tmp_path_factory, "project_edges_default", load_default_policy())


@pytest.fixture(scope="module")
def edges_changed(tmp_path_factory) -> Warehouse:
    return _build(tmp_path_factory, "project_edges_guopei_changed", guopei_changed_policy())


def findings(wh: Warehouse, rule_id: str) -> set[tuple]:
    model = {
        "GP_OVER_CYCLE_LIMIT": "dq_gp_over_cycle_limit",
        "GP_BANNED_REENROLLED": "dq_gp_banned_reenrolled",
        "PROJECT_OVER_QUOTA": "dq_project_over_quota",
        "SCHOOL_OVER_ALLOCATION": "dq_school_over_allocation",
        "COUNTY_UNDER_1_5PCT": "dq_county_under_1_5pct",
        "FUNDING_UNIT_SUSPECT": "dq_funding_unit_suspect",
        "DUP_SOURCES_DISAGREE": "dq_dup_sources_disagree",
    }[rule_id]
    return set(
        wh.rows(f"select k_teacher, project_code, year, source_file, source_row from main.{model}")
    )


# --- item 3: a project code in two years' plans ------------------------------------------------
def test_multi_year_project_counts_each_enrolment_in_the_plan_year_its_dates_fall_in(edges):
    # before: enrolments joined on the code alone -> 3 enrolled in both years, both over quota
    rows = edges.rows(
        "select year, planned_seats, allocated_seats, enrolled, attended, passed, send_rate, "
        "over_quota from main.mart_project_year_participation where project_code = 'GPM' order by year"
    )
    assert rows == [(2022, 2, 2, 2, 2, 2, 1.0, False), (2023, 1, 1, 1, 1, 1, 1.0, False)]
    assert findings(edges, "PROJECT_OVER_QUOTA") == set()
    assert findings(edges, "SCHOOL_OVER_ALLOCATION") == set()


def test_multi_year_project_enrolments_take_their_own_plan_year_and_dates(edges):
    k = edges.k
    rows = edges.rows(
        "select k_teacher, plan_year, source, on_both_sources, start_date, end_date "
        "from main.int_project_enrolments where project_code = 'GPM'"
    )
    assert set(rows) == {
        (k(TA), 2022, "provincial", False, D(2022, 9, 1), D(2022, 12, 20)),
        # the list row of TB joins its provincial record's plan year (2023), one enrolment
        (k(TB), 2023, "provincial", True, D(2023, 3, 1), D(2023, 6, 30)),
        # list only, no dates: the earliest plan year of the code (policy default), its dates
        (k(TC), 2022, "guopei", False, D(2022, 9, 1), D(2022, 12, 20)),
    }
    # before: the list row took the latest plan year's dates (2023-03-01)
    assert edges.rows(
        "select plan_year, start_date, end_date, record_year from main.int_training_records "
        "where k_teacher = ? and project_code = 'GPM'",
        [k(TC)],
    ) == [(2022, D(2022, 9, 1), D(2022, 12, 20), 2022)]


def test_school_participation_fills_each_years_seats_with_that_years_cohort(edges):
    rows = edges.rows(
        "select year, allocated_seats, seats_filled, enrolments from main.mart_school_year_participation "
        "where school_code = ? and year in (2022, 2023) order by year",
        [S1],
    )
    # 2022: GPM TA + TC (2 seats); 2023: GPM TB (1 seat) + CTY2023 TG (5 seats);
    # enrolments 2023: GPM TB, CTY2023 TG, GPC TH
    assert rows == [(2022, 2, 2, 2), (2023, 6, 2, 3)]


def test_undated_list_rows_follow_the_policy_choice_of_plan_year(edges_changed):
    # latest: TC joins the 2023 cohort, which then has 2 enrolled for 1 seat
    rows = edges_changed.rows(
        "select year, enrolled, over_quota from main.mart_project_year_participation "
        "where project_code = 'GPM' order by year"
    )
    assert rows == [(2022, 1, False), (2023, 2, True)]
    assert findings(edges_changed, "PROJECT_OVER_QUOTA") == {(None, "GPM", 2023, PLAN, 3)}


# --- items 4 and 5: 国培 in the provincial export, the ban from the end --------------------------
def test_guopei_enrolments_include_the_provincial_export_and_count_once(edges):
    k = edges.k
    rows = edges.rows(
        "select k_teacher, project_code, plan_year, source, on_both_sources, reported, outcome, "
        "end_date, cycle_start_year from main.int_guopei_enrolments "
        "where project_code in ('GPX', 'GPW')"
    )
    assert set(rows) == {
        (k(TD), "GPX", 2022, "provincial", False, True, "passed", D(2022, 5, 20), 2021),
        # on both: one enrolment, the provincial export's outcome wins (the list says passed)
        (k(TE), "GPX", 2022, "provincial", True, True, "failed", D(2022, 5, 20), 2021),
        (k(TF), "GPW", 2021, "provincial", False, True, "failed", D(2021, 6, 30), 2021),
    }
    # the enrolment's row (where its findings point) is the winning source's: the export record
    rows = edges.rows(
        "select k_teacher, source_file, source_row from main.int_guopei_enrolments "
        "where project_code = 'GPX'"
    )
    assert set(rows) == {(k(TD), PROV, 5), (k(TE), PROV, 6)}


def test_guopei_limit_counts_provincial_only_guopei_default_policy(edges):
    k = edges.k
    # before: TD's GPX (provincial only) was ignored -> no finding for TD; TF's GPW too
    assert findings(edges, "GP_OVER_CYCLE_LIMIT") == {
        (k(TD), "GPY", 2023, gp_list("GPY"), 3),
        (k(TE), "GPY", 2023, gp_list("GPY"), 4),
        (k(TF), "GPZ", 2024, gp_list("GPZ"), 3),
    }


def test_ban_uses_the_winning_outcome_and_runs_from_the_end_default_policy(edges):
    k = edges.k
    # TE: the list says passed, the provincial export (winner) failed -> banned until 2025-05-20.
    # TF: GPW ended 2021-06-30 -> banned until 2024-06-30; GPZ starts 2024-06-15 (counted from
    # the start, 2021-06-01 + 3 years, the ban would have ended 2024-06-01).
    assert findings(edges, "GP_BANNED_REENROLLED") == {
        (k(TE), "GPY", 2023, gp_list("GPY"), 4),
        (k(TF), "GPZ", 2024, gp_list("GPZ"), 3),
    }
    assert findings(edges, "DUP_SOURCES_DISAGREE") == {(k(TE), "GPX", 2022, gp_list("GPX"), 3)}


def test_guopei_rules_follow_changed_limits(edges_changed):
    k = edges_changed.k
    # limit 2: nobody has three 国培 in the cycle
    assert findings(edges_changed, "GP_OVER_CYCLE_LIMIT") == set()
    # ban 1 year from the end: TE until 2023-05-20 (GPY 2023-04-01 banned); TF until 2022-06-30
    assert findings(edges_changed, "GP_BANNED_REENROLLED") == {
        (k(TE), "GPY", 2023, gp_list("GPY"), 4)
    }


# --- item 7: one county share, suspect units marked ----------------------------------------------
def test_suspect_funding_row_is_marked_and_has_no_shares(edges):
    rows = edges.rows(
        "select school_code, training_spend_yuan, unit_suspect, training_share, required_spend_yuan, "
        "shortfall_yuan, meets_share, training_share_of_payroll from main.mart_school_year_funding "
        "where county = '城关区' order by school_code"
    )
    assert rows == [
        (S1, Decimal("5000.00"), False, 0.05, Decimal("5000.00"), Decimal("0.00"), True, 0.0125),
        (S2, Decimal("6000.00"), False, 0.05, Decimal("6000.00"), Decimal("0.00"), True, 0.0125),
        (S3, Decimal("50000000.00"), True, None, None, None, None, None),
    ]
    assert findings(edges, "FUNDING_UNIT_SUSPECT") == {(None, None, 2023, FUND_A, 5)}


def test_county_share_has_one_definition_in_the_mart_and_the_finding(edges):
    rows = edges.rows(
        "select county, schools_with_funding, schools_unit_suspect, schools_meeting_share, "
        "schools_meeting_share_rate, payroll_yuan, schools_training_spend_yuan, plan_budget_yuan, "
        "training_budget_yuan, required_budget_yuan, payroll_shortfall_yuan, meets_payroll_share "
        "from main.mart_county_year_funding where year = 2023 order by county"
    )
    assert rows == [
        # 880,000 payroll without S3; 11,000 spend + CTY2023's 5,000 = 16,000 >= 13,200
        ("城关区", 3, 1, 2, 1.0, Decimal("880000.00"), Decimal("11000.00"), Decimal("5000.00"),
         Decimal("16000.00"), Decimal("13200.00"), Decimal("0.00"), True),
        ("河湾县", 1, 0, 0, 0.0, Decimal("400000.00"), Decimal("4000.00"), Decimal("0.00"),
         Decimal("4000.00"), Decimal("6000.00"), Decimal("2000.00"), False),
    ]  # fmt: skip
    share = edges.rows(
        "select training_budget_share_of_payroll from main.mart_county_year_funding "
        "where county = '城关区' and year = 2023"
    )[0][0]
    assert share == pytest.approx(16000 / 880000)
    # before: the rule summed the sheet's schools only (S3's 万元 included, no plan budget) and
    # flagged 城关区; now exactly the county-years whose meets_payroll_share is false
    assert findings(edges, "COUNTY_UNDER_1_5PCT") == {(None, None, 2023, FUND_B, 4)}


# --- item 10: newest load wins within a source; no chains across sources -------------------------
def test_within_one_source_the_newest_load_wins(edges):
    rows = edges.rows(
        "select title, hours, source_file, n_source_rows from main.int_training_records "
        "where k_teacher = ? order by title",
        [edges.k(TG)],
    )
    # before: CTY2023 from the smaller file name (20 h) and both copies of 师德专题 (8 + 6 h)
    assert rows == [("县级学科培训", 24.0, PROV_NEW, 2), ("师德专题", 6.0, PROV_NEW, 2)]


def test_title_matches_do_not_chain_and_the_training_counts_once(edges):
    rows = edges.rows(
        "select source, hours, confirmed_by_sources, n_source_rows from main.int_training_records "
        "where k_teacher = ?",
        [edges.k(TH)],
    )
    # before: the list row lost to the provincial row but survived as the platform row's winner:
    # two records, 20 h + 30 h
    assert rows == [("provincial", 20.0, "provincial,guopei,platform", 3)]
