"""What bureau leaders act on: the product pages and workbooks (wiring only)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.products import build_products
from orchestration.resources import PipelineSettings

PRODUCT_MARTS = (
    "mart_teacher_early_warning",
    "mart_school_early_warning",
    "mart_school_appraisal",
    "mart_school_appraisal_score",
    "mart_provider_year_scorecard",
    "mart_project_school_bulletin",
)
# dagster-dbt prefixes a model with a custom schema by that schema
DIRECTORY = dg.AssetKey(["restricted", "restricted_teacher_directory"])


@dg.asset(
    deps=[*(dg.AssetKey(m) for m in PRODUCT_MARTS), DIRECTORY],
    group_name="reports",
    description="reports/products/: the 360-hour early warning (page, school summary, restricted "
    "per-school lists), the school appraisal scorecard the provider scorecards (pages, workbooks) and the restricted training bulletins per project and school.",
)
def bureau_products(
    context: dg.AssetExecutionContext, settings: PipelineSettings, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    out = settings.locations.reports_dir / "products"
    with duckdb.get_connection() as con:
        written = build_products(con, out)
    context.log.info(f"products: {out}")
    return dg.MaterializeResult(
        metadata={name: dg.MetadataValue.int(len(paths)) for name, paths in written.items()}
    )
