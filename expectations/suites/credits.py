"""The auditors' suite of mart_teacher_cycle_credits: the cycle and required hours follow policy.

That the hours add up and the derived columns follow their definitions are dbt tests on the mart
(dbt_project/models/marts/mart_teacher_cycle_credits.yml), not repeated here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from expectations.suites.declare import (
    Derived,
    MartSpec,
    boolean,
    common,
    derived_expectations,
    non_negative,
    num,
    policy_value,
)

MART = "mart_teacher_cycle_credits"
HOURS_COLS = [
    "total_hours",
    "national_hours",
    "provincial_hours",
    "city_hours",
    "county_hours",
    "school_hours",
    "practice_hours",
    "credits",
    "remaining_hours",
    "expected_hours_by_now",
]


def _derived(cycle_length: int, cycle_start: int) -> Derived:
    return {
        "chk__cycle_span_matches_policy": (
            lambda d: (
                num(d, "cycle_end_year") - num(d, "cycle_start_year") + 1 == cycle_length
            ).astype("boolean"),
            f"周期跨度等于政策的 {cycle_length} 年 "
            f"cycle_end_year - cycle_start_year + 1 = {cycle_length}.",
        ),
        "chk__cycle_aligned_with_policy": (
            lambda d: ((num(d, "cycle_start_year") - cycle_start) % cycle_length == 0).astype(
                "boolean"
            ),
            f"周期起始年与政策周期对齐（{cycle_start} ± {cycle_length} 的倍数） "
            f"cycle_start_year is {cycle_start} plus a multiple of {cycle_length}.",
        ),
    }


def credits_spec(policy: Mapping[str, Any], gxe: Any) -> MartSpec:
    cycle_length = int(policy_value(policy, "cycle_length_years"))
    cycle_start = int(policy_value(policy, "cycle_start_year"))
    hours_per_cycle = float(policy_value(policy, "hours_per_cycle"))
    derived = _derived(cycle_length, cycle_start)
    return MartSpec(
        mart=MART,
        expectations=[
            *common(MART, gxe),
            *non_negative(gxe, HOURS_COLS, "学时/学分"),
            gxe.ExpectColumnValuesToBeBetween(
                column="required_hours",
                min_value=0,
                max_value=hours_per_cycle,
                notes=f"要求学时在0到政策的 {hours_per_cycle:g} 之间 "
                "required_hours in [0, hours_per_cycle].",
            ),
            gxe.ExpectColumnValuesToNotBeNull(
                column="required_hours", notes="要求学时不可为空 required_hours must not be null."
            ),
            *boolean(gxe, "on_track"),
            *derived_expectations(gxe, derived),
        ],
        derived=derived,
        derived_inputs=("cycle_start_year", "cycle_end_year"),
    )
