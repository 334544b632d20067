"""Building blocks of the suite declarations: the spec type, helper-column maths and the
expectations every mart shares.

Cross-column rules that GX's pandas expectations cannot state directly (``remaining_hours ==
max(required_hours - total_hours, 0)``) are computed as boolean helper columns named
``chk__<rule>`` and checked with ``expect_column_values_to_be_in_set([True])``; a helper is null
when one of its inputs is null, and GX skips nulls, so each helper counts only rows where the
rule can be judged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from expectations.suites.marts import MART_COLUMNS

TOLERANCE = 0.01  # hours compared with 1/100 of an hour of slack for float noise

DerivedCheck = Callable[[pd.DataFrame], pd.Series]
Derived = dict[str, tuple[DerivedCheck, str]]  # helper column -> (computation, note)


@dataclass
class MartSpec:
    """What one mart's suite checks: GX expectations plus the helper columns they need."""

    mart: str
    expectations: list[Any]
    derived: Derived = field(default_factory=dict)
    derived_inputs: tuple[str, ...] = ()  # the mart columns the helpers read

    @property
    def suite_name(self) -> str:
        return f"{self.mart}__auditors"

    @property
    def data_columns(self) -> list[str]:
        """The mart columns whose values the suite reads (the others only need their names)."""
        named: list[str] = []
        for expectation in self.expectations:
            for attr in ("column", "column_A", "column_B"):
                if isinstance(value := getattr(expectation, attr, None), str):
                    named.append(value)
            named.extend(getattr(expectation, "column_list", None) or [])
        named.extend(self.derived_inputs)
        return [c for c in dict.fromkeys(named) if c not in self.derived]


def policy_value(policy: Mapping[str, Any], dotted: str) -> Any:
    node: Any = policy
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise KeyError(
                f"policy lacks '{dotted}', needed by the mart expectations; "
                "see config/policy.yml for the default"
            )
        node = node[part]
    return node


def num(df: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(df[column], errors="coerce").astype("Float64")


def flag(df: pd.DataFrame, column: str) -> pd.Series:
    return df[column].astype("boolean")


def close(a: pd.Series, b: pd.Series, tol: float = TOLERANCE) -> pd.Series:
    return ((a - b).abs() <= tol).astype("boolean")


def common(mart: str, gxe: Any, columns: list[str] | None = None) -> list[Any]:
    """Not empty and the contract's minimum columns (`columns`, default the mart's in
    MART_COLUMNS): the same for every mart. The key (unique, not null) is a dbt test on the mart
    and is not repeated here."""
    return [
        gxe.ExpectTableRowCountToBeBetween(
            min_value=1, notes="表不应为空 The mart must not be empty."
        ),
        gxe.ExpectTableColumnsToMatchSet(
            column_set=columns or MART_COLUMNS[mart],
            exact_match=False,
            notes="包含数据契约规定的最少列 Holds the contract's minimum columns.",
        ),
    ]


def non_negative(gxe: Any, columns: Iterable[str], what: str) -> list[Any]:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=c, min_value=0, notes=f"{what}不可为负 {c} must be >= 0."
        )
        for c in columns
    ]


def share(gxe: Any, column: str, what: str) -> Any:
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=0, max_value=1, notes=f"{what}在0到1之间 {column} in [0, 1]."
    )


def boolean(gxe: Any, column: str) -> list[Any]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column=column, notes=f"{column} 不可为空 must not be null."
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column=column, value_set=[True, False], notes=f"{column} 为布尔值 is boolean."
        ),
    ]


def derived_expectations(gxe: Any, derived: Derived) -> list[Any]:
    return [
        gxe.ExpectColumnValuesToBeInSet(column=name, value_set=[True], notes=note)
        for name, (_, note) in derived.items()
    ]

