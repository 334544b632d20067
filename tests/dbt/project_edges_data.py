"""The hand-written raw rows of test_project_edges.py: projects, 国培, funding and dedup at the edges.

A hand-written fixture, built twice: under config/policy.yml (国培 limit 1 per cycle, ban 3
years, undated list rows to the earliest plan year) and under GUOPEI_CHANGED (limit 2, ban 1
year, undated list rows to the latest plan year). Each situation is one a naive reading gets
wrong (the wrong figure is said at each test).

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

from conftest import load_default_policy

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
