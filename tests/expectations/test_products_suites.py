"""The auditors' GX suites of the bureau products' marts check them against the policy file:
risk classes against early_warning's thresholds, the appraisal's indicators and weights against
school_appraisal.weights. Hand-written product marts, consistent with config/policy.yml (72 / 144
hours per remaining school year; weights 0.2, 0.2, 0.2, 0.15, 0.1, 0.15, sum 1).
"""

from __future__ import annotations

import copy

import duckdb
import pytest

from expectations.suites import PUBLISHED_MARTS, run_mart_suites
from expectations.suites.product_marts import PRODUCT_MARTS

IN_SET = "expect_column_values_to_be_in_set"
# name, columns, rows
TABLES = {
    "mart_teacher_early_warning": (
        "k_teacher varchar, school_code varchar, county varchar, cycle_start_year integer, "
        "hours_counted decimal(18,4), required_hours decimal(18,4), hours_needed decimal(18,4), "
        "school_years_remaining integer, hours_per_remaining_year decimal(18,4), risk_class varchar",
        [
            # needed / years left: 60 / 2 = 30 <= 72 on track; 260 / 2 = 130 at risk;
            # 360 / 2 = 180 > 144 cannot finish; nothing needed: on track
            ("kA", "S1", "C1", 2021, 300, 360, 60, 2, 30, "on_track"),
            ("kB", "S1", "C1", 2021, 100, 360, 260, 2, 130, "at_risk"),
            ("kC", "S1", "C1", 2021, 0, 360, 360, 2, 180, "cannot_finish"),
            ("kD", "S2", "C1", 2021, 360, 360, 0, 2, 0, "on_track"),
        ],
    ),
    "mart_school_early_warning": (
        "school_code varchar, county varchar, roster_teachers integer, n_on_track integer, "
        "n_at_risk integer, n_cannot_finish integer, share_at_risk double, rank_in_county integer",
        [("S1", "C1", 3, 1, 1, 1, 2 / 3, 1), ("S2", "C1", 1, 1, 0, 0, 0.0, 2)],
    ),
    "mart_school_appraisal": (
        "school_code varchar, year integer, county varchar, indicator varchar, weight double, "
        "value double, county_median double, rank_in_county integer, "
        "change_from_last_year double, weighted_points double",
        [
            # 100 x 0.2 x 0.5 / 1 = 10; a value above 1 counts as 1: 100 x 0.2 x 1 = 20;
            # no value: no points
            ("S1", 2023, "C1", "send_rate", 0.2, 0.5, 0.5, 1, None, 10.0),
            ("S1", 2023, "C1", "pass_rate", 0.2, 1.25, 1.25, 1, 0.25, 20.0),
            ("S1", 2023, "C1", "backbone_trained", 0.1, None, None, None, None, None),
        ],
    ),
    "mart_school_appraisal_score": (
        "school_code varchar, year integer, county varchar, weighted_score double, "
        "county_median double, rank_in_county integer, indicators integer",
        [("S1", 2023, "C1", 30.0, 30.0, 1, 6)],
    ),
    "mart_provider_year_scorecard": (
        "provider varchar, year integer, enrolled integer, attended integer, no_shows integer, "
        "dismissed integer, passed integer, fill_rate double, attendance_rate double, "
        "pass_rate double, cost_per_trainee_hour_yuan decimal(18,2), survey_responses integer, "
        "mean_satisfaction double, satisfied_share double",
        [("机构甲", 2023, 10, 9, 1, 0, 8, 1.0, 0.9, 8 / 9, 12.5, 5, 4.2, 0.8)],
    ),
    "mart_project_school_bulletin": (
        "project_code varchar, year integer, school_code varchar, k_teacher varchar, "
        "attended boolean, outcome varchar, passed boolean, study_hours decimal(18,4), "
        "school_attendance_rate double, school_pass_rate double, county_attendance_rate double, "
        "county_pass_rate double",
        [("P1", 2023, "S1", "kA", True, "passed", True, 12, 1.0, 1.0, 0.9, 8 / 9)],
    ),
}


@pytest.fixture
def products() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for mart, (columns, rows) in TABLES.items():
        con.execute(f"create table main.{mart} ({columns})")
        con.executemany(
            f"insert into main.{mart} values ({', '.join('?' for _ in rows[0])})", rows
        )
    yield con
    con.close()


def _failed(result) -> list[tuple[str, str, int | None]]:
    return [
        (e.expectation_type, e.column, e.unexpected_count)
        for e in result.expectations
        if e.status != "pass"
    ]


def test_every_product_mart_is_published_with_a_suite_that_passes_on_consistent_rows(
    products, policy
):
    assert PUBLISHED_MARTS[-len(PRODUCT_MARTS):] == PRODUCT_MARTS
    results = run_mart_suites(products, policy, marts=PRODUCT_MARTS)
    assert {r.mart: (r.status, _failed(r)) for r in results} == {
        m: ("pass", []) for m in PRODUCT_MARTS
    }


def test_a_risk_class_against_the_policy_thresholds_fails_and_follows_a_changed_policy(
    products, policy
):
    # kB needs 130 h a year: at risk under 72 / 144, on track once on_track_max is 140
    products.execute("update main.mart_teacher_early_warning set risk_class = 'on_track' "
                     "where k_teacher = 'kB'")  # fmt: skip
    (result,) = run_mart_suites(products, policy, marts=["mart_teacher_early_warning"])
    assert _failed(result) == [(IN_SET, "chk__risk_class_follows_policy", 1)]

    looser = copy.deepcopy(policy)
    looser["early_warning"]["on_track_max_hours_per_year"] = 140
    (result,) = run_mart_suites(products, looser, marts=["mart_teacher_early_warning"])
    assert result.status == "pass"


def test_an_appraisal_weight_other_than_the_policys_fails(products, policy):
    # send_rate weighted 0.3 (policy 0.2): the weight and its points (15, not 10) both fail
    products.execute("update main.mart_school_appraisal set weight = 0.3, weighted_points = 15 "
                     "where indicator = 'send_rate'")  # fmt: skip
    (result,) = run_mart_suites(products, policy, marts=["mart_school_appraisal"])
    assert _failed(result) == [
        (IN_SET, "chk__weight_is_policy", 1),
        (IN_SET, "chk__points_follow_policy_weights", 1),
    ]

