"""Projects, 国培, funding and dedup at the edges.

The hand-written fixture of project_edges_data.py (its docstring lists each situation), built
twice: under config/policy.yml (国培 limit 1 per cycle, ban 3 years, undated list rows to the
earliest plan year) and under guopei_changed_policy() (limit 2, ban 1 year, undated list rows to
the latest plan year). Each situation is one a naive reading gets wrong (the wrong figure is
said at each test).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import Warehouse, build_fixture, load_default_policy, selected
from project_edges_data import (
    FUND_A,
    FUND_B,
    MODELS,
    PLAN,
    PROV,
    PROV_NEW,
    S1,
    S2,
    S3,
    TA,
    TABLES,
    TB,
    TC,
    TD,
    TE,
    TF,
    TG,
    TH,
    D,
    gp_list,
    guopei_changed_policy,
)


@pytest.fixture(scope="module")
def edges(tmp_path_factory) -> Warehouse:
    return build_fixture(
        tmp_path_factory, "project_edges_default", load_default_policy(), TABLES, selected(MODELS)
    )


@pytest.fixture(scope="module")
def edges_changed(tmp_path_factory) -> Warehouse:
    return build_fixture(
        tmp_path_factory, "project_edges_guopei_changed", guopei_changed_policy(), TABLES,
        selected(MODELS),
    )  # fmt: skip


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
