"""The result model of a suite run: what the check, the stored table and the report share.

Results are plain data (no GX objects), so one run can be stored as JSON in the warehouse and
read back by the report (suites run once per pipeline run).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Status = str  # 'pass' | 'fail' | 'error'


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result, reduced to what the report and the tests need."""

    expectation_type: str
    kwargs: dict[str, Any]
    success: bool
    unexpected_count: int | None
    exception_message: str | None = None
    observed_value: Any = None
    partial_unexpected: list[Any] = field(default_factory=list)
    note: str = ""

    @property
    def raised(self) -> bool:
        return self.exception_message is not None

    @property
    def status(self) -> Status:
        if self.raised:
            return "error"
        return "pass" if self.success else "fail"

    @property
    def column(self) -> str:
        kw = self.kwargs
        if "column" in kw:
            return str(kw["column"])
        if "column_list" in kw:
            return ", ".join(map(str, kw["column_list"]))
        if "column_A" in kw:
            return f"{kw['column_A']} / {kw['column_B']}"
        return "(table)"


@dataclass
class SuiteResult:
    """The result of one mart's suite. ``status`` is 'error' if any expectation raised or the
    mart could not be read, else 'fail' if any expectation failed, else 'pass'."""

    mart: str
    suite_name: str
    status: Status
    expectations: list[ExpectationOutcome]
    row_count: int | None = None
    error: str | None = None  # suite-level problem, e.g. the mart table does not exist

    @property
    def success(self) -> bool:
        return self.status == "pass"

    def count(self, status: Status) -> int:
        return sum(1 for e in self.expectations if e.status == status)

    def by_type(self, expectation_type: str, column: str | None = None) -> list[ExpectationOutcome]:
        """Outcomes of one expectation type (and column), for tests and the report."""
        return [
            e
            for e in self.expectations
            if e.expectation_type == expectation_type and (column is None or e.column == column)
        ]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SuiteResult:
        outcomes = [ExpectationOutcome(**e) for e in data.get("expectations") or []]
        return cls(**{**data, "expectations": outcomes})


def suite_status(outcomes: list[ExpectationOutcome]) -> Status:
    if any(o.status == "error" for o in outcomes):
        return "error"
    return "fail" if any(o.status == "fail" for o in outcomes) else "pass"
