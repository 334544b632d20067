"""Labels for the mart-suite section (the rows themselves are SuiteResult / ExpectationOutcome)."""

from __future__ import annotations

from expectations.suites import ExpectationOutcome

STATUS_LABELS = {"pass": "通过 pass", "fail": "未通过 fail", "error": "出错 error"}


def sample_or_error(e: ExpectationOutcome) -> str:
    """What to show beside a failed expectation: the error, a few bad values, or what GX saw."""
    sample = ", ".join(map(str, e.partial_unexpected[:5]))
    return e.exception_message or sample or str(e.observed_value or "")
