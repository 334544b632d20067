"""The hand-written raw rows of the bureau products' tests: test_products.py (early warning and
school appraisal; its docstring gives the figures) and test_products_providers.py (provider
scorecards and training bulletins)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

A, B, C, D, E = (
    "610102198001010218",
    "610102198102020220",
    "610102198203030233",
    "610102198304040246",
    "610102198405050259",
)
S1, S1_NAME = "3101000001", "城关第一小学"
S2, S2_NAME = "3101000002", "城关第二小学"
PROVINCIAL = "provincial/省平台学时导出.xlsx"
PLAN = "plan/2023年度培训计划.xlsx"
SEATS = "plan/2023年名额分配.xlsx"
SIGN_2022 = "schools/3101000001/校本研修签到_2022.xlsx"
SIGN_2023 = "schools/3101000001/校本研修签到_2023.xlsx"
D_ = Decimal


def _roster(row: int, id_number: str, school: str, name: str) -> dict:
    return {
        "id_number": id_number, "name": "教师", "gender": "female", "birth_date": None,
        "stage": "primary", "subject": "语文", "title": "一级教师", "phone": None,
        "school_code": school, "school_name": name, "county": "城关区", "school_area": "urban",
        "source_file": f"schools/{school}/教师花名册.xlsx", "source_sheet": "Sheet1",
        "source_row": row, "load_id": "L1",
    }  # fmt: skip


def _prov(row, id_number, title, level, start, end, hours, outcome="passed", review="certified",
          code=None) -> dict:  # fmt: skip
    return {
        "id_number": id_number, "name": "教师", "school_name": S1_NAME, "county": "城关区",
        "stage": "primary", "subject": "语文", "project_code": code, "project_name": title,
        "level": level, "mode": "in_person", "start_date": start, "end_date": end, "hours": hours,
        "practice_hours": 0.0, "outcome": outcome, "review_status": review,
        "source_file": PROVINCIAL, "source_sheet": "Sheet1", "source_row": row, "load_id": "L1",
    }  # fmt: skip


def _sign(file: str, year: int, row: int, id_number: str, day: date, title: str, mark: str) -> dict:
    return {
        "school_code": S1, "year": year, "id_number": id_number, "name": "教师",
        "session_date": day, "session_title": title, "session_hours": 2.0, "mark": mark,
        "source_file": file, "source_sheet": "Sheet1", "source_row": row, "load_id": "L1",
    }  # fmt: skip


TABLES: dict[str, list[dict]] = {
    "roster": [
        _roster(3, A, S1, S1_NAME),
        _roster(4, B, S1, S1_NAME),
        _roster(5, C, S1, S1_NAME),
        _roster(3, D, S2, S2_NAME),
        _roster(4, E, S2, S2_NAME),
    ],
    "provincial_records": [
        _prov(2, A, "学科培训一", "county", date(2021, 10, 10), date(2021, 10, 12), 150.0),
        _prov(3, A, "市级骨干研修", "city", date(2022, 10, 10), date(2022, 10, 10), 130.0),
        _prov(
            4, A, "县级全员培训", "county", date(2023, 4, 1), date(2023, 4, 2), 12.0, code="P2023"
        ),  # fmt: skip
        _prov(5, A, "春季研修", "county", date(2024, 3, 1), date(2024, 3, 1), 100.0),
        _prov(6, B, "学科培训二", "county", date(2022, 5, 1), date(2022, 5, 1), 100.0),
        _prov(
            7,
            B,
            "县级全员培训",
            "county",
            date(2023, 4, 1),
            date(2023, 4, 2),
            12.0,
            outcome="failed",
            code="P2023",
        ),  # fmt: skip
        _prov(8, D, "省级研修", "provincial", date(2021, 11, 1), date(2021, 11, 1), 216.0),
        _prov(
            9,
            D,
            "县级全员培训",
            "county",
            date(2023, 4, 1),
            date(2023, 4, 2),
            12.0,
            review="pending",
            code="P2023",
        ),  # fmt: skip
        _prov(10, E, "学科培训三", "county", date(2023, 5, 1), date(2023, 5, 1), 70.0),
    ],
    "signin_attendance": [
        _sign(SIGN_2022, 2022, 4, A, date(2022, 11, 11), "校本教研甲", "present"),
        _sign(SIGN_2023, 2023, 4, A, date(2023, 3, 7), "校本教研一", "present"),
        _sign(SIGN_2023, 2023, 4, A, date(2023, 3, 9), "校本教研一", "present"),
        _sign(SIGN_2023, 2023, 4, A, date(2023, 3, 10), "校本教研二", "present"),
        _sign(SIGN_2023, 2023, 5, C, date(2023, 3, 10), "校本教研二", "absent"),
        _sign(SIGN_2023, 2023, 5, C, date(2023, 3, 14), "校本教研三", "absent"),
    ],
    "training_plan": [
        {
            "year": 2023,
            "project_code": "P2023",
            "project_name": "县级全员培训",
            "level": "county",
            "mode": "in_person",
            "provider": "县教师发展中心",
            "start_date": date(2023, 4, 1),
            "end_date": date(2023, 4, 2),
            "hours": 12.0,
            "practice_hours": 0.0,
            "planned_seats": 10,
            "target_stage": None,
            "rural_only": False,
            "budget_yuan": 1000.0,
            "source_file": PLAN,
            "source_sheet": "Sheet1",
            "source_row": 3,
            "load_id": "L1",
        },
    ],  # fmt: skip
    "seat_allocation": [
        {
            "year": 2023,
            "project_code": "P2023",
            "school_code": school,
            "school_name": name,
            "allocated_seats": 2,
            "source_file": SEATS,
            "source_sheet": "Sheet1",
            "source_row": row,
            "load_id": "L1",
        }
        for row, school, name in ((3, S1, S1_NAME), (4, S2, S2_NAME))
    ],  # fmt: skip
}

MODELS = "+mart_school_early_warning +mart_school_appraisal_score restricted_teacher_directory"


# --- provider scorecards and bulletins -------------------------------------------------------------

P1, P2, P3, P4 = (
    "610102198501010314",
    "610102198502020323",
    "610102198503030332",
    "610102198504040341",
)
GP_LIST = "guopei/国培_GP1_学员名单.xlsx"
GP0_LIST = "guopei/国培_GP0_学员名单.xlsx"
SURVEY = "survey/满意度调查_2023.csv"


def _plan(row, year, code, level, provider, seats, start, hours, budget) -> dict:
    return {
        "year": year, "project_code": code, "project_name": f"{code}项目", "level": level,
        "mode": "in_person", "provider": provider, "start_date": start,
        "end_date": date(start.year, start.month, start.day + 9), "hours": hours,
        "practice_hours": 0.0, "planned_seats": seats, "target_stage": None,
        "rural_only": False, "budget_yuan": budget, "source_file": PLAN, "source_sheet": "Sheet1",
        "source_row": row, "load_id": "L1",
    }  # fmt: skip


def _list(file, row, code, id_number, reported, outcome, hours) -> dict:
    return {
        "project_code": code, "id_number": id_number, "name": "教师", "school_name": S1_NAME,
        "county": "城关区", "stage": "primary", "subject": "语文", "reported": reported,
        "outcome": outcome, "hours": hours, "source_file": file, "source_sheet": "Sheet1",
        "source_row": row, "load_id": "L1",
    }  # fmt: skip


def _survey(row, code, score, day) -> dict:
    return {
        "project_code": code, "provider": None, "response_id": f"Q{row}", "submitted_on": day,
        "overall_score": score, "source_file": SURVEY, "source_sheet": "Sheet1",
        "source_row": row, "load_id": "L1",
    }  # fmt: skip


PROVIDER_TABLES: dict[str, list[dict]] = {
    "roster": [_roster(3 + i, t, S1, S1_NAME) for i, t in enumerate((P1, P2, P3, P4))],
    "training_plan": [
        _plan(3, 2023, "GP1", "national", "陕西师范大学", 4, date(2023, 7, 1), 40.0, 8000.0),
        _plan(4, 2023, "PR1", "provincial", "陕西师范大学", 2, date(2023, 5, 1), 10.0, 1000.0),
        _plan(5, 2023, "CT1", "county", "县教师发展中心", 9, date(2023, 4, 1), 12.0, 900.0),
        _plan(6, 2022, "GP0", "national", "西北大学", 2, date(2022, 7, 1), 20.0, 2000.0),
    ],
    "guopei_trainees": [
        _list(GP_LIST, 3, "GP1", P1, True, "passed", 40.0),
        _list(GP_LIST, 4, "GP1", P2, True, "dismissed", 0.0),
        _list(GP_LIST, 5, "GP1", P3, False, "no_show", 0.0),
        _list(GP_LIST, 6, "GP1", P4, True, "failed", 0.0),
        _list(GP0_LIST, 3, "GP0", P1, True, "passed", 20.0),
    ],
    "provincial_records": [
        _prov(
            2, P1, "PR1项目", "provincial", date(2023, 5, 1), date(2023, 5, 10), 10.0, code="PR1"
        ),  # fmt: skip
    ],
    "satisfaction_survey": [
        _survey(2, "GP1", 5, date(2023, 7, 10)),
        _survey(3, "GP1", 4, date(2023, 7, 10)),
        _survey(4, "GP1", 2, date(2023, 7, 11)),
        _survey(5, "PR1", 3, date(2024, 1, 5)),
        _survey(6, "GP0", 5, date(2022, 7, 10)),
        _survey(7, "CT1", 1, date(2023, 4, 10)),
    ],
}

PROVIDER_MODELS = (
    "+mart_provider_year_scorecard +mart_project_school_bulletin restricted_teacher_directory"
)
