"""The auditors' suite of mart_project_year_participation: counts and the pass rate in range."""

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
    share,
)

MART = "mart_project_year_participation"

# the counts nest, pass_rate = passed / attended, over_quota and the level / mode codes are dbt
# tests on the mart (mart_project_year_participation.yml), not repeated here
DERIVED: Derived = {}


def participation_spec(policy: Mapping[str, Any], gxe: Any) -> MartSpec:
    del policy  # no policy value in this suite; the signature matches the other marts
    return MartSpec(
        mart=MART,
        expectations=[
            *common(MART, gxe),
            *non_negative(
                gxe, ["planned_seats", "allocated_seats", "enrolled", "attended", "passed"], "人数"
            ),
            share(gxe, "pass_rate", "合格率"),
            *boolean(gxe, "over_quota"),
            *derived_expectations(gxe, DERIVED),
        ],
        derived=DERIVED,
    )
