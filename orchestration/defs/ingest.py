"""Raw files -> raw tables: one multi-asset that runs `ingest.loader` over the landing folder."""


import json

import dagster as dg
from dagster_duckdb import DuckDBResource

from ingest.loader import ensure_raw_schema, load_paths
from ingest.policy import load_policy
from ingest.schemas import BOOKKEEPING_DDL, MODELS
from orchestration.resources import PipelineSettings

LANDING_FILES = dg.AssetKey("landing_files")
# every table ingest writes: the canonical ones and its bookkeeping (manifest, quarantine, skips)
RAW_TABLES = (*MODELS, *BOOKKEEPING_DDL)

landing_files = dg.AssetSpec(
    key=LANDING_FILES,
    group_name="landing",
    description=(
        "Exports dropped in TT_LANDING_DIR: provincial system, online platform, 国培 provider "
        "lists, school rosters, sign-in matrices, funding sheets, plans and allocations."
    ),
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=dg.AssetKey(["raw", table]),
            deps=[LANDING_FILES],
            group_name="raw",
            description=f"Canonical raw table raw.{table}, written by ingest.loader.",
            skippable=False,
        )
        for table in RAW_TABLES
    ],
    pool="duckdb_writer",
)
def raw_tables(
    context: dg.AssetExecutionContext, settings: PipelineSettings, duckdb: DuckDBResource
):
    """Load every file of the landing folder; same files twice are no-ops (see ingest.loader)."""
    load_policy(settings.policy_path or None)  # a bad policy stops the run before any write
    loc = settings.locations
    loc.warehouse.parent.mkdir(parents=True, exist_ok=True)
    loc.reports_dir.mkdir(parents=True, exist_ok=True)
    if not loc.landing_dir.is_dir():
        raise dg.Failure(
            description=f"landing folder {loc.landing_dir} does not exist",
            metadata={"hint": "run `make demo` to generate a sample, or set TT_LANDING_DIR"},
        )
    with duckdb.get_connection() as con:
        ensure_raw_schema(con)
        report = load_paths([loc.landing_dir], con, loc.landing_dir)
        counts = {
            table: con.execute(f"select count(*) from raw.{table}").fetchone()[0]
            for table in RAW_TABLES
        }
    summary = report.to_dict()
    (loc.reports_dir / "ingest_report.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    context.log.info(f"ingest: {len(summary.get('files', []))} files, rows per table {counts}")
    for table in RAW_TABLES:
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey(["raw", table]),
            metadata={"row_count": dg.MetadataValue.int(int(counts[table]))},
        )
