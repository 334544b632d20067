"""What the suites know about each published mart: minimum columns, key and title.

The key is tested by dbt (unique_combination and not_null in each mart's YAML); it is kept here
because the report and the tests name the grain, not to test it a second time.
"""

from __future__ import annotations

from expectations.suites.product_marts import PRODUCT_TITLES

SCHEMA = "main"

# Minimum columns per published mart (docs/data_contract.md section 3).
MART_COLUMNS: dict[str, list[str]] = {
    "mart_teacher_cycle_credits": [
        "k_teacher",
        "cycle_start_year",
        "cycle_end_year",
        "school_code",
        "county",
        "school_area",
        "total_hours",
        "national_hours",
        "provincial_hours",
        "city_hours",
        "county_hours",
        "school_hours",
        "practice_hours",
        "credits",
        "required_hours",
        "remaining_hours",
        "expected_hours_by_now",
        "on_track",
    ],
    "mart_school_year_funding": [
        "school_code",
        "year",
        "county",
        "school_area",
        "public_funds_budget_yuan",
        "training_spend_yuan",
        "training_share",
        "required_share",
        "meets_share",
    ],
    "mart_project_year_participation": [
        "project_code",
        "year",
        "project_name",
        "level",
        "mode",
        "planned_seats",
        "allocated_seats",
        "enrolled",
        "attended",
        "passed",
        "pass_rate",
        "over_quota",
    ],
}
MART_KEYS: dict[str, list[str]] = {
    "mart_teacher_cycle_credits": ["k_teacher", "cycle_start_year"],
    "mart_school_year_funding": ["school_code", "year"],
    "mart_project_year_participation": ["project_code", "year"],
}
MART_TITLES: dict[str, str] = {
    "mart_teacher_cycle_credits": "教师周期学时 Teacher cycle credits",
    "mart_school_year_funding": "学校年度培训经费 School-year funding",
    "mart_project_year_participation": "项目年度参训 Project-year participation",
    **PRODUCT_TITLES,
}
# the marts with an auditors' suite, a Dagster check and a freshness check: the core marts, then
# the bureau products' (expectations/suites/products.py)
PUBLISHED_MARTS: tuple[str, ...] = (*MART_COLUMNS, *PRODUCT_TITLES)
