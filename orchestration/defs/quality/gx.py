"""Great Expectations suites over the published marts: run once per run, checked from the result.

The asset ``mart_suite_results`` runs the suites (expectations.suites, through GX's pandas data
source: dagster-ge supports only GX < 1.0 and GX's SQL path over DuckDB is broken) and stores the
result in the warehouse; the check on each mart and the auditors' report read that one result.
An expectation that raised is an error, never a pass.
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.suites import (
    PUBLISHED_MARTS,
    SuiteResult,
    load_suite_results,
    run_mart_suites,
    save_suite_results,
)
from ingest.policy import load_policy
from orchestration.catalogue import AUDIT_OWNERS
from orchestration.resources import PipelineSettings

CHECK_NAME = "gx_auditors_suite"
SUITE_RESULTS = dg.AssetKey("mart_suite_results")


@dg.asset(
    key=SUITE_RESULTS,
    deps=[dg.AssetKey(m) for m in PUBLISHED_MARTS],
    group_name="reports",
    kinds={"python", "great_expectations", "duckdb"},
    owners=AUDIT_OWNERS,
    tags={"layer": "reports"},
    description="The auditors' Great Expectations suites over the published marts, run once; "
    "the result is stored in audit.mart_suite_results for the checks and the report.",
)
def mart_suite_results(
    context: dg.AssetExecutionContext, settings: PipelineSettings, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    policy = load_policy(settings.policy_path or None)
    with duckdb.get_connection() as con:
        results = run_mart_suites(con, policy, marts=PUBLISHED_MARTS)
        save_suite_results(con, results, run_id=context.run_id)
    return dg.MaterializeResult(
        metadata={r.mart: dg.MetadataValue.text(r.status) for r in results}
    )


def suite_check_result(result: SuiteResult, note: str = "") -> dg.AssetCheckResult:
    failed = [
        f"{e.expectation_type}({e.column}): "
        + (e.exception_message or f"{e.unexpected_count} unexpected")
        for e in result.expectations
        if e.status != "pass"
    ]
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(result.mart),
        check_name=CHECK_NAME,
        passed=result.status == "pass",
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "status": dg.MetadataValue.text(result.status),
            "expectations": dg.MetadataValue.int(len(result.expectations)),
            "failed_or_raised": dg.MetadataValue.int(len(failed)),
            "details": dg.MetadataValue.md("\n".join(f"- {line}" for line in failed) or "all passed"),
            "suite_error": dg.MetadataValue.text(result.error or ""),
            "result_from": dg.MetadataValue.text(note),
        },
    )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=dg.AssetKey(mart),
            description="The auditors' GX suite (result of mart_suite_results)",
            additional_deps=[SUITE_RESULTS],
        )
        for mart in PUBLISHED_MARTS
    ],
    # a job may select some of the marts only (the yearly marts are partitioned apart)
    can_subset=True,
)
def gx_mart_suites(context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource):
    with duckdb.get_connection() as con:
        stored = load_suite_results(con)
    by_mart = {r.mart: r for r in stored.results} if stored else {}
    note = (
        f"run {stored.run_id} at {stored.validated_at:%Y-%m-%d %H:%M:%S} UTC"
        + ("" if stored.run_id == context.run.run_id else " (an earlier run: not validated again)")
        if stored
        else ""
    )
    selected = {key.asset_key for key in context.selected_asset_check_keys}
    for mart in PUBLISHED_MARTS:
        if dg.AssetKey(mart) not in selected:
            continue
        result = by_mart.get(mart) or SuiteResult(
            mart, f"{mart}__auditors", "error", [],
            error="no stored suite result: materialize mart_suite_results",
        )
        yield suite_check_result(result, note)
