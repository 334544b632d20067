"""The auditors' outputs: the static HTML report, GX Data Docs and per-school correction workbooks."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.report import build_auditors_report
from expectations.suites import build_data_docs, run_mart_suites
from expectations.workbooks import build_correction_workbooks
from ingest.policy import load_policy
from orchestration.checks.gx import PUBLISHED_MARTS
from orchestration.resources import PipelineSettings


@dg.asset(
    # after published_marts: the report's top line states this build's publication status
    deps=[dg.AssetKey("dq_findings"), dg.AssetKey("published_marts"),
          *(dg.AssetKey(m) for m in PUBLISHED_MARTS)],
    group_name="reports",
    description="reports/auditors_report.html (opens from a file, no server), GX Data Docs and "
    "one correction workbook per school.",
)
def auditors_report(
    context: dg.AssetExecutionContext, settings: PipelineSettings, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    out = settings.locations.reports_dir
    out.mkdir(parents=True, exist_ok=True)
    policy = load_policy(settings.policy_path or None)
    with duckdb.get_connection() as con:
        suites = run_mart_suites(con, policy, marts=PUBLISHED_MARTS)
        report = build_auditors_report(con, out, suite_results=suites)
        workbooks = build_correction_workbooks(con, out / "correction_workbooks")
    docs = build_data_docs(suites, out / "gx_data_docs")
    context.log.info(f"auditors' report: {report}")
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.path(str(report)),
            "data_docs": dg.MetadataValue.path(str(docs)),
            "correction_workbooks": dg.MetadataValue.int(len(workbooks)),
        }
    )
