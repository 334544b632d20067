"""Publication of the analysts' warehouse after each build (write-audit-publish).

`published_marts` runs expectations.publication.publish: a new version folder under
TT_PUBLISH_DIR (default TT_REPORTS_DIR/published) with analysts.duckdb, Parquet and XLSX copies and
manifest.json, then the `current` link switched to it. Rows touched by open error findings are
withheld or flagged (the manifest says which, per rule); only a mart failing as a whole (not
built, key not unique) or fed by a failed source file / a source kind gone since the last
publication is blocked, and it keeps its previous published copy. The asset always materializes
(status in its metadata) so the auditors' report downstream can state the status; the check
orchestration/defs/quality/sources.py fails (ERROR) when a source blocks publication.

Why no Dagster `blocking=True` check: a failed blocking check fails the run, so `make demo`
(whose sample plants error findings on purpose) would exit 1 although it produced everything.
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.publication.dbt_docs import load_manifest, mart_docs
from expectations.publication.location import keep_versions, publish_root
from expectations.publication.publish import PublishSettings, publish
from orchestration.catalogue import OWNERS
from orchestration.defs.dbt import prepare_dbt
from orchestration.resources import PipelineSettings, dbt_project

DQ_FINDINGS = dg.AssetKey("dq_findings")
PUBLISHED = dg.AssetKey("published_marts")


def mart_names() -> list[str]:
    """Every mart of the dbt project (from its manifest, prepared on first use)."""
    prepare_dbt()
    return sorted(mart_docs(load_manifest(dbt_project.manifest_path)))


def publish_settings(settings: PipelineSettings) -> PublishSettings:
    loc = settings.locations
    return PublishSettings(
        root=publish_root(loc.reports_dir),
        dbt_manifest=dbt_project.manifest_path,
        keep=keep_versions(),
        landing_dir=loc.landing_dir,
    )


def build_published_marts() -> dg.AssetsDefinition:
    """The publication asset; its deps (every mart) come from the prepared manifest."""

    @dg.asset(
        key=PUBLISHED,
        deps=[DQ_FINDINGS, *(dg.AssetKey(m) for m in mart_names())],
        group_name="publish",
        kinds={"duckdb", "parquet", "excel"},
        owners=OWNERS,
        tags={"layer": "publish"},
        description="The analysts' warehouse: TT_PUBLISH_DIR/current -> versions/<build-id>/ "
        "(analysts.duckdb, parquet/, xlsx/ with Chinese headers, manifest.json of what was withheld).",
    )
    def published_marts(
        context: dg.AssetExecutionContext, settings: PipelineSettings, duckdb: DuckDBResource
    ) -> dg.MaterializeResult:
        with duckdb.get_connection() as con:
            result = publish(con, publish_settings(settings))
        if result.status == "published":
            context.log.info(f"published {result.version}: {result.rows_withheld} rows withheld")
        else:
            context.log.warning(f"publication blocked: {result.blocked}")
        return dg.MaterializeResult(
            metadata={
                "status": dg.MetadataValue.text(result.status),
                "build_id": dg.MetadataValue.text(result.build_id),
                "folder": dg.MetadataValue.path(str(result.version or "")),
                "rows_withheld": dg.MetadataValue.int(result.rows_withheld),
                "rows_flagged": dg.MetadataValue.int(result.rows_flagged),
                "blocked_marts": dg.MetadataValue.json(result.blocked),
                "failed_files": dg.MetadataValue.json(result.failed_files),
            }
        )

    return published_marts


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[build_published_marts()])
