"""What bureau leaders act on: golden figures of the product marts on a hand-written
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

import duckdb
import pytest
from conftest import Warehouse, build_fixture, load_default_policy, selected
from products_data import D_, MODELS, S1, S1_NAME, S2, S2_NAME, TABLES, A, B, C, D, E


@pytest.fixture(scope="module")
def products(tmp_path_factory) -> Warehouse:
    return build_fixture(
        tmp_path_factory, "products_default", load_default_policy(), TABLES, selected(MODELS)
    )


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
    wh = build_fixture(
        tmp_path_factory, "products_thresholds", policy, TABLES,
        selected("+mart_teacher_early_warning"),
    )  # fmt: skip
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
            "学校教师培训工作考核.xlsx", f"{S1}_{S1_NAME}_培训通报与预警名单.xlsx",
            f"{S2}_{S2_NAME}_培训通报与预警名单.xlsx"} == names  # fmt: skip
    summary = openpyxl.load_workbook(tmp_path / "360学时预警_学校汇总.xlsx").active
    rows = list(summary.iter_rows(min_row=3, values_only=True))
    assert rows[0][:4] == ("县区", "学校代码", "学校名称", "在册教师数")
    assert rows[1] == ("城关区", S1, S1_NAME, 3, 1, 1, 1, 680, pytest.approx(2 / 3), 1)
    # the school's list names its teachers, worst first: C (180 h a year), B (130), A (30)
    school_list = openpyxl.load_workbook(
        tmp_path / "restricted" / "schools" / f"{S1}_{S1_NAME}_培训通报与预警名单.xlsx"
    )["360学时预警名单"]
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
