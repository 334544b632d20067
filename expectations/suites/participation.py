"""The auditors' suite of mart_project_year_participation: counts nest, the rate is the mart's."""

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
    share,
)
from ingest.schemas import LEVEL, MODE

MART = "mart_project_year_participation"

DERIVED: Derived = {
    "chk__pass_rate_is_passed_over_attended": (
        lambda d: close(
            num(d, "passed") / num(d, "attended").where(num(d, "attended") > 0),
            num(d, "pass_rate"),
            tol=0.0001,
        ),
        "合格率 = 合格人数 / 实际参训人数 pass_rate = passed / attended.",
    ),
    "chk__over_quota_consistent": (
        lambda d: ((num(d, "enrolled") > num(d, "planned_seats")) == flag(d, "over_quota")).astype(
            "boolean"
        ),
        "超额标志与人数一致 over_quota = (enrolled > planned_seats).",
    ),
}


def participation_spec(policy: Mapping[str, Any], gxe: Any) -> MartSpec:
    del policy  # no policy value in this suite; the signature matches the other marts
    return MartSpec(
        mart=MART,
        expectations=[
            *common(MART, gxe),
            gxe.ExpectColumnValuesToBeInSet(
                column="level", value_set=LEVEL, notes="培训级别取值 level vocabulary."
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="mode", value_set=MODE, notes="培训形式取值 mode vocabulary."
            ),
            *non_negative(
                gxe, ["planned_seats", "allocated_seats", "enrolled", "attended", "passed"], "人数"
            ),
            pair_at_least(
                gxe, "enrolled", "attended", "报名人数不少于参训人数 enrolled >= attended."
            ),
            pair_at_least(gxe, "attended", "passed", "参训人数不少于合格人数 attended >= passed."),
            pair_at_least(gxe, "enrolled", "passed", "报名人数不少于合格人数 enrolled >= passed."),
            share(gxe, "pass_rate", "合格率"),
            *boolean(gxe, "over_quota"),
            *derived_expectations(gxe, DERIVED),
        ],
        derived=DERIVED,
    )
