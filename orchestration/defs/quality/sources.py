"""Source completeness: a source file that failed to load, or a whole source kind gone since the last
publication, fails this ERROR check (and blocks publishing the marts it feeds)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.publication.dbt_docs import load_manifest, mart_docs
from expectations.publication.location import publish_root
from expectations.publication.publish import source_state
from expectations.publication.sources import blocked_marts
from orchestration.defs.publish import PUBLISHED
from orchestration.resources import PipelineSettings, dbt_project

CHECK_NAME = "source_files_loaded"


@dg.asset_check(
    asset=PUBLISHED,
    name=CHECK_NAME,
    description="No landing file failed to load and no source kind vanished since the last "
    "publication; otherwise the marts they feed keep their previous published copy.",
)
def source_files_loaded(settings: PipelineSettings, duckdb: DuckDBResource) -> dg.AssetCheckResult:
    loc = settings.locations
    with duckdb.get_connection() as con:
        failed, missing, _ = source_state(con, publish_root(loc.reports_dir), loc.landing_dir)
    docs = mart_docs(load_manifest(dbt_project.manifest_path))
    blocked = blocked_marts({m: d.raw_inputs for m, d in docs.items()}, failed, missing)
    return dg.AssetCheckResult(
        passed=not failed and not missing,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "failed_files": dg.MetadataValue.json(
                [
                    {"file": f.source_file, "profile": f.profile, "message": f.message}
                    for f in failed
                ]
            ),
            "missing_sources": dg.MetadataValue.json(missing),
            "blocked_marts": dg.MetadataValue.json(sorted(blocked)),
        },
    )


SOURCE_CHECKS = [source_files_loaded]
