"""The auditors' suite of mart_school_year_funding: the share is spend over budget, per policy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from expectations.suites.declare import (
    Derived,
    MartSpec,
    close,
    common,
    derived_expectations,
    flag,
    non_negative,
    num,
    policy_value,
    share,
)
from ingest.schemas import SCHOOL_AREA

MART = "mart_school_year_funding"

DERIVED: Derived = {
    "chk__share_is_spend_over_budget": (
        lambda d: close(
            num(d, "training_spend_yuan")
            / num(d, "public_funds_budget_yuan").where(num(d, "public_funds_budget_yuan") > 0),
            num(d, "training_share"),
            tol=0.0001,
        ),
        "培训经费占比 = 培训支出 / 公用经费 "
        "training_share = training_spend_yuan / public_funds_budget_yuan.",
    ),
    "chk__meets_share_consistent": (
        lambda d: (
            ((num(d, "training_share") >= num(d, "required_share")) == flag(d, "meets_share"))
            | ((num(d, "training_share") - num(d, "required_share")).abs() < 1e-9)
        ).astype("boolean"),
        "达标标志与占比一致 meets_share = (training_share >= required_share).",
    ),
}


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
            gxe.ExpectColumnValuesToBeInSet(
                column="school_area", value_set=SCHOOL_AREA, notes="城乡类型取值 rural / urban."
            ),
            *derived_expectations(gxe, DERIVED),
        ],
        derived=DERIVED,
    )
