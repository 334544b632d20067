"""The same fixture built with a modified policy: the figures move the way the policy says.

Changes (conftest.modified_policy): hours_per_cycle 240; as_of_date 2023-06-30 (two school years,
2020-2021 and 2021-2022, ended -> 144 h expected; records completed after it are not counted "by
now"); only
'certified' reviews count; school-based 10 h per credit with a cap of 0.2 credits per school
year; online capped at 0.5 credits per cycle; 国培 limit 2 per cycle; ban 1 year; funding share
7 %; total credits capped at 5 per school year. All caps hold at once. IT 2.0 and county-budget
changes are checked in test_dbt_rollups.py.
"""

from __future__ import annotations

import pytest
from conftest import approx_rows
from dbt_fixture_data import FUNDING_A_2022, FUNDING_A_2023, FUNDING_B_2023, T1, T2, T3, T5

COLUMNS = "total_hours, county_hours, credits, required_hours, remaining_hours, expected_hours_by_now, on_track"
# hours and credits are decimal(18,4) in the credit marts; compared here as doubles
DOUBLES = ", ".join(
    c if c == "on_track" else f"cast({c} as double)" for c in COLUMNS.split(", ")
)


def row(wh, id_number: str, cycle: int) -> tuple:
    rows = wh.rows(
        f"select {DOUBLES} from main.mart_teacher_cycle_credits "
        "where k_teacher = ? and cycle_start_year = ?",
        [wh.k(id_number), cycle],
    )
    assert len(rows) == 1
    return rows[0]


def test_requirement_expected_hours_and_caps_follow_the_policy(wh_modified):
    # T1 by as_of 2023-06-30: 2021-2022 GP2022-01 60/10 = 6 -> 5 (year cap); 2022-2023 sign-in
    # 3/10 = 0.3 -> 0.2 (school-based cap) + online 12/20 = 0.6 -> 0.5 (online cycle cap):
    # every cap at once allows 5 + 0.2 + 0.5 = 5.7 (the old min of separate totals gave 5.8,
    # 0.1 more than the online cap allows). 75 h < 144 expected -> behind. The 2026-01-05 record
    # (school year 2025-2026, cycle 2026) is after as_of: nothing by now in its cycle.
    assert row(wh_modified, T1, 2021) == pytest.approx((75.0, 0.0, 5.7, 240.0, 165.0, 144.0, False))
    assert row(wh_modified, T1, 2026) == pytest.approx((0.0, 0.0, 0.0, 240.0, 240.0, 0.0, True))
    # T3: GP2023-01 ends 2023-08-10, after as_of; the 'approved' 2025-12-31 record no longer
    # counts; GP2022-01 60/10 = 6 -> 5 (year cap)
    assert row(wh_modified, T3, 2021) == pytest.approx((60.0, 0.0, 5.0, 240.0, 180.0, 144.0, False))
    # T2: its only counted record (GP2023-01) ends after as_of
    assert row(wh_modified, T2, 2021) == pytest.approx((0.0, 0.0, 0.0, 240.0, 240.0, 144.0, False))
    assert row(wh_modified, T5, 2021)[2] == pytest.approx(0.2)


def test_guopei_rules_and_funding_share_follow_the_policy(wh_modified):
    counts = dict(
        wh_modified.rows("select rule_id, count(*) from main.dq_findings group by rule_id")
    )
    assert "GP_OVER_CYCLE_LIMIT" not in counts  # limit 2: T3's two enrolments are allowed
    # the ban runs 1 year from the end of GP2022-01 (07-10) to 2023-07-10; GP2023-01 starts 08-01
    assert "GP_BANNED_REENROLLED" not in counts
    under = set(
        wh_modified.rows(
            "select source_file, year from main.dq_findings where rule_id = 'SCHOOL_UNDER_5PCT'"
        )
    )
    assert under == {(FUNDING_A_2022, 2022), (FUNDING_A_2023, 2023), (FUNDING_B_2023, 2023)}
    assert counts["NO_TRAINING_IN_YEAR"] == 5
    assert counts["PROJECT_OVER_QUOTA"] == 1
    shortfall = wh_modified.rows(
        "select shortfall_yuan from main.mart_school_year_funding where source_file = ?",
        [FUNDING_A_2023],
    )
    assert shortfall == [(pytest.approx(2000.0),)]  # 7 % of 200000 = 14000 - 12000


def test_default_and_modified_builds_differ_only_where_the_policy_changed(wh, wh_modified):
    assert row(wh, T1, 2021)[3] == 360.0 and row(wh_modified, T1, 2021)[3] == 240.0
    # projected completion: default 75 h / 3 school years = 25 h/yr -> ceil(360 / 25) = 15
    # -> 2035; modified 75 h / 2 school years = 37.5 h/yr -> ceil(240 / 37.5) = 7 -> 2027
    sql = (
        "select projected_completion_year from main.mart_teacher_cycle_credits "
        "where k_teacher = ? and cycle_start_year = 2021"
    )
    assert wh.rows(sql, [wh.k(T1)]) == [(2035,)]
    assert wh_modified.rows(sql, [wh.k(T1)]) == [(2027,)]


def test_year_credits_follow_the_year_caps(wh, wh_modified):
    sql = (
        "select school_year_start, cast(total_hours as double), cast(credits as double) "
        "from main.mart_teacher_year_credits "
        "where k_teacher = ? and total_hours > 0 order by school_year_start"
    )
    # school years: 2021-2022 GP2022-01 (July 2022) 60/10 = 6; 2022-2023 12/20 + 3/20 = 0.75;
    # 2025-2026 (2026-01-05) 12/10 = 1.2
    assert wh.rows(sql, [wh.k(T1)]) == approx_rows(
        [(2021, 60.0, 6.0), (2022, 15.0, 0.75), (2025, 12.0, 1.2)]
    )
    # modified: 2021-2022 capped at 5; 2022-2023 min(3/10, 0.2) + 12/20 capped by the online
    # cycle cap (0.5, filled in the earliest school year with online credits) = 0.7
    assert wh_modified.rows(sql, [wh.k(T1)]) == approx_rows(
        [(2021, 60.0, 5.0), (2022, 15.0, 0.7), (2025, 12.0, 1.2)]
    )
