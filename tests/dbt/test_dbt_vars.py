"""How the policy reaches dbt: parse needs no vars, a build without the policy stops clearly."""

from __future__ import annotations


def test_without_vars_parse_succeeds_and_a_build_stops_with_a_clear_message(run_dbt_in):
    # one dbt invocation for both (dbt is slow to start): with no --vars at all the project
    # parses (result.result holds node results, not a parse exception), then the first model
    # that reads the policy stops with the message that says what to pass
    result = run_dbt_in(["run", "--select", "int_project_enrolments"], policy=None)
    assert not result.success
    assert result.result is not None, f"parse failed: {result.exception}"
    messages = " ".join(str(r.message) for r in result.result)
    assert "var 'policy' is missing" in messages
    assert "--vars" in messages


def test_default_build_ran_every_unit_test_and_data_test(wh):
    statuses: dict[str, set[str]] = {}
    for node_result in wh.result.result:
        kind = node_result.node.resource_type
        statuses.setdefault(str(kind), set()).add(str(node_result.status))
    assert statuses.get("unit_test") == {"pass"}
    assert statuses.get("test") == {"pass"}
    assert statuses.get("model") == {"success"}
    unit_tests = {r.node.name for r in wh.result.result if str(r.node.resource_type) == "unit_test"}
    assert {
        "masked_id_matches_only_one_teacher_by_head_tail_name_and_school",
        "dedup_prefers_certified_source_and_lists_confirmations",
        "cycle_boundaries_follow_the_completion_date",
        "credit_caps_all_together_give_the_largest_allowed_total",
        "cycle_credits_count_by_now_and_keep_later_records_apart",
        "expected_hours_by_now_counts_completed_cycle_years",
        "expected_hours_by_now_with_calendar_school_years",
        "year_credits_per_school_year_from_the_allocation",
        "it20_counts_keyword_and_code_matches_in_project_counties_only",
        "send_rate_counts_enrolled_and_platform_learners_per_allocated_project",
    } <= unit_tests
