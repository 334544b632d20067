"""The auditors' suites of the bureau products' marts: what follows from the region policy.

The formulas within a row (rates, shares, sums, ranks) are dbt tests on the marts
(dbt_project/models/marts/products/*.yml); these suites hold what auditors check against the
policy file: the early warning's risk classes against policy early_warning, the appraisal's
indicator list and weights against policy school_appraisal, and the value ranges of the rates
and the 1..5 satisfaction scale.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from expectations.suites.declare import (
    TOLERANCE,
    Derived,
    MartSpec,
    close,
    common,
    derived_expectations,
    non_negative,
    num,
    policy_value,
    share,
)
from expectations.suites.product_marts import PRODUCT_COLUMNS

RISK_CLASSES = ["on_track", "at_risk", "cannot_finish"]


def expected_risk_class(df: pd.DataFrame, on_track_max: float, feasible_max: float) -> pd.Series:
    """The risk class the policy thresholds give each teacher (mart_teacher_early_warning)."""
    needed, years = num(df, "hours_needed"), num(df, "school_years_remaining")
    per_year = num(df, "hours_per_remaining_year")
    out = pd.Series("at_risk", index=df.index, dtype="string")
    out[(per_year > feasible_max).fillna(False)] = "cannot_finish"
    out[(per_year <= on_track_max).fillna(False)] = "on_track"
    out[((needed > 0) & (years == 0)).fillna(False)] = "cannot_finish"
    out[(needed == 0).fillna(False)] = "on_track"
    return out


def _early_warning(policy: Mapping[str, Any], gxe: Any) -> MartSpec:
    mart = "mart_teacher_early_warning"
    on_track_max = float(policy_value(policy, "early_warning.on_track_max_hours_per_year"))
    feasible_max = float(policy_value(policy, "early_warning.feasible_max_hours_per_year"))
    cycle_length = int(policy_value(policy, "cycle_length_years"))
    hours_per_cycle = float(policy_value(policy, "hours_per_cycle"))
    derived: Derived = {
        "chk__risk_class_follows_policy": (
            lambda d: (
                d["risk_class"].astype("string")
                == expected_risk_class(d, on_track_max, feasible_max)
            ).astype("boolean"),
            f"风险等级符合政策阈值(每剩余学年需 <= {on_track_max:g} 学时为进度正常, "
            f"> {feasible_max:g} 学时为不破例无法完成) risk_class follows policy early_warning.",
        ),
    }
    return MartSpec(
        mart=mart,
        expectations=[
            *common(mart, gxe, PRODUCT_COLUMNS[mart]),
            gxe.ExpectColumnValuesToBeInSet(
                column="risk_class", value_set=RISK_CLASSES, notes="风险等级取值 risk_class codes."
            ),
            *non_negative(gxe, ["hours_counted", "hours_needed", "hours_per_remaining_year"], "学时"),
            gxe.ExpectColumnValuesToBeBetween(
                column="required_hours",
                min_value=0,
                max_value=hours_per_cycle,
                notes=f"要求学时不超过政策的 {hours_per_cycle:g} required_hours <= hours_per_cycle.",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="school_years_remaining",
                min_value=0,
                max_value=cycle_length,
                notes=f"剩余学年在0到周期 {cycle_length} 年之间 "
                "school_years_remaining in [0, cycle_length_years].",
            ),
            *derived_expectations(gxe, derived),
        ],
        derived=derived,
        derived_inputs=(
            "risk_class", "hours_needed", "school_years_remaining", "hours_per_remaining_year",
        ),
    )


def _school_early_warning(gxe: Any) -> MartSpec:
    mart = "mart_school_early_warning"
    return MartSpec(
        mart=mart,
        expectations=[
            *common(mart, gxe, PRODUCT_COLUMNS[mart]),
            *non_negative(
                gxe, ["roster_teachers", "n_on_track", "n_at_risk", "n_cannot_finish"], "人数"
            ),
            share(gxe, "share_at_risk", "风险教师占比"),
        ],
    )


def _appraisal(policy: Mapping[str, Any], gxe: Any) -> MartSpec:
    mart = "mart_school_appraisal"
    weights = {k: float(v) for k, v in policy_value(policy, "school_appraisal.weights").items()}
    total = sum(weights.values()) or 1.0

    def points(d: pd.DataFrame) -> pd.Series:
        weight = d["indicator"].map(weights).astype("Float64")
        return (100 * weight * num(d, "value").clip(upper=1.0) / total).fillna(0.0)

    derived: Derived = {
        "chk__weight_is_policy": (
            lambda d: close(num(d, "weight"), d["indicator"].map(weights).astype("Float64")),
            "权重等于政策 school_appraisal.weights 的值 weight equals the policy's weight.",
        ),
        "chk__points_follow_policy_weights": (
            lambda d: close(num(d, "weighted_points").fillna(0.0), points(d), TOLERANCE),
            "加权得分 = 100 x 政策权重 x min(本校值, 1) / 政策权重之和 "
            "weighted_points = 100 x policy weight x min(value, 1) / sum of the policy weights.",
        ),
    }
    return MartSpec(
        mart=mart,
        expectations=[
            *common(mart, gxe, PRODUCT_COLUMNS[mart]),
            gxe.ExpectColumnValuesToBeInSet(
                column="indicator",
                value_set=sorted(weights),
                notes="考核指标即政策 school_appraisal.weights 所列 "
                "indicators are the policy's list.",
            ),
            *non_negative(gxe, ["value"], "指标值"),
            *derived_expectations(gxe, derived),
        ],
        derived=derived,
        derived_inputs=("indicator", "value", "weight", "weighted_points"),
    )


def _score(policy: Mapping[str, Any], gxe: Any) -> MartSpec:
    mart = "mart_school_appraisal_score"
    indicators = len(policy_value(policy, "school_appraisal.weights"))
    return MartSpec(
        mart=mart,
        expectations=[
            *common(mart, gxe, PRODUCT_COLUMNS[mart]),
            gxe.ExpectColumnValuesToBeBetween(
                column="weighted_score",
                min_value=0,
                max_value=100,
                notes="综合得分在0到100之间 weighted_score in [0, 100].",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="indicators",
                min_value=indicators,
                max_value=indicators,
                notes=f"指标数等于政策所列 {indicators} 项 indicators = the policy's list.",
            ),
        ],
    )


def _providers(gxe: Any) -> MartSpec:
    mart = "mart_provider_year_scorecard"
    counts = ["enrolled", "attended", "no_shows", "dismissed", "passed", "survey_responses"]
    return MartSpec(
        mart=mart,
        expectations=[
            *common(mart, gxe, PRODUCT_COLUMNS[mart]),
            *non_negative(gxe, counts, "人数"),
            *non_negative(gxe, ["cost_per_trainee_hour_yuan"], "生均学时成本"),
            *(share(gxe, c, "比率") for c in ("attendance_rate", "pass_rate", "satisfied_share")),
            gxe.ExpectColumnValuesToBeBetween(
                column="mean_satisfaction",
                min_value=1,
                max_value=5,
                notes="满意度均分在问卷量表1到5分之间 mean_satisfaction on the 1..5 scale.",
            ),
        ],
    )


def _bulletin(gxe: Any) -> MartSpec:
    mart = "mart_project_school_bulletin"
    rates = ("school_attendance_rate", "school_pass_rate", "county_attendance_rate",
             "county_pass_rate")  # fmt: skip
    return MartSpec(
        mart=mart,
        expectations=[
            *common(mart, gxe, PRODUCT_COLUMNS[mart]),
            *(share(gxe, c, "比率") for c in rates),
            *non_negative(gxe, ["study_hours"], "学时"),
        ],
    )


def product_suite_specs(policy: Mapping[str, Any], gxe: Any) -> dict[str, MartSpec]:
    """The auditors' expectations for each product mart, with policy values filled in."""
    specs = (
        _early_warning(policy, gxe),
        _school_early_warning(gxe),
        _appraisal(policy, gxe),
        _score(policy, gxe),
        _providers(gxe),
        _bulletin(gxe),
    )
    return {s.mart: s for s in specs}
