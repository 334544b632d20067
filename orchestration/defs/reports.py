"""The auditors' outputs: the static HTML report and per-school correction workbooks."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.report import build_auditors_report
from expectations.suites import PUBLISHED_MARTS
from expectations.workbooks import build_correction_workbooks
from orchestration.catalogue import AUDIT_OWNERS
from orchestration.defs.quality.gx import SUITE_RESULTS
from orchestration.resources import PipelineSettings


@dg.asset(
    # after published_marts: the report's top line states this build's publication status;
    # after mart_suite_results: the report shows that one stored suite run (not a second one)
    deps=[dg.AssetKey("dq_findings"), dg.AssetKey("published_marts"), SUITE_RESULTS,
          *(dg.AssetKey(m) for m in PUBLISHED_MARTS)],
    group_name="reports",
    kinds={"python", "html", "excel"},
    owners=AUDIT_OWNERS,
    tags={"layer": "reports", "schedule": "weekly"},
    description="reports/auditors_report.html (one file, opens offline) and one correction "
    "workbook per school.",
)
def auditors_report(
    context: dg.AssetExecutionContext, settings: PipelineSettings, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    out = settings.locations.reports_dir
    out.mkdir(parents=True, exist_ok=True)
    workbooks_dir = out / "correction_workbooks"
    with duckdb.get_connection() as con:
        workbooks = build_correction_workbooks(con, workbooks_dir)
        report = build_auditors_report(con, out, workbooks_dir=workbooks_dir)
    context.log.info(f"auditors' report: {report}")
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.path(str(report)),
            "correction_workbooks": dg.MetadataValue.int(len(workbooks)),
        }
    )
