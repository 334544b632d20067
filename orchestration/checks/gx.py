"""Great Expectations suites over the published marts, as Dagster asset checks of our own.

dagster-ge supports only GX < 1.0 and GX's SQL path over DuckDB is broken, so the suites run
through GX's pandas data source (expectations.suites); an expectation that raised is an error.
"""


import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.suites import SuiteResult, run_mart_suites
from ingest.policy import load_policy
from orchestration.resources import PipelineSettings

PUBLISHED_MARTS = (
    "mart_teacher_cycle_credits",
    "mart_school_year_funding",
    "mart_project_year_participation",
)
CHECK_NAME = "gx_auditors_suite"


def suite_check_result(result: SuiteResult) -> dg.AssetCheckResult:
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
        },
    )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(CHECK_NAME, asset=dg.AssetKey(mart), description="The auditors' GX suite")
        for mart in PUBLISHED_MARTS
    ],
)
def gx_mart_suites(settings: PipelineSettings, duckdb: DuckDBResource):
    policy = load_policy(settings.policy_path or None)
    with duckdb.get_connection() as con:
        results = run_mart_suites(con, policy, marts=PUBLISHED_MARTS)
    for result in results:
        yield suite_check_result(result)
