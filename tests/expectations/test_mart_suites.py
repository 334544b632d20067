"""The auditors' mart suites: pass on consistent data, fail with exact unexpected counts on bad
rows, and report an expectation that raised as an ERROR, never as a pass."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import yaml
from dq_sample_warehouse import REPO

from expectations.suites import (
    MART_COLUMNS,
    MART_KEYS,
    SuiteResult,
    load_suite_results,
    mart_suite_specs,
    outcome_from_gx,
    run_mart_suites,
    save_suite_results,
)


def _by_mart(results: list[SuiteResult]) -> dict[str, SuiteResult]:
    return {r.mart: r for r in results}


def test_suites_pass_on_consistent_hand_written_marts(good_suite_results):
    results = good_suite_results

    assert [r.mart for r in results] == list(MART_COLUMNS)
    for r in results:
        failing = [
            (e.expectation_type, e.kwargs, e.exception_message)
            for e in r.expectations
            if not e.success
        ]
        assert r.status == "pass", failing
        assert r.success is True
        assert r.count("error") == 0 and r.count("fail") == 0
    assert _by_mart(results)["mart_teacher_cycle_credits"].row_count == 5


def test_share_above_one_fails_with_one_unexpected_row(warehouse, policy):
    warehouse.execute(
        "update main.mart_school_year_funding set training_share = 1.5 where school_code = 'S002'"
    )
    funding = _by_mart(run_mart_suites(warehouse, policy, marts=["mart_school_year_funding"]))[
        "mart_school_year_funding"
    ]

    assert funding.status == "fail" and funding.success is False
    (between,) = [
        e for e in funding.by_type("expect_column_values_to_be_between", "training_share")
    ]
    assert between.status == "fail"
    assert between.unexpected_count == 1
    assert between.partial_unexpected == [1.5]
    # that 1.5 is not spend / budget is the mart's dbt test (expression_holds), not GX's
    assert not funding.by_type("expect_column_values_to_be_in_set", "chk__share_is_spend_over_budget")
    assert funding.count("error") == 0


def test_key_tests_live_in_dbt_not_in_the_gx_suites(policy):
    # the grain is a dbt test on each mart (unique_combination + not_null); GX does not repeat it
    for mart, spec in mart_suite_specs(policy).items():
        kinds = {type(e).__name__ for e in spec.expectations}
        assert "ExpectCompoundColumnsToBeUnique" not in kinds, mart
        not_null = {
            e.column
            for e in spec.expectations
            if type(e).__name__ == "ExpectColumnValuesToNotBeNull"
        }
        assert not not_null & set(MART_KEYS[mart]), mart
        model = yaml.safe_load(
            (REPO / "dbt_project/models/marts" / f"{mart}.yml").read_text("utf-8")
        )
        (entry,) = model["models"]
        unique = [t["unique_combination"] for t in entry["data_tests"] if "unique_combination" in t]
        assert unique[0]["arguments"]["combination_of_columns"] == MART_KEYS[mart]
        tested = {
            c["name"]
            for c in entry["columns"]
            if any(
                t == "not_null" or (isinstance(t, dict) and "not_null" in t)
                for t in c.get("data_tests", [])
            )
        }
        assert set(MART_KEYS[mart]) <= tested, mart


def test_cross_column_invariants_are_dbt_tests_not_gx_expectations(policy):
    # declared once: the sums, nesting counts and derived-column definitions are generic dbt tests
    # on the marts (dbt_project/tests/generic/); the suites keep range and policy checks
    kinds = {
        mart: {type(e).__name__ for e in spec.expectations}
        for mart, spec in mart_suite_specs(policy).items()
    }
    assert all("ExpectColumnPairValuesAToBeGreaterThanB" not in k for k in kinds.values())
    assert {m: sorted(s.derived) for m, s in mart_suite_specs(policy).items()} == {
        "mart_teacher_cycle_credits": [
            "chk__cycle_aligned_with_policy",
            "chk__cycle_span_matches_policy",
        ],
        "mart_school_year_funding": [],
        "mart_project_year_participation": [],
    }
    for mart, tests in {
        "mart_teacher_cycle_credits": {"sum_of_parts", "expression_holds", "at_most"},
        "mart_project_year_participation": {"at_most", "expression_holds", "in_vocabulary"},
        "mart_school_year_funding": {"expression_holds", "in_vocabulary"},
    }.items():
        model = yaml.safe_load(
            (REPO / "dbt_project/models/marts" / f"{mart}.yml").read_text("utf-8")
        )
        (entry,) = model["models"]
        assert tests <= {next(iter(t)) for t in entry["data_tests"]}, mart


def test_passed_above_enrolled_and_rate_above_one_fail(warehouse, policy):
    warehouse.execute(
        "update main.mart_project_year_participation set passed = 120, pass_rate = 1.2 "
        "where project_code = 'P002'"
    )
    result = run_mart_suites(warehouse, policy, marts=["mart_project_year_participation"])[0]

    failed = {e.column: e.unexpected_count for e in result.expectations if e.status == "fail"}
    # passed > attended is the mart's dbt test (at_most); GX checks the rate's range
    assert failed == {"pass_rate": 1}


def test_policy_values_drive_the_expectations_not_literals(warehouse, policy):
    stricter = copy.deepcopy(policy)
    stricter["funding"]["school_training_share_of_public_funds"] = 0.06
    funding = run_mart_suites(warehouse, stricter, marts=["mart_school_year_funding"])[0]

    (required,) = funding.by_type("expect_column_values_to_be_between", "required_share")
    assert required.kwargs["min_value"] == 0.06 and required.kwargs["max_value"] == 0.06
    assert required.unexpected_count == 3  # the mart was built with 0.05

    spec = mart_suite_specs({**policy, "cycle_length_years": 4})["mart_teacher_cycle_credits"]
    assert "4" in spec.derived["chk__cycle_span_matches_policy"][1]


def test_policy_without_a_needed_key_says_which(policy):
    broken = {k: v for k, v in policy.items() if k != "hours_per_cycle"}
    with pytest.raises(KeyError, match="hours_per_cycle"):
        mart_suite_specs(broken)


def test_expectation_on_a_missing_column_is_an_error_not_a_pass(warehouse, policy):
    # on_track gone: its not-null and in-set expectations cannot be evaluated (GX raises inside)
    warehouse.execute("alter table main.mart_teacher_cycle_credits drop column on_track")
    result = run_mart_suites(warehouse, policy, marts=["mart_teacher_cycle_credits"])[0]

    assert result.status == "error"
    assert result.success is False
    errored = {
        (e.expectation_type, e.column): e.exception_message
        for e in result.expectations
        if e.status == "error"
    }
    assert errored == {
        ("expect_column_values_to_not_be_null", "on_track"): (
            'Error: The column "on_track" in BatchData does not exist.'
        ),
        ("expect_column_values_to_be_in_set", "on_track"): (
            'Error: The column "on_track" in BatchData does not exist.'
        ),
    }
    assert all(e.raised and not e.success for e in result.expectations if e.status == "error")
    # nothing else is reported as passing on the strength of the missing column
    assert result.count("pass") == len(result.expectations) - 3
    # the minimum-columns expectation reports the gap as an ordinary failure
    (columns,) = result.by_type("expect_table_columns_to_match_set")
    assert columns.status == "fail"


def test_raised_exception_overrides_a_success_flag():
    class _Config:
        type = "expect_column_values_to_not_be_null"
        kwargs = {"column": "x", "batch_id": "b"}
        notes = None

    class _Result:
        expectation_config = _Config()
        success = True  # even if GX ever reported success alongside an exception
        result: dict = {}
        exception_info = {
            "metric-id": {
                "raised_exception": True,
                "exception_message": "boom",
                "exception_traceback": "tb",
            }
        }

    outcome = outcome_from_gx(_Result())
    assert outcome.status == "error" and outcome.success is False
    assert outcome.exception_message == "boom"
    assert outcome.kwargs == {"column": "x"}


def test_missing_mart_table_is_an_error_result(warehouse, policy):
    warehouse.execute("drop table main.mart_school_year_funding")
    marts = ["mart_school_year_funding", "mart_teacher_cycle_credits"]
    results = _by_mart(run_mart_suites(warehouse, policy, marts=marts))

    funding = results["mart_school_year_funding"]
    assert funding.status == "error"
    assert "does not exist" in funding.error
    assert results["mart_teacher_cycle_credits"].status == "pass"


def test_stored_results_read_back_equal_to_what_the_run_returned(warehouse, policy):
    warehouse.execute(
        "update main.mart_project_year_participation set pass_rate = 1.2 where project_code = 'P002'"
    )
    results = run_mart_suites(warehouse, policy)
    at = dt.datetime(2024, 3, 5, 8, 30)
    save_suite_results(warehouse, results, run_id="run-1", validated_at=at)

    stored = load_suite_results(warehouse)
    assert stored.run_id == "run-1" and stored.validated_at == at
    assert stored.results == results
    assert [r.status for r in stored.results] == ["pass", "pass", "fail"]
    # JSON keeps the failing values the report shows
    (rate,) = stored.results[2].by_type("expect_column_values_to_be_between", "pass_rate")
    assert rate.partial_unexpected == [1.2] and rate.unexpected_count == 1
    # a later run replaces the stored one
    save_suite_results(warehouse, results[:1], run_id="run-2")
    again = load_suite_results(warehouse)
    assert again.run_id == "run-2" and [r.mart for r in again.results] == [results[0].mart]
    assert (
        json.loads(warehouse.execute("select result from audit.mart_suite_results").fetchone()[0])[
            "status"
        ]
        == "pass"
    )


def test_no_stored_result_reads_as_none(warehouse):
    assert load_suite_results(warehouse) is None


def test_extra_dbt_columns_unknown_level_hours_and_null_meets_share_are_accepted(warehouse, policy):
    # the dbt mart keeps hours of an unknown level apart; they are part of total_hours
    warehouse.execute(
        "alter table main.mart_teacher_cycle_credits add column unknown_level_hours double default 0"
    )
    warehouse.execute(
        "update main.mart_teacher_cycle_credits set unknown_level_hours = 10, total_hours = 110, "
        "remaining_hours = 250 where k_teacher = 'k1' and cycle_start_year = 2021"
    )
    # meets_share is null when the spend is missing
    warehouse.execute(
        "update main.mart_school_year_funding set training_spend_yuan = null, "
        "training_share = null, meets_share = null where school_code = 'S002'"
    )
    results = run_mart_suites(
        warehouse, policy, marts=["mart_teacher_cycle_credits", "mart_school_year_funding"]
    )

    assert [r.status for r in results] == ["pass", "pass"]
