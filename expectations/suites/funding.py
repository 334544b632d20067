"""The auditors' suite of mart_school_year_funding: the required share is the policy's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from expectations.suites.declare import (
    Derived,
    MartSpec,
    common,
    derived_expectations,
    non_negative,
    policy_value,
    share,
)

MART = "mart_school_year_funding"

# training_share = spend / budget and meets_share are dbt tests on the mart, not repeated here
DERIVED: Derived = {}


def funding_spec(policy: Mapping[str, Any], gxe: Any) -> MartSpec:
    required = float(policy_value(policy, "funding.school_training_share_of_public_funds"))
    return MartSpec(
        mart=MART,
        expectations=[
            *common(MART, gxe),
            *non_negative(gxe, ["public_funds_budget_yuan", "training_spend_yuan"], "经费金额"),
            share(gxe, "training_share", "培训经费占比"),
            gxe.ExpectColumnValuesToBeBetween(
                column="required_share",
                min_value=required,
                max_value=required,
                notes=f"要求占比等于政策值 {required:g} required_share equals the policy's share.",
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="meets_share",
                value_set=[True, False],
                notes="meets_share 为布尔值（经费缺失时为空）"
                "is boolean, null when spend or budget is missing.",
            ),
            *derived_expectations(gxe, DERIVED),
        ],
        derived=DERIVED,
    )
