"""A tiny hand-written warehouse for the dbt tests (raw tables of the data contract).

Six teachers at two schools, plus one on a superseded roster load:

  T1  S1  provincial GP2022-01 excellent 60 h (certified) + the same project on the 国培 list with
          50 h passed (DUP_SOURCES_DISAGREE) + a platform row (masked ID) 12 h online + a platform
          row with the project's title inside its dates (deduplicated into the provincial record)
          + one sign-in session present (3 h) + a 2026 record (next cycle)
  T2  S1  GP2022-01 no-show, then GP2023-01 reported and passed 40 h (GP_BANNED_REENROLLED),
          a failed county course, a county workshop still pending review
  T3  S2  GP2022-01 and GP2023-01 both reported (GP_OVER_CYCLE_LIMIT on GP2023-01), a passed
          provincial course with blank hours (MISSING_HOURS), a record on 2025-12-31 (last day
          of the cycle, review approved)
  T4  S1 roster (load L1) and S2 roster (load L2, loaded later -> S2 wins); no training at all
  T5, T6  S1, same name 王芳 and the same first-4/last-4 ID digits: the platform row masked as
          6101**********0114 is ambiguous. T5 has one sign-in session present in 2023.
  T7  only on a roster load the manifest marks superseded: must not appear anywhere.

GP2023-01 has 1 planned seat and 2 enrolled teachers (PROJECT_OVER_QUOTA). S2 spends 3 % of its
public funds in 2023 (SCHOOL_UNDER_5PCT; its sheet was in 万元, raw already holds 元). S1 spends
exactly 5 % in 2022 (not a finding: the rule is strictly below).
"""

from __future__ import annotations

from datetime import date, datetime

T1 = "610102198001010015"
T2 = "610102198502020027"
T3 = "61020119900303003X"
T4 = "610102199204040040"
T5 = "610102199306060114"
T6 = "610103199101190114"
T7 = "610201198707070078"

S1, S1_NAME = "3101000001", "城关第一小学"
S2, S2_NAME = "3101000002", "河湾镇中学"

ROSTER_S1 = "schools/3101000001/教师花名册.xlsx"
ROSTER_S2 = "schools/3101000002/教师花名册.xlsx"
ROSTER_S2_OLD = "schools/3101000002/教师花名册_旧.xlsx"
PROVINCIAL_2022 = "provincial/省平台学时导出_2022.xlsx"
PROVINCIAL_2023 = "provincial/省平台学时导出_2023.xlsx"
PLATFORM_2023 = "platform/网络研修学习记录_2023.csv"
GUOPEI_2022 = "guopei/国培_GP2022-01_学员名单.xlsx"
GUOPEI_2023 = "guopei/国培_GP2023-01_学员名单.xlsx"
SIGNIN_S1_2023 = "schools/3101000001/校本研修签到_2023.xlsx"
FUNDING_A_2022 = "funding/城关区_2022年学校培训经费.xlsx"
FUNDING_A_2023 = "funding/城关区_2023年学校培训经费.xlsx"
FUNDING_B_2023 = "funding/河湾县_2023年学校培训经费.xlsx"
PLAN_2022 = "plan/2022年度培训计划.xlsx"
PLAN_2023 = "plan/2023年度培训计划.xlsx"
SEATS_2022 = "plan/2022年名额分配.xlsx"
SEATS_2023 = "plan/2023年名额分配.xlsx"


def rows(columns: str, *values: tuple, **constant) -> list[dict]:
    """Dicts from a header string and value tuples; `constant` columns are added to every row.
    The last two values of each tuple are always source_file and source_row."""
    names = [c.strip() for c in columns.split(",")] + ["source_file", "source_row"]
    out = []
    for value in values:
        row = dict(zip(names, value, strict=True))
        out.append({"source_sheet": "Sheet1", "load_id": "L1", **constant, **row})
    return out


# fmt: off
ROSTER = [
    {**r, "gender": "female", "birth_date": None, "stage": "primary", "subject": "语文",
     "title": "一级教师", "phone": "13800000000"}
    for r in rows(
        "id_number, name, school_code, school_name, county, school_area, load_id",
        (T1, "张伟", S1, S1_NAME, "城关区", "urban", "L1", ROSTER_S1, 3),
        (T2, "李娜", S1, S1_NAME, "城关区", "urban", "L1", ROSTER_S1, 4),
        (T4, "赵强", S1, S1_NAME, "城关区", "urban", "L1", ROSTER_S1, 5),
        (T5, "王芳", S1, S1_NAME, "城关区", "urban", "L1", ROSTER_S1, 6),
        (T6, "王芳", S1, S1_NAME, "城关区", "urban", "L1", ROSTER_S1, 7),
        (T3, "陈静", S2, S2_NAME, "河湾县", "rural", "L2", ROSTER_S2, 3),
        (T4, "赵强", S2, S2_NAME, "河湾县", "rural", "L2", ROSTER_S2, 4),
        (T7, "孙丽", S2, S2_NAME, "河湾县", "rural", "L0", ROSTER_S2_OLD, 3),
    )
]

PROVINCIAL_RECORDS = rows(
    "id_number, name, school_name, project_code, project_name, level, mode, start_date, end_date, "
    "hours, practice_hours, outcome, review_status",
    (T1, "张伟", S1_NAME, "GP2022-01", "国培计划示范项目", "national", "in_person", date(2022, 7, 1), date(2022, 7, 10), 60.0, 10.0, "excellent", "certified", PROVINCIAL_2022, 4),
    (T2, "李娜", S1_NAME, "CTY2022-02", "县级工作坊研修", "county", "workshop", date(2022, 9, 1), date(2022, 9, 2), 30.0, 0.0, "passed", "pending", PROVINCIAL_2022, 5),
    (T2, "李娜", S1_NAME, "CTY2023-01", "县级学科培训", "county", "in_person", date(2023, 5, 1), date(2023, 5, 3), 24.0, 0.0, "failed", "certified", PROVINCIAL_2023, 4),
    (T3, "陈静", S2_NAME, "PRV2023-01", "省级网络研修", "provincial", "online", date(2023, 10, 1), date(2023, 10, 31), None, None, "passed", "certified", PROVINCIAL_2023, 5),
    (T3, "陈静", S2_NAME, None, "周期末培训", "county", "in_person", date(2025, 12, 30), date(2025, 12, 31), 10.0, 0.0, "passed", "approved", PROVINCIAL_2023, 6),
    (T1, "张伟", S1_NAME, None, "新周期培训", "county", "in_person", date(2026, 1, 5), date(2026, 1, 6), 12.0, 0.0, "passed", "certified", PROVINCIAL_2023, 7),
    county=None, stage="primary", subject="语文",
)

PLATFORM_RECORDS = rows(
    "id_mask, name, school_name, course_name, project_code, hours, outcome, learned_on",
    ("6101**********0015", "张伟", S1_NAME, "师德修养", None, 12.0, "passed", date(2023, 5, 1), PLATFORM_2023, 2),
    ("6101**********0015", "张伟", S1_NAME, "国培计划示范项目", None, 30.0, "passed", date(2022, 7, 5), PLATFORM_2023, 3),
    ("6101**********0114", "王芳", S1_NAME, "信息技术应用", None, 10.0, "passed", date(2023, 6, 1), PLATFORM_2023, 4),
    ("6101**********9999", "李雷", S1_NAME, "信息技术应用", None, 8.0, "passed", date(2023, 6, 1), PLATFORM_2023, 5),
    source_sheet="",
)

GUOPEI_TRAINEES = rows(
    "project_code, id_number, name, school_name, reported, outcome, hours",
    ("GP2022-01", T1, "张伟", S1_NAME, True, "passed", 50.0, GUOPEI_2022, 3),
    # not reported (报到=否): providers leave 结业情况 blank; it is a no-show all the same
    ("GP2022-01", T2, "李娜", S1_NAME, False, None, None, GUOPEI_2022, 4),
    ("GP2022-01", T3, "陈静", S2_NAME, True, "passed", 60.0, GUOPEI_2022, 5),
    ("GP2023-01", T2, "李娜", S1_NAME, True, "passed", 40.0, GUOPEI_2023, 3),
    ("GP2023-01", T3, "陈静", S2_NAME, True, "passed", 40.0, GUOPEI_2023, 4),
    county=None, stage="primary", subject="语文",
)

SIGNIN_ATTENDANCE = rows(
    "id_number, name, session_date, session_title, session_hours, mark",
    (T1, "张伟", date(2023, 3, 10), "校本教研一", 3.0, "present", SIGNIN_S1_2023, 4),
    (T1, "张伟", date(2023, 4, 10), "校本教研二", 3.0, "absent", SIGNIN_S1_2023, 4),
    (T5, "王芳", date(2023, 3, 10), "校本教研一", 3.0, "present", SIGNIN_S1_2023, 5),
    (T5, "王芳", date(2023, 4, 10), "校本教研二", 3.0, "leave", SIGNIN_S1_2023, 5),
    (T6, "王芳", date(2023, 3, 10), "校本教研一", 3.0, "blank", SIGNIN_S1_2023, 6),
    (T6, "王芳", date(2023, 4, 10), "校本教研二", 3.0, "blank", SIGNIN_S1_2023, 6),
    school_code=S1, year=2023,
)

SCHOOL_FUNDING = [
    {**r, "payroll_yuan": r["public_funds_budget_yuan"] * 4,
     "spend_travel_yuan": r["training_spend_yuan"] / 2, "spend_meals_yuan": r["training_spend_yuan"] / 2,
     "spend_materials_yuan": 0.0, "spend_accommodation_yuan": 0.0, "spend_fees_yuan": 0.0}
    for r in rows(
        "year, school_code, school_name, county, public_funds_budget_yuan, training_spend_yuan, unit_declared",
        (2022, S1, S1_NAME, "城关区", 100000.0, 5000.0, "yuan", FUNDING_A_2022, 3),
        (2023, S1, S1_NAME, "城关区", 200000.0, 12000.0, "yuan", FUNDING_A_2023, 3),
        # the sheet said 公用经费预算总额(万元) = 100 and 培训经费支出合计(万元) = 3; ingest wrote 元
        (2023, S2, S2_NAME, "河湾县", 1000000.0, 30000.0, "wan_yuan", FUNDING_B_2023, 3),
    )
]

TRAINING_PLAN = rows(
    "year, project_code, project_name, level, mode, start_date, end_date, hours, practice_hours, planned_seats",
    (2022, "GP2022-01", "国培计划示范项目", "national", "in_person", date(2022, 7, 1), date(2022, 7, 10), 60.0, 10.0, 5, PLAN_2022, 3),
    (2022, "CTY2022-02", "县级工作坊研修", "county", "workshop", date(2022, 9, 1), date(2022, 9, 2), 30.0, 0.0, 20, PLAN_2022, 4),
    (2023, "GP2023-01", "国培乡村教师能力提升", "national", "in_person", date(2023, 8, 1), date(2023, 8, 10), 40.0, 8.0, 1, PLAN_2023, 3),
    (2023, "CTY2023-01", "县级学科培训", "county", "in_person", date(2023, 5, 1), date(2023, 5, 3), 24.0, 0.0, 30, PLAN_2023, 4),
    (2023, "PRV2023-01", "省级网络研修", "provincial", "online", date(2023, 10, 1), date(2023, 10, 31), 20.0, 0.0, 100, PLAN_2023, 5),
    provider="师范大学", target_stage="primary", rural_only=False, budget_yuan=100000.0,
)

SEAT_ALLOCATION = rows(
    "year, project_code, school_code, school_name, allocated_seats",
    (2022, "GP2022-01", S1, S1_NAME, 3, SEATS_2022, 3),
    (2022, "GP2022-01", S2, S2_NAME, 2, SEATS_2022, 4),
    (2023, "GP2023-01", S1, S1_NAME, 1, SEATS_2023, 3),
)

QUARANTINE = rows(
    "profile, target_table, reason_codes, reason_detail",
    ("provincial_export", "provincial_records", "ID_INVALID", "checksum", PROVINCIAL_2023, 9),
    ("guopei_trainees", "guopei_trainees", "DATE_INVALID,ID_EXCEL_DAMAGED", "3.10105E+17", GUOPEI_2023, 6),
    ("provincial_export", "provincial_records", "HOURS_INVALID", "abc", PROVINCIAL_2023, 10),
    ("provincial_export", "provincial_records", "ID_MISSING", "blank", PROVINCIAL_2023, 11),
    raw_values="{}",
)

# frame rows the ingest skipped: each funding sheet's 合计 row sits below its last school
SKIPPED_ROWS = [
    {"load_id": "L1", "source_file": f, "source_sheet": "Sheet1", "source_row": 4, "reason": "total"}
    for f in (FUNDING_A_2022, FUNDING_A_2023, FUNDING_B_2023)
]

LOAD_MANIFEST = [
    {"load_id": load_id, "source_file": source_file, "content_hash": load_id, "profile": "roster",
     "logical_key": source_file, "rows_read": 1, "rows_loaded": 1, "rows_quarantined": 0,
     "rows_skipped": 0, "status": status, "message": None, "loaded_at": loaded_at}
    for load_id, source_file, status, loaded_at in [
        ("L0", ROSTER_S2_OLD, "superseded", datetime(2023, 12, 1)),
        ("L1", ROSTER_S1, "loaded", datetime(2024, 1, 1)),
        ("L2", ROSTER_S2, "loaded", datetime(2024, 2, 1)),
    ]
]
# fmt: on

TABLES: dict[str, list[dict]] = {
    "roster": ROSTER,
    "provincial_records": PROVINCIAL_RECORDS,
    "platform_records": PLATFORM_RECORDS,
    "guopei_trainees": GUOPEI_TRAINEES,
    "signin_attendance": SIGNIN_ATTENDANCE,
    "school_funding": SCHOOL_FUNDING,
    "training_plan": TRAINING_PLAN,
    "seat_allocation": SEAT_ALLOCATION,
    "quarantine": QUARANTINE,
    "skipped_rows": SKIPPED_ROWS,
    "load_manifest": LOAD_MANIFEST,
}
