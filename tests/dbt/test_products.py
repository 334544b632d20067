"""What bureau leaders act on (issue 14): golden figures of the product marts on a hand-written
fixture, default policy (as_of 2023-12-31, cycle 2021 of 5 school years from September: 3 ended,
2 remaining; 360 hours; early warning on track <= 72 h per remaining year, cannot finish > 144).

Two schools of 城关区: S1 (A, B, C) and S2 (D, E). Provincial records (passed, certified unless
said otherwise; no project code unless said):
  A  2021-10-12 county 150 h; 2022-10-10 city 130 h; 2023-04-02 P2023 county 12 h;
     2024-03-01 100 h (after as_of: not counted) + sign-in present 2022-11-11 and 2023-03-07,
     03-09, 03-10 (2 h each) = 300 h by as_of
  B  2022-05-01 county 100 h; 2023-04-02 P2023 failed 12 h -> 100 h
  C  nothing (absent at the sign-in session of 2023-03-14)
  D  2021-11-01 provincial 216 h; 2023-04-02 P2023 passed 12 h, review pending -> 216 h
  E  2023-05-01 county 70 h -> 70 h
Plan 2023: P2023 (county, 12 h, 10 seats); seats: S1 2, S2 2.
Sign-in: S1 2022 sheet (2022-11-11, a Friday before the timetable), S1 2023 sheet (Tue 03-07,
Thu 03-09, Fri 03-10 with present marks, Tue 03-14 absent only).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import pytest
from conftest import Warehouse, load_default_policy, run_dbt
from dbt_raw_schema import create_raw_schema, fill_k_teacher

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


def _fill(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict]]) -> None:
    create_raw_schema(con)
    for table, rows in tables.items():
        columns = list(rows[0])
        con.executemany(
            f"insert into raw.{table} ({', '.join(columns)}) "
            f"values ({', '.join('?' for _ in columns)})",
            [[row[c] for c in columns] for row in rows],
        )
    fill_k_teacher(con)


def _build(
    tmp_path_factory, name: str, policy: dict, models: str = MODELS, tables: dict | None = None
) -> Warehouse:
    work_dir = tmp_path_factory.mktemp(name)
    warehouse = work_dir / "training.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        _fill(con, TABLES if tables is None else tables)
    result = run_dbt(
        ["build", "--select", models, "--exclude", "test_type:singular",
         "--exclude-resource-type", "unit_test"],
        warehouse, work_dir, policy,
    )  # fmt: skip
    failures = [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in (result.result or [])
        if str(r.status) not in ("success", "pass")
    ]
    assert result.success and not failures, f"dbt build failed: {result.exception} {failures}"
    return Warehouse(warehouse, result)


@pytest.fixture(scope="module")
def products(tmp_path_factory) -> Warehouse:
    return _build(tmp_path_factory, "products_default", load_default_policy())


# --- early warning ---------------------------------------------------------------------------


def test_early_warning_classes_each_teacher_by_hours_needed_per_remaining_school_year(products):
    rows = products.rows(
        "select k_teacher, hours_counted, hours_needed, school_years_remaining, "
        "hours_per_remaining_year, risk_class from main.mart_teacher_early_warning"
    )
    got = {k: rest for k, *rest in rows}
    # 2 school years left (2023-2024, 2024-2025); need / 2 against 72 and 144
    assert got == {
        products.k(A): [D_("300"), D_("60"), 2, D_("30"), "on_track"],  # 2024 record not counted
        products.k(B): [D_("100"), D_("260"), 2, D_("130"), "at_risk"],  # failed record: 0 h
        products.k(C): [D_("0"), D_("360"), 2, D_("180"), "cannot_finish"],
        products.k(D): [D_("216"), D_("144"), 2, D_("72"), "on_track"],  # 72 is on track; pending
        products.k(E): [D_("70"), D_("290"), 2, D_("145"), "cannot_finish"],  # 145 > 144
    }


def test_school_early_warning_counts_classes_and_ranks_the_share_at_risk(products):
    rows = products.rows(
        "select school_code, roster_teachers, n_on_track, n_at_risk, n_cannot_finish, "
        "hours_needed, share_at_risk, rank_in_county from main.mart_school_early_warning "
        "order by school_code"
    )
    assert rows == [
        (S1, 3, 1, 1, 1, D_("680"), pytest.approx(2 / 3), 1),
        (S2, 2, 1, 0, 1, D_("434"), 0.5, 2),
    ]


def test_early_warning_thresholds_come_from_the_policy(tmp_path_factory):
    policy = load_default_policy()
    policy["early_warning"] = {
        "on_track_max_hours_per_year": 130,
        "feasible_max_hours_per_year": 180,
    }
    wh = _build(tmp_path_factory, "products_thresholds", policy, "+mart_teacher_early_warning")
    got = dict(wh.rows("select k_teacher, risk_class from main.mart_teacher_early_warning"))
    # B needs 130 (on track now), C 180 (at risk: not above 180), E 145 (at risk)
    assert got == {
        wh.k(A): "on_track", wh.k(B): "on_track", wh.k(C): "at_risk",
        wh.k(D): "on_track", wh.k(E): "at_risk",
    }  # fmt: skip


# --- school appraisal scorecard ----------------------------------------------------------------


def _indicator(wh: Warehouse, school: str, year: int) -> dict:
    rows = wh.rows(
        "select indicator, value, county_median, rank_in_county, change_from_last_year, "
        "weighted_points from main.mart_school_appraisal where school_code = ? and year = ?",
        [school, year],
    )
    return {indicator: tuple(rest) for indicator, *rest in rows}


def _approx(values: dict) -> dict:
    return {k: tuple(pytest.approx(x) if isinstance(x, float) else x for x in v)
            for k, v in values.items()}  # fmt: skip


def test_appraisal_indicators_2023_with_county_median_rank_and_change(products):
    # S1 2023: send 2 of 2 seats (A, B enrolled in P2023); participation A, B of 3; pass: A of
    # A, B attended; sessions 3 dates with present marks / 32; backbone none (county, school);
    # credits: A only has passed records, all certified. S2: send D of 2; participation D, E of 2;
    # pass D of D; no sessions; no backbone; credits: D pending, E certified -> 1 of 2.
    # 2022: S1 participation A, B of 3 (A's city course and sign-in, B); backbone A (city) 1/3;
    # S2 2022 has no records: participation 0, credits none. Weights 0.2 0.2 0.2 0.15 0.1 0.15.
    assert _indicator(products, S1, 2023) == _approx({
        "send_rate": (1.0, 0.75, 1, None, 20.0),
        "participation_rate": (2 / 3, (2 / 3 + 1) / 2, 2, 0.0, 20 * 2 / 3),
        "pass_rate": (0.5, 0.75, 2, None, 10.0),
        "school_based_sessions": (3 / 32, 3 / 64, 1, 3 / 32 - 1 / 32, 15 * 3 / 32),
        "backbone_trained": (0.0, 0.0, 1, -1 / 3, 0.0),
        "credits_certified": (1.0, 0.75, 1, 0.0, 15.0),
    })  # fmt: skip
    assert _indicator(products, S2, 2023) == _approx({
        "send_rate": (0.5, 0.75, 2, None, 10.0),
        "participation_rate": (1.0, (2 / 3 + 1) / 2, 1, 1.0, 20.0),
        "pass_rate": (1.0, 0.75, 1, None, 20.0),
        "school_based_sessions": (0.0, 3 / 64, 2, 0.0, 0.0),
        "backbone_trained": (0.0, 0.0, 1, 0.0, 0.0),
        "credits_certified": (0.5, 0.75, 2, None, 7.5),
    })  # fmt: skip


def test_appraisal_score_is_the_sum_of_weighted_points_ranked_in_the_county(products):
    rows = products.rows(
        "select school_code, year, weighted_score, rank_in_county, indicators_with_value "
        "from main.mart_school_appraisal_score order by year, school_code"
    )
    # 2021: S1 participation 1/3 (A), credits 1 (A); S2 participation 1/2 (D), backbone 1/2 (D,
    # provincial), credits 1 (D). No seats and no enrolments: send and pass have no value.
    s1_2021 = 20 / 3 + 15
    s2_2021 = 10 + 5 + 15
    # 2022: S1 participation 2/3, sessions 1/32, backbone 1/3, credits 1 (A, B); S2 participation 0
    s1_2022 = 40 / 3 + 15 / 32 + 10 / 3 + 15
    s1_2023 = 20 + 40 / 3 + 10 + 45 / 32 + 0 + 15
    s2_2023 = 10 + 20 + 20 + 0 + 0 + 7.5
    assert rows == [
        (S1, 2021, pytest.approx(s1_2021), 2, 4),
        (S2, 2021, pytest.approx(s2_2021), 1, 4),
        (S1, 2022, pytest.approx(s1_2022), 1, 4),
        (S2, 2022, 0.0, 2, 3),
        (S1, 2023, pytest.approx(s1_2023), 1, 6),
        (S2, 2023, pytest.approx(s2_2023), 2, 6),
    ]


# --- outputs: XLSX with Chinese headers, pages --------------------------------------------------


def test_products_write_chinese_workbooks_pages_and_restricted_school_lists(products, tmp_path):
    import openpyxl

    from expectations.products import build_products

    with duckdb.connect(str(products.path)) as con:
        written = build_products(con, tmp_path)
    names = {p.name for paths in written.values() for p in paths}
    assert {"early_warning.html", "360学时预警_学校汇总.xlsx", "school_appraisal.html",
            "学校教师培训工作考核.xlsx", f"{S1}_{S1_NAME}_360学时预警名单.xlsx",
            f"{S2}_{S2_NAME}_360学时预警名单.xlsx"} == names  # fmt: skip
    summary = openpyxl.load_workbook(tmp_path / "360学时预警_学校汇总.xlsx").active
    rows = list(summary.iter_rows(min_row=3, values_only=True))
    assert rows[0][:4] == ("县区", "学校代码", "学校名称", "在册教师数")
    assert rows[1] == ("城关区", S1, S1_NAME, 3, 1, 1, 1, 680, pytest.approx(2 / 3), 1)
    # the school's list names its teachers, worst first: C (180 h a year), B (130), A (30)
    school_list = openpyxl.load_workbook(
        tmp_path / "restricted" / "early_warning" / f"{S1}_{S1_NAME}_360学时预警名单.xlsx"
    ).active
    listed = [(r[1], r[7]) for r in school_list.iter_rows(min_row=4, values_only=True)]
    assert listed == [("6101**********0233", "不破例无法完成"), ("6101**********0220", "有风险"),
                      ("6101**********0218", "进度正常")]  # fmt: skip
    detail = openpyxl.load_workbook(tmp_path / "学校教师培训工作考核.xlsx")["指标明细"]
    header, *body = list(detail.iter_rows(min_row=3, values_only=True))
    assert header[4:8] == ("考核指标", "指标定义", "权重", "本校值")
    s2_credits = [r for r in body if r[0] == 2023 and r[2] == S2 and r[4] == "学分管理"]
    assert [r[7] for r in s2_credits] == [0.5]
    html = (tmp_path / "school_appraisal.html").read_text(encoding="utf-8")
    assert "<svg" in html and "校本研修组织实施" in html
    assert 'src="http' not in html and 'href="http' not in html  # offline: nothing fetched


# --- provider scorecards (承训机构) --------------------------------------------------------------
# Plans: 2023 GP1 national 陕西师范大学 (4 seats, 40 h, 8000 元), PR1 provincial 陕西师范大学
# (2 seats, 10 h, 1000 元), CT1 county (not scored); 2022 GP0 national 西北大学 (2 seats, 20 h,
# 2000 元). GP1 list: P1 passed, P2 dismissed, P3 not reported (no-show), P4 failed. PR1: P1 passed
# (provincial export). GP0 list: P1 passed. Surveys: GP1 5, 4, 2 (2023); PR1 3 submitted 2024-01-05
# (no 2024 plan: PR1's latest plan year, 2023); GP0 5 (2022); one row on CT1 (not scored).

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


@pytest.fixture(scope="module")
def providers(tmp_path_factory) -> Warehouse:
    return _build(
        tmp_path_factory, "products_providers", load_default_policy(),
        "+mart_provider_year_scorecard +mart_project_school_bulletin restricted_teacher_directory",
        PROVIDER_TABLES,
    )  # fmt: skip


def test_provider_scorecard_counts_enrolment_outcomes_cost_and_satisfaction(providers):
    rows = providers.rows(
        "select provider, year, projects, planned_seats, enrolled, fill_rate, attended, "
        "attendance_rate, no_shows, dismissed, passed, pass_rate, budget_yuan, trainee_hours, "
        "cost_per_trainee_hour_yuan, survey_responses, mean_satisfaction, satisfied_share "
        "from main.mart_provider_year_scorecard order by year, provider"
    )
    # 陕西师范大学 2023: GP1 enrolled 4, attended 3 (P3 a no-show), passed 1; PR1 enrolled,
    # attended and passed 1 -> trainee hours 3 x 40 + 1 x 10 = 130, cost 9000 / 130 = 69.23
    assert rows == [
        ("西北大学", 2022, 1, 2, 1, 0.5, 1, 1.0, 0, 0, 1, 1.0, D_("2000.00"), D_("20"),
         D_("100.00"), 1, 5.0, 1.0),
        ("陕西师范大学", 2023, 2, 6, 5, pytest.approx(5 / 6), 4, 0.8, 1, 1, 2, 0.5,
         D_("9000.00"), D_("130"), D_("69.23"), 4, 3.5, 0.5),
    ]  # fmt: skip


def test_provider_scorecard_workbook_and_page(providers, tmp_path):
    import openpyxl

    from expectations.products.providers import build_provider_scorecards

    with duckdb.connect(str(providers.path)) as con:
        paths = build_provider_scorecards(con, tmp_path)
    assert [p.name for p in paths] == ["provider_scorecards.html", "承训机构评价.xlsx"]
    sheet = openpyxl.load_workbook(tmp_path / "承训机构评价.xlsx").active
    header, first, second = list(sheet.iter_rows(min_row=3, values_only=True))
    assert header[:3] == ("年度", "承训机构", "项目数") and header[16] == "平均满意度(1-5)"
    assert first[:2] == (2023, "陕西师范大学") and first[14] == 69.23 and first[16] == 3.5
    assert second[:2] == (2022, "西北大学")
    html = (tmp_path / "provider_scorecards.html").read_text(encoding="utf-8")
    assert "<svg" in html and "陕西师范大学" in html


# --- training bulletins (培训通报) --------------------------------------------------------------


def test_bulletin_rows_carry_attendance_hours_results_and_school_and_county_rates(providers):
    rows = providers.rows(
        "select project_code, year, k_teacher, attended, outcome, study_hours, counted_hours, "
        "school_enrolled, school_attendance_rate, school_pass_rate, county_attendance_rate, "
        "county_pass_rate from main.mart_project_school_bulletin order by year, project_code"
    )
    k = providers.k
    got = {(r[0], r[1], r[2]): r[3:] for r in rows}
    # GP1: 4 enrolled at S1 (all 城关区), attended P1, P2, P4 -> 3/4; passed P1 -> 1/3
    gp1 = (4, 0.75, pytest.approx(1 / 3), 0.75, pytest.approx(1 / 3))
    assert got == {
        ("GP0", 2022, k(P1)): (True, "passed", D_("20"), D_("20"), 1, 1.0, 1.0, 1.0, 1.0),
        ("GP1", 2023, k(P1)): (True, "passed", D_("40"), D_("40"), *gp1),
        ("GP1", 2023, k(P2)): (True, "dismissed", D_("0"), D_("0"), *gp1),
        ("GP1", 2023, k(P3)): (False, "no_show", D_("0"), D_("0"), *gp1),
        ("GP1", 2023, k(P4)): (True, "failed", D_("0"), D_("0"), *gp1),
        ("PR1", 2023, k(P1)): (True, "passed", D_("10"), D_("10"), 1, 1.0, 1.0, 1.0, 1.0),
    }


def test_bulletins_are_written_per_project_and_school_with_names(providers, tmp_path):
    import openpyxl

    from expectations.products.bulletin import build_bulletins

    with duckdb.connect(str(providers.path)) as con:
        paths = build_bulletins(con, tmp_path)
    folder = tmp_path / "restricted" / "bulletins"
    assert sorted(p.relative_to(folder).as_posix() for p in paths) == sorted(
        f"{y}_{c}/{S1}_{S1_NAME}_培训通报.{ext}"
        for y, c in ((2022, "GP0"), (2023, "GP1"), (2023, "PR1"))
        for ext in ("xlsx", "html")
    )
    book = openpyxl.load_workbook(folder / "2023_GP1" / f"{S1}_{S1_NAME}_培训通报.xlsx")
    trainees = list(book["学员情况"].iter_rows(min_row=3, values_only=True))
    assert trainees[0] == ("姓名", "证件号码(脱敏)", "是否参训", "考核结果", "学习学时", "计入学时")
    assert sorted(r[1:4] for r in trainees[1:]) == [
        ("6101**********0314", "是", "合格"), ("6101**********0323", "是", "劝退"),
        ("6101**********0332", "否", "未参训"), ("6101**********0341", "是", "不合格"),
    ]  # fmt: skip
    rates = list(book["参训率与合格率"].iter_rows(min_row=4, values_only=True))
    assert rates == [
        (f"本校 {S1_NAME}", 4, 0.75, pytest.approx(1 / 3)),
        ("全县 城关区", 4, 0.75, pytest.approx(1 / 3)),
    ]
    html = (folder / "2023_GP1" / f"{S1}_{S1_NAME}_培训通报.html").read_text(encoding="utf-8")
    assert "内部资料" in html and "75.0%" in html and "33.3%" in html
