"""A run whose ERROR checks failed is not a plain success: it gets the run tag
`quality/status = error_checks_failed` (and `quality/failed_error_checks`), shown in the runs list,
and a line in the operator's failure log. The run itself stays a success, so `make demo` exits 0
with its report (the sample plants error findings on purpose); blocking checks would instead
skip the report that has to show them.
"""

from __future__ import annotations

from collections.abc import Iterable

import dagster as dg

QUALITY_TAG = "quality/status"
FAILED_CHECKS_TAG = "quality/failed_error_checks"


def failed_error_checks(events: Iterable[dg.DagsterEvent | dg.EventLogEntry]) -> list[str]:
    """'asset_key:check_name' of each failed check evaluation of severity ERROR in the events."""
    failed = set()
    for event in events:
        dagster_event = event.dagster_event if isinstance(event, dg.EventLogEntry) else event
        if dagster_event is None or dagster_event.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        evaluation = dagster_event.event_specific_data
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
            failed.add(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}")
    return sorted(failed)


def quality_tags(failed: list[str]) -> dict[str, str]:
    if not failed:
        return {QUALITY_TAG: "passed"}
    shown = ", ".join(failed[:20]) + (f" (+{len(failed) - 20} more)" if len(failed) > 20 else "")
    return {QUALITY_TAG: "error_checks_failed", FAILED_CHECKS_TAG: shown}


def tag_run(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """Reads the run's check evaluations from the instance, tags the run; returns the failures."""
    records = instance.get_records_for_run(
        run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION, limit=100_000
    ).records
    failed = failed_error_checks(r.event_log_entry for r in records)
    instance.add_run_tags(run_id, quality_tags(failed))
    return failed
