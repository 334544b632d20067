"""A hand-written raw warehouse (contract section 2 columns) where each rule of tests/dq has one row
that trips it and one that does not. Teachers: TA (S1, urban, primary), TB (S2, rural, primary),
TC (S1, urban, kindergarten) on the rosters; TX on none.

Rows that trip (rule -> source_file, source_row), all in 2023:
  HOURS_NEGATIVE           quarantine row PROV 9 (reason HOURS_NEGATIVE); PROV 10 (DATE_INVALID) not
  SIGNIN_SESSION_NO_HOURS  SIGN_S1 row 3 (TA present at a session without hours); SIGN_S2 not
                           (its session without hours has no present mark)
  PROJECT_NO_HOURS         PLAN 4 (XP2 blank hours); PLAN 3 (XP1, 24 h) not
  HOURS_OVER_PROJECT       PROV 3 (TA 32 h on XP1 planned 24 h, over 4 days); PROV 4 (TB 24 h) not
  HOURS_OVER_DAILY_MAX     PROV 5 (TB 16 h in one day); PROV 4 (24 h over 3 days) not
  UNKNOWN_TEACHER          PROV 6 (TX on XP1), GP2 list row 4 (TX); PROV 3 (TA) not
  PLATFORM_ID_UNRESOLVED   PLATFORM 3 (TA's mask with a misspelt name); PLATFORM 2 not
  GP_ANNUAL_HOURS_MET      GP1 list row 4 (TB: 80 counted hours end before GP1 starts 10-10);
                           GP2 list row 3 (TC, nothing before) not
  SCHOOL_OVER_ALLOCATION   SEATS 3 (S1 sent TA and TC to XP1, 1 seat); SEATS 4 (S2: 1 of 1) not
  GP_INELIGIBLE_TRAINEE    GP1 list row 3 (TA: urban, GP1 is rural-only); GP1 row 4 (TB rural
                           primary) and GP2 row 3 (TC kindergarten in a 幼儿园 project) not
  KPI_PASSED_NOT_ATTENDED  GP2 list row 4 (报到=否 but 合格); GP2 row 3 (reported, passed) not
  COUNTY_UNDER_1_5PCT      FUND_A row 5 (合计: 1% of payroll); FUND_B (3%) not
  FUNDING_UNIT_SUSPECT     FUND_B row 5 (S5 in 万元 under a 元 header); FUND_B rows 3, 4 not
  REPLACEMENT_DROPPED_ROWS GP3_FIX (whole file, row null): its 7 data rows replaced GP3_LIST's 10
                           (30% dropped > 20%); PLAN_FIX not (8 rows replaced 10: 20%, not more)
  SIGNIN_OFF_TIMETABLE     SIGN_S1 row 4 (session on Monday 2023-03-06; its 03-14 is a Tuesday);
                           SIGN_S2 not (Tuesday 03-07 and Thursday 03-16, one only with absent marks)
  AMOUNT_INVALID           quarantine row SURVEY 4 (a satisfaction score of 7); PROV 10 not
"""

from __future__ import annotations

from datetime import date, datetime

TA, TB, TC, TX = "610102198001010015", "610102198502020027", "610102199003030049", "610102199204040067"
S1, S2 = "3101000001", "3101000002"
S3, S4, S5 = "3102000001", "3102000002", "3102000003"

ROSTER_S1 = "schools/3101000001/教师花名册.xlsx"
ROSTER_S2 = "schools/3101000002/教师花名册.xlsx"
PROV = "provincial/省平台学时导出_2023.xlsx"
PLATFORM = "platform/网络研修学习记录_2023.csv"
GP1_LIST = "guopei/国培_GP1_学员名单.xlsx"
GP2_LIST = "guopei/国培_GP2_学员名单.xlsx"
SIGN_S1 = "schools/3101000001/校本研修签到_2023.xlsx"
SIGN_S2 = "schools/3101000002/校本研修签到_2023.xlsx"
FUND_A = "funding/甲县_2023年学校培训经费.xlsx"
FUND_B = "funding/乙县_2023年学校培训经费.xlsx"
PLAN = "plan/2023年度培训计划.xlsx"
GP3_LIST = "guopei/国培_GP3_学员名单.xlsx"
GP3_FIX = "guopei/国培_GP3_学员名单(更正).xlsx"
PLAN_OLD = "plan/2022年度培训计划.xlsx"
PLAN_FIX = "plan/2022年度培训计划(修订).xlsx"
SEATS = "plan/2023年名额分配.xlsx"
SURVEY = "survey/满意度调查_GP1_2023.csv"

TRIPS = {
    "HOURS_NEGATIVE": (PROV, 9),
    "SIGNIN_SESSION_NO_HOURS": (SIGN_S1, 3),
    "PROJECT_NO_HOURS": (PLAN, 4),
    "HOURS_OVER_PROJECT": (PROV, 3),
    "HOURS_OVER_DAILY_MAX": (PROV, 5),
    "UNKNOWN_TEACHER": (PROV, 6),
    "PLATFORM_ID_UNRESOLVED": (PLATFORM, 3),
    "GP_ANNUAL_HOURS_MET": (GP1_LIST, 4),
    "SCHOOL_OVER_ALLOCATION": (SEATS, 3),
    "GP_INELIGIBLE_TRAINEE": (GP1_LIST, 3),
    "KPI_PASSED_NOT_ATTENDED": (GP2_LIST, 4),
    "COUNTY_UNDER_1_5PCT": (FUND_A, 5),
    "FUNDING_UNIT_SUSPECT": (FUND_B, 5),
    "REPLACEMENT_DROPPED_ROWS": (GP3_FIX, None),
    "SIGNIN_OFF_TIMETABLE": (SIGN_S1, 4),
    "AMOUNT_INVALID": (SURVEY, 4),
}
NOT_TRIPS = {
    "HOURS_NEGATIVE": [(PROV, 10)],
    "AMOUNT_INVALID": [(PROV, 10), (PROV, 9)],
    "SIGNIN_SESSION_NO_HOURS": [(SIGN_S2, 3)],
    "PROJECT_NO_HOURS": [(PLAN, 3)],
    "HOURS_OVER_PROJECT": [(PROV, 4)],
    "HOURS_OVER_DAILY_MAX": [(PROV, 4), (PROV, 3)],
    "UNKNOWN_TEACHER": [(PROV, 3), (PROV, 4)],
    "PLATFORM_ID_UNRESOLVED": [(PLATFORM, 2)],
    "GP_ANNUAL_HOURS_MET": [(GP2_LIST, 3)],
    "SCHOOL_OVER_ALLOCATION": [(SEATS, 4)],
    "GP_INELIGIBLE_TRAINEE": [(GP1_LIST, 4), (GP2_LIST, 3)],
    "KPI_PASSED_NOT_ATTENDED": [(GP2_LIST, 3)],
    "COUNTY_UNDER_1_5PCT": [(FUND_B, 6)],
    "FUNDING_UNIT_SUSPECT": [(FUND_B, 3), (FUND_B, 4), (FUND_A, 3)],
    "REPLACEMENT_DROPPED_ROWS": [(PLAN_FIX, None), (GP3_LIST, None), (PLAN_OLD, None)],
    "SIGNIN_OFF_TIMETABLE": [(SIGN_S2, 4)],
}


def _rows(names: str, *values, **constant) -> list[dict]:
    cols = [c.strip() for c in names.split(",")] + ["source_file", "source_row"]
    return [{"source_sheet": "Sheet1", "load_id": "L1", **constant, **dict(zip(cols, v, strict=True))}
            for v in values]


def _d(month: int, day: int) -> date:
    return date(2023, month, day)


ROSTER = _rows(
    "id_number, name, stage, school_code, school_name, county, school_area",
    (TA, "张伟", "primary", S1, "城关小学", "甲县", "urban", ROSTER_S1, 3),
    (TC, "王芳", "kindergarten", S1, "城关小学", "甲县", "urban", ROSTER_S1, 4),
    (TB, "李娜", "primary", S2, "河湾小学", "甲县", "rural", ROSTER_S2, 3),
)

PROVINCIAL = _rows(
    "id_number, project_code, level, mode, start_date, end_date, hours, outcome, review_status",
    (TA, "XP1", "county", "in_person", _d(5, 1), _d(5, 4), 32.0, "passed", "certified", PROV, 3),
    (TB, "XP1", "county", "in_person", _d(5, 1), _d(5, 3), 24.0, "passed", "certified", PROV, 4),
    (TB, "XP3", "county", "in_person", _d(7, 1), _d(7, 1), 16.0, "passed", "certified", PROV, 5),
    (TX, "XP1", "county", "in_person", _d(5, 1), _d(5, 3), 24.0, "passed", "certified", PROV, 6),
    (TB, "XP4", "county", "in_person", _d(8, 1), _d(8, 5), 40.0, "passed", "certified", PROV, 7),
    (TC, "XP1", "county", "in_person", _d(5, 1), _d(5, 3), 24.0, "passed", "certified", PROV, 8),
)

PLATFORM_ROWS = _rows(
    "id_mask, name, school_name, course_name, project_code, hours, outcome, learned_on",
    (TA[:4] + "*" * 10 + TA[-4:], "张伟", "城关小学", "课程一", "WL1", 3.0, "passed", _d(11, 2), PLATFORM, 2),
    (TA[:4] + "*" * 10 + TA[-4:], "张某伟", "城关小学", "课程二", "WL1", 3.0, "passed", _d(11, 3), PLATFORM, 3),
)

GUOPEI = _rows(
    "project_code, id_number, reported, outcome, hours",
    ("GP1", TA, True, "passed", 40.0, GP1_LIST, 3),
    ("GP1", TB, True, "passed", 40.0, GP1_LIST, 4),
    ("GP2", TC, True, "passed", 40.0, GP2_LIST, 3),
    ("GP2", TX, False, "passed", 40.0, GP2_LIST, 4),
)

SIGNIN = _rows(
    "school_code, year, id_number, session_date, session_title, session_hours, mark",
    (S1, 2023, TA, _d(3, 6), "教研活动一", None, "present", SIGN_S1, 4),
    (S1, 2023, TA, _d(3, 14), "教研活动二", 3.0, "present", SIGN_S1, 4),
    (S2, 2023, TB, _d(3, 7), "教研活动一", 2.0, "present", SIGN_S2, 4),
    (S2, 2023, TB, _d(3, 16), "教研活动二", None, "absent", SIGN_S2, 4),
)

FUNDING = _rows(
    "year, school_code, county, public_funds_budget_yuan, payroll_yuan, training_spend_yuan, unit_declared",
    (2023, S1, "甲县", 100_000.0, 1_000_000.0, 10_000.0, "yuan", FUND_A, 3),
    (2023, S2, "甲县", 100_000.0, 1_000_000.0, 10_000.0, "yuan", FUND_A, 4),
    (2023, S3, "乙县", 1_000_000.0, 2_000_000.0, 60_000.0, "yuan", FUND_B, 3),
    (2023, S4, "乙县", 1_200_000.0, 2_400_000.0, 72_000.0, "yuan", FUND_B, 4),
    (2023, S5, "乙县", 100.0, 500.0, 8.0, "yuan", FUND_B, 5),
)

PLAN_ROWS = _rows(
    "year, project_code, level, mode, start_date, end_date, hours, planned_seats, target_stage, rural_only",
    (2023, "XP1", "county", "in_person", _d(5, 1), _d(5, 3), 24.0, 10, None, False, PLAN, 3),
    (2023, "XP2", "county", "in_person", _d(6, 1), _d(6, 3), None, 10, None, False, PLAN, 4),
    (2023, "XP3", "county", "in_person", _d(7, 1), _d(7, 2), 16.0, 10, None, False, PLAN, 5),
    (2023, "XP4", "county", "in_person", _d(8, 1), _d(8, 5), 40.0, 10, None, False, PLAN, 6),
    (2023, "GP1", "national", "in_person", _d(10, 10), _d(10, 14), 40.0, 10, "小学、初中", True, PLAN, 7),
    (2023, "GP2", "national", "in_person", _d(6, 1), _d(6, 5), 40.0, 10, "幼儿园", False, PLAN, 8),
    (2023, "WL1", "provincial", "online", _d(3, 1), _d(12, 31), 50.0, 100, None, False, PLAN, 9),
)

SEAT_ROWS = _rows(
    "year, project_code, school_code, allocated_seats",
    (2023, "XP1", S1, 1, SEATS, 3),
    (2023, "XP1", S2, 1, SEATS, 4),
)

QUARANTINE = [
    {"load_id": "L1", "source_file": PROV, "source_sheet": "Sheet1", "source_row": 9,
     "profile": "provincial_export", "target_table": "provincial_records",
     "reason_codes": "HOURS_NEGATIVE", "reason_detail": "hours -24", "raw_values": "{}"},
    {"load_id": "L1", "source_file": PROV, "source_sheet": "Sheet1", "source_row": 10,
     "profile": "provincial_export", "target_table": "provincial_records",
     "reason_codes": "DATE_INVALID", "reason_detail": "date 2023-02-30", "raw_values": "{}"},
    {"load_id": "L1", "source_file": SURVEY, "source_sheet": "", "source_row": 4,
     "profile": "satisfaction_survey", "target_table": "satisfaction_survey",
     "reason_codes": "AMOUNT_INVALID", "reason_detail": "overall_score: less_than_or_equal_to(5) (7)",
     "raw_values": "{}"},
]

SKIPPED = [
    {"load_id": "L1", "source_file": SIGN_S1, "source_sheet": "Sheet1", "source_row": 3, "reason": "hours_row"},
    {"load_id": "L1", "source_file": SIGN_S2, "source_sheet": "Sheet1", "source_row": 3, "reason": "hours_row"},
    {"load_id": "L1", "source_file": FUND_A, "source_sheet": "Sheet1", "source_row": 5, "reason": "total"},
    {"load_id": "L1", "source_file": FUND_B, "source_sheet": "Sheet1", "source_row": 6, "reason": "total"},
]

# Two replacements (ingest/replacement.py): loads no data row refers to, so no other rule sees them.
LOAD_MANIFEST = [
    {"load_id": load_id, "source_file": source_file, "content_hash": load_id, "profile": profile,
     "logical_key": key, "rows_read": loaded + quarantined + 2, "rows_loaded": loaded,
     "rows_quarantined": quarantined, "rows_skipped": 2, "status": status, "message": None,
     "loaded_at": datetime(2024, 1, day), "superseded_by": superseded_by,
     "replaces_load_id": replaces, "file_modified_at": datetime(2023, 12, day)}
    for load_id, source_file, profile, key, loaded, quarantined, status, superseded_by, replaces, day in [
        ("M1", GP3_LIST, "guopei_trainees", "project_code=GP3", 9, 1, "superseded", "M2", None, 1),
        ("M2", GP3_FIX, "guopei_trainees", "project_code=GP3", 7, 0, "loaded", None, "M1", 2),
        ("M3", PLAN_OLD, "training_plan", "year=2022", 10, 0, "superseded", "M4", None, 1),
        ("M4", PLAN_FIX, "training_plan", "year=2022", 8, 0, "loaded", None, "M3", 2),
    ]
]

TABLES = {
    "roster": ROSTER,
    "provincial_records": PROVINCIAL,
    "platform_records": PLATFORM_ROWS,
    "guopei_trainees": GUOPEI,
    "signin_attendance": SIGNIN,
    "school_funding": FUNDING,
    "training_plan": PLAN_ROWS,
    "seat_allocation": SEAT_ROWS,
    "quarantine": QUARANTINE,
    "skipped_rows": SKIPPED,
    "load_manifest": LOAD_MANIFEST,
}
