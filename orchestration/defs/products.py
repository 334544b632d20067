"""What bureau leaders act on: the product pages and workbooks (wiring only)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.products import build_products
from expectations.suites.product_marts import PRODUCT_MARTS
from orchestration.catalogue import OWNERS
from orchestration.resources import PipelineSettings

# dagster-dbt prefixes a model with a custom schema by that schema
DIRECTORY = dg.AssetKey(["restricted", "restricted_teacher_directory"])


@dg.asset(
    deps=[*(dg.AssetKey(m) for m in PRODUCT_MARTS), DIRECTORY],
    group_name="reports",
    kinds={"python", "html", "excel"},
    owners=OWNERS,
    tags={"layer": "reports"},
    description="reports/products/: the 360-hour early warning (page, school summary), the "
    "school appraisal scorecard and the provider scorecards (pages, workbooks) and, per school, "
    "one restricted workbook (training bulletins of its closed projects, 360-hour warning list) "
    "and one printable bulletin page.",
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
