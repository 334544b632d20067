"""Year, IT 2.0, county and participation marts on the fixture, against hand-worked figures.

Fixture (dbt_fixture_data.py): S1 城关第一小学 (城关区, urban) keeps T1, T2, T5, T6 on its roster;
S2 河湾镇中学 (河湾县, rural) keeps T3 and T4 (T4's later roster load wins). Default policy:
cycle 2021 (school years 2020-2021 .. 2024-2025), as_of 2023-12-31 (school years 2020-2021 ..
2023-2024 have started), IT 2.0 project
counties 临渭区 and 大荔县 (none of the fixture's), county budget levels [county].
The modified policy (conftest.modified_policy) makes 城关区 an IT 2.0 county with other keywords
and thresholds and counts 国培 budgets into the county training budget.
"""

from __future__ import annotations

import pytest
from conftest import approx_rows
from dbt_fixture_data import (
    S1,
    S2,
    T1,
    T2,
    T3,
    T4,
    T5,
    T6,
)

# --- teacher x year ----------------------------------------------------------------------------


def test_teacher_year_credits(wh):
    # per school year (September-August); hours and credits compared as doubles
    rows = wh.rows(
        "select k_teacher, school_year_start, school_code, cast(total_hours as double), "
        "cast(national_hours as double), cast(county_hours as double), "
        "cast(school_hours as double), cast(unknown_level_hours as double), "
        "cast(credits as double), n_records_counted, n_records_not_counted, "
        "meets_annual_guideline from main.mart_teacher_year_credits"
    )
    got = {(r[0], r[1]): r[2:] for r in rows}
    k = wh.k
    zero = (0.0,) * 6 + (0, 0, False)
    # every roster teacher x school years 2020-2021 .. 2023-2024 (started by as_of 2023-12-31),
    # plus 2025-2026 for T1 (2026-01-05) and T3 (2025-12-31), school years with a record
    years = (2020, 2021, 2022, 2023)
    assert set(got) == {(k(t), y) for t in (T1, T2, T3, T4, T5, T6) for y in years} | {
        (k(T1), 2025),
        (k(T3), 2025),
    }
    # T1 2021-2022: GP2022-01 (July 2022) provincial 60 h national in-person -> 6 credits
    assert got[(k(T1), 2021)] == pytest.approx((S1, 60.0, 60.0, 0.0, 0.0, 0.0, 6.0, 1, 0, False))
    # T1 2022-2023: platform 师德修养 12 h online (level unknown) + sign-in 3 h: 0.6 + 0.15
    assert got[(k(T1), 2022)] == pytest.approx((S1, 15.0, 0.0, 0.0, 3.0, 12.0, 0.75, 2, 0, False))
    assert got[(k(T1), 2025)] == pytest.approx((S1, 12.0, 0.0, 12.0, 0.0, 0.0, 1.2, 1, 0, False))
    # T2 2021-2022: 国培 GP2022-01 no-show (July 2022): nothing counts; 2022-2023: workshop
    # pending review (2022-09) and failed county course: not counted; GP2023-01 40 h counts
    assert got[(k(T2), 2021)] == pytest.approx((S1, *zero[:6], 0, 1, False))
    assert got[(k(T2), 2022)] == pytest.approx((S1, 40.0, 40.0, 0.0, 0.0, 0.0, 4.0, 1, 2, False))
    # T3 2022-2023: GP2023-01 40 h; 2023-2024: PRV2023-01 passed with blank hours (counts, 0 h)
    assert got[(k(T3), 2022)] == pytest.approx((S2, 40.0, 40.0, 0.0, 0.0, 0.0, 4.0, 1, 0, False))
    assert got[(k(T3), 2023)] == pytest.approx((S2, *zero[:6], 1, 0, False))
    assert got[(k(T3), 2025)] == pytest.approx((S2, 10.0, 0.0, 10.0, 0.0, 0.0, 1.0, 1, 0, False))
    assert got[(k(T4), 2021)] == (S2, *zero)
    assert got[(k(T6), 2023)] == (S1, *zero)


def test_cycle_credits_split_hours_by_mode_and_project_completion(wh):
    rows = wh.rows(
        "select in_person_hours, online_hours, school_based_hours, blended_hours, workshop_hours, "
        "practice_mode_hours, unknown_mode_hours, hours_per_year_pace, projected_completion_year "
        "from main.mart_teacher_cycle_credits where k_teacher = ? order by cycle_start_year",
        [wh.k(T1)],
    )
    # 2021 cycle by as_of: 60 in-person + 12 online + 3 school-based; pace 75 / 3 school years =
    # 25 h/yr -> ceil(360 / 25) = 15 -> 2021 + 15 - 1. 2026: the 2026-01-05 record (school year
    # 2025-2026) is after as_of: no hours by now, no completed year, no pace, no projection
    # fmt: off
    assert rows == [
        (60.0, 12.0, 3.0, 0.0, 0.0, 0.0, 0.0, 25.0, 2035),
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, None, None),
    ]
    # fmt: on
    projected = dict(
        wh.rows(
            "select k_teacher, projected_completion_year from main.mart_teacher_cycle_credits "
            "where cycle_start_year = 2021"
        )
    )
    # by as_of, over 3 school years: T3 100 h -> 33.3 h/yr -> ceil(10.8) = 11 -> 2031;
    # T2 40 h -> 13.3 h/yr -> 27 -> 2047; T5 3 h -> 1 h/yr -> 360 -> 2380
    assert projected == {
        wh.k(T1): 2035,
        wh.k(T2): 2047,
        wh.k(T3): 2031,
        wh.k(T4): None,
        wh.k(T5): 2380,
        wh.k(T6): None,
    }


# --- IT 2.0 --------------------------------------------------------------------------------------


def test_it20_mart_is_empty_when_no_fixture_county_is_a_project_county(wh):
    assert wh.rows("select count(*) from main.mart_teacher_it20_compliance") == [(0,)]


def test_it20_compliance_follows_counties_keywords_and_thresholds(wh, wh_modified):
    rows = wh_modified.rows(
        "select k_teacher, cycle_start_year, it20_hours, it20_practice_hours, n_it20_records, "
        "hours_missing, practice_hours_missing, compliant from main.mart_teacher_it20_compliance"
    )
    got = {r[0]: r[1:] for r in rows}
    k = wh.k
    # 城关区 only: T1, T2, T5, T6 (T4 counts at S2 in 河湾县; T3 is at S2)
    assert set(got) == {k(T1), k(T2), k(T5), k(T6)}
    # T1: 国培计划示范项目 60 h (in-person: its 10 practice h) + sign-in 校本教研一 3 h (school-based:
    # all practice) -> 63 h >= 60, 13 practice >= 10 -> compliant
    assert got[k(T1)] == (2021, 63.0, 13.0, 2, 0.0, 0.0, True)
    # T2: CTY2023-01 matches the code pattern but failed; 国培乡村教师能力提升 has no keyword
    assert got[k(T2)] == (2021, 0.0, 0.0, 0, 60.0, 10.0, False)
    assert got[k(T5)] == (2021, 3.0, 3.0, 1, 57.0, 7.0, False)
    assert got[k(T6)] == (2021, 0.0, 0.0, 0, 60.0, 10.0, False)


# --- funding ------------------------------------------------------------------------------------

FUNDING_COLUMNS = (
    "county, year, schools_with_funding, schools_meeting_share, payroll_yuan, "
    "schools_training_spend_yuan, plan_budget_yuan, training_budget_yuan, required_budget_yuan, "
    "payroll_shortfall_yuan, meets_payroll_share"
)


def test_county_year_funding_against_one_and_a_half_percent_of_payroll(wh):
    rows = wh.rows(f"select {FUNDING_COLUMNS} from main.mart_county_year_funding order by 1, 2")
    # payroll = 4 x public funds in the fixture; required = 1.5 % of payroll; the county projects
    # (CTY...) have no seat allocations, so no plan budget is attributed
    # fmt: off
    assert rows == approx_rows([
        ("城关区", 2022, 1, 1, 400000.0, 5000.0, 0.0, 5000.0, 6000.0, 1000.0, False),
        ("城关区", 2023, 1, 1, 800000.0, 12000.0, 0.0, 12000.0, 12000.0, 0.0, True),  # exactly 1.5 %
        # the 万元 sheet: amounts in 元 (100 万元 public funds -> 4,000,000 元 payroll)
        ("河湾县", 2023, 1, 0, 4000000.0, 30000.0, 0.0, 30000.0, 60000.0, 30000.0, False),
    ])
    # fmt: on


def test_county_budget_apportions_plan_budgets_by_allocated_seats(wh_modified):
    rows = wh_modified.rows(
        f"select {FUNDING_COLUMNS} from main.mart_county_year_funding order by 1, 2"
    )
    # county_budget_levels [national]: GP2022-01 (100000 元) seats S1 3 / S2 2 -> 60000 / 40000;
    # GP2023-01 (100000 元) 1 seat, S1 -> 100000 to 城关区 2023. 河湾县 2022 has no funding sheet.
    # fmt: off
    assert rows == approx_rows([
        ("城关区", 2022, 1, 0, 400000.0, 5000.0, 60000.0, 65000.0, 6000.0, 0.0, True),
        ("城关区", 2023, 1, 0, 800000.0, 12000.0, 100000.0, 112000.0, 12000.0, 0.0, True),
        ("河湾县", 2022, 0, 0, None, 0.0, 40000.0, 40000.0, None, None, None),
        ("河湾县", 2023, 1, 0, 4000000.0, 30000.0, 0.0, 30000.0, 60000.0, 30000.0, False),
    ])
    # fmt: on


# --- participation ------------------------------------------------------------------------------

PARTICIPATION_COLUMNS = (
    "roster_teachers, participants, participation_rate, allocated_seats, seats_filled, send_rate, "
    "enrolments, attended, passed, pass_rate"
)


def test_school_year_participation(wh):
    rows = wh.rows(
        f"select school_code, year, school_area, {PARTICIPATION_COLUMNS} "
        "from main.mart_school_year_participation order by 1, 2"
    )
    # fmt: off
    assert rows == approx_rows([
        (S1, 2021, "urban", 4, 0, 0.0, None, None, None, 0, 0, 0, None),
        # participants T1, T2 (the pending workshop was attended); GP2022-01: 3 seats, T1 and T2
        # sent (T2 a no-show) -> 2/3; enrolments T1 GP, T2 GP (no-show), T2 CTY2022-02
        (S1, 2022, "urban", 4, 2, 0.5, 3, 2, 2 / 3, 3, 2, 2, 1.0),
        # T1, T2, T5; GP2023-01 1 seat, T2; T2 GP2023-01 passed, CTY2023-01 failed -> 合格率 1/2
        (S1, 2023, "urban", 4, 3, 0.75, 1, 1, 1.0, 2, 2, 1, 0.5),
        (S1, 2026, "urban", 4, 1, 0.25, None, None, None, 0, 0, 0, None),
        (S2, 2021, "rural", 2, 0, 0.0, None, None, None, 0, 0, 0, None),
        # GP2022-01: 2 seats, T3 sent -> 1/2 (T4 never enrolled)
        (S2, 2022, "rural", 2, 1, 0.5, 2, 1, 0.5, 1, 1, 1, 1.0),
        (S2, 2023, "rural", 2, 1, 0.5, None, None, None, 2, 2, 2, 1.0),
        (S2, 2025, "rural", 2, 1, 0.5, None, None, None, 0, 0, 0, None),
    ])
    # fmt: on


def test_county_year_participation_has_an_area_row_and_an_all_row(wh):
    rows = wh.rows(
        f"select county, year, school_area, schools, {PARTICIPATION_COLUMNS} "
        "from main.mart_county_year_participation where year = 2022 order by 1, 3"
    )
    # fmt: off
    assert rows == approx_rows([
        ("城关区", 2022, "all", 1, 4, 2, 0.5, 3, 2, 2 / 3, 3, 2, 2, 1.0),
        ("城关区", 2022, "urban", 1, 4, 2, 0.5, 3, 2, 2 / 3, 3, 2, 2, 1.0),
        ("河湾县", 2022, "all", 1, 2, 1, 0.5, 2, 1, 0.5, 1, 1, 1, 1.0),
        ("河湾县", 2022, "rural", 1, 2, 1, 0.5, 2, 1, 0.5, 1, 1, 1, 1.0),
    ])
    # fmt: on
    # 'all' is the sum of the area rows in every county-year
    mismatches = wh.rows(
        """
        select a.county, a.year from main.mart_county_year_participation as a
        join (select county, year, sum(roster_teachers) as r, sum(participants) as p
              from main.mart_county_year_participation where school_area <> 'all' group by 1, 2) as s
          on a.county = s.county and a.year = s.year
        where a.school_area = 'all' and (a.roster_teachers <> s.r or a.participants <> s.p)
        """
    )
    assert mismatches == []
