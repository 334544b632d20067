"""The auditors' suite of mart_teacher_cycle_credits: hours add up, the cycle follows policy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from expectations.suites.declare import (
    Derived,
    MartSpec,
    boolean,
    close,
    common,
    derived_expectations,
    flag,
    non_negative,
    num,
    pair_at_least,
    policy_value,
)
from ingest.schemas import SCHOOL_AREA

MART = "mart_teacher_cycle_credits"
# hours of a level outside the vocabulary, kept apart by the dbt mart when present
OPTIONAL_LEVEL_COLS = ["unknown_level_hours"]
LEVEL_COLS = ["national_hours", "provincial_hours", "city_hours", "county_hours", "school_hours"]
HOURS_COLS = [
    "total_hours",
    *LEVEL_COLS,
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
        "chk__total_is_sum_of_levels": (
            lambda d: close(
                sum(num(d, c) for c in LEVEL_COLS + [c for c in OPTIONAL_LEVEL_COLS if c in d]),
                num(d, "total_hours"),
            ),
            "总学时等于各级别学时之和 total_hours = national + provincial + city + county + school "
            "(+ unknown_level) hours.",
        ),
        "chk__on_track_consistent": (
            lambda d: (
                (num(d, "total_hours") >= num(d, "expected_hours_by_now")) == flag(d, "on_track")
            ).astype("boolean"),
            "按期标志与学时一致 on_track = (total_hours >= expected_hours_by_now).",
        ),
        "chk__remaining_is_required_minus_total": (
            lambda d: close(
                (num(d, "required_hours") - num(d, "total_hours")).clip(lower=0),
                num(d, "remaining_hours"),
            ),
            "剩余学时 = max(要求学时 - 总学时, 0) "
            "remaining_hours = max(required_hours - total_hours, 0).",
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
            pair_at_least(
                gxe,
                "required_hours",
                "remaining_hours",
                "剩余学时不超过要求学时 remaining_hours <= required_hours.",
            ),
            pair_at_least(
                gxe,
                "required_hours",
                "expected_hours_by_now",
                "截至当前应完成学时不超过要求学时 expected_hours_by_now <= required_hours.",
            ),
            *boolean(gxe, "on_track"),
            gxe.ExpectColumnValuesToBeInSet(
                column="school_area", value_set=SCHOOL_AREA, notes="城乡类型取值 rural / urban."
            ),
            *derived_expectations(gxe, derived),
        ],
        derived=derived,
    )
