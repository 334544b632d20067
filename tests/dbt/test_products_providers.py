"""Provider scorecards (承训机构) and training bulletins (培训通报) of the bureau products, on a
hand-written fixture (products_data.py), default policy.

Plans: 2023 GP1 national 陕西师范大学 (4 seats, 40 h, 8000 元), PR1 provincial 陕西师范大学
(2 seats, 10 h, 1000 元), CT1 county (not scored); 2022 GP0 national 西北大学 (2 seats, 20 h,
2000 元). GP1 list: P1 passed, P2 dismissed, P3 not reported (no-show), P4 failed. PR1: P1 passed
(provincial export). GP0 list: P1 passed. Surveys: GP1 5, 4, 2 (2023); PR1 3 submitted 2024-01-05
(no 2024 plan: PR1's latest plan year, 2023); GP0 5 (2022); one row on CT1 (not scored).
"""

from __future__ import annotations

import duckdb
import pytest
from conftest import Warehouse, build_fixture, load_default_policy, selected
from products_data import D_, P1, P2, P3, P4, PROVIDER_MODELS, PROVIDER_TABLES, S1, S1_NAME


@pytest.fixture(scope="module")
def providers(tmp_path_factory) -> Warehouse:
    return build_fixture(
        tmp_path_factory, "products_providers", load_default_policy(), PROVIDER_TABLES,
        selected(PROVIDER_MODELS),
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


def test_a_schools_bulletins_are_one_workbook_and_one_page_with_names(providers, tmp_path):
    import openpyxl

    from expectations.products.school_files import build_school_files

    with duckdb.connect(str(providers.path)) as con:
        paths = build_school_files(con, tmp_path)
    folder = tmp_path / "restricted" / "schools"
    assert sorted(p.relative_to(folder).as_posix() for p in paths) == [
        f"{S1}_{S1_NAME}_培训通报.html", f"{S1}_{S1_NAME}_培训通报与预警名单.xlsx"
    ]  # fmt: skip
    # no early warning in this fixture: the workbook holds the bulletin sheets only
    book = openpyxl.load_workbook(folder / f"{S1}_{S1_NAME}_培训通报与预警名单.xlsx")
    assert book.sheetnames == ["培训通报", "参训率与合格率"]
    trainees = list(book["培训通报"].iter_rows(min_row=4, values_only=True))
    # grouped by project; every roster name is 教师, so each project's rows go by masked ID
    assert trainees == [
        (2022, "GP0", "GP0项目", "教师", "6101**********0314", "是", "合格", 20, 20),
        (2023, "GP1", "GP1项目", "教师", "6101**********0314", "是", "合格", 40, 40),
        (2023, "GP1", "GP1项目", "教师", "6101**********0323", "是", "劝退", 0, 0),
        (2023, "GP1", "GP1项目", "教师", "6101**********0332", "否", "未参训", 0, 0),
        (2023, "GP1", "GP1项目", "教师", "6101**********0341", "是", "不合格", 0, 0),
        (2023, "PR1", "PR1项目", "教师", "6101**********0314", "是", "合格", 10, 10),
    ]
    rates = list(book["参训率与合格率"].iter_rows(min_row=4, values_only=True))
    gp1 = (4, 0.75, pytest.approx(1 / 3))  # the school is the county's only one
    assert rates == [
        (2022, "GP0", "GP0项目", "西北大学", "2022-07-10", 1, 1, 1, 1, 1, 1),
        (2023, "GP1", "GP1项目", "陕西师范大学", "2023-07-10", *gp1, *gp1),
        (2023, "PR1", "PR1项目", "陕西师范大学", "2023-05-10", 1, 1, 1, 1, 1, 1),
    ]
    html = (folder / f"{S1}_{S1_NAME}_培训通报.html").read_text(encoding="utf-8")
    assert html.count('<section class="project">') == 3
    assert "内部资料" in html and "75.0%" in html and "33.3%" in html
