"""Raw files -> raw tables: one multi-asset that runs `ingest.loader` over the landing folder.

Transient trouble (a file still being copied, the warehouse held by another process) fails the
step and Dagster retries it with exponential backoff (TT_RETRY_DELAY_SECONDS, default 15 s, three
times); a missing landing folder fails at once. A corrupt file fails only its own load (ingest).
Each canonical table gets the check `pandera_contract`: this run's rows that its pandera model
refused (quarantined), by reason code.
"""


import json
import os
import time

import dagster as dg
from dagster_duckdb import DuckDBResource

from ingest.loader import LoadReport, ensure_raw_schema, load_paths
from ingest.policy import load_policy
from ingest.progress import Throttled
from ingest.schemas import BOOKKEEPING_DDL, MODELS
from orchestration.catalogue import OWNERS, raw_table_schema
from orchestration.defs.incremental import (
    CHANGED_TABLES,
    FILES_READ,
    changed_raw_tables,
    files_read,
)
from orchestration.landing_watch import scan
from orchestration.resources import PipelineSettings

LANDING_FILES = dg.AssetKey("landing_files")
# every table ingest writes: the canonical ones and its bookkeeping (manifest, quarantine, skips)
RAW_TABLES = (*MODELS, *BOOKKEEPING_DDL)

landing_files = dg.AssetSpec(
    key=LANDING_FILES,
    group_name="landing",
    kinds={"excel", "csv"},
    owners=OWNERS,
    tags={"layer": "landing"},
    description=(
        "Exports dropped in TT_LANDING_DIR: provincial system, online platform, 国培 provider "
        "lists, school rosters, sign-in matrices, funding sheets, plans and allocations."
    ),
)


PANDERA_CHECK = "pandera_contract"
LOADED = ("new", "replaced")  # file statuses whose rows this run inserted


class LandingNotSettled(RuntimeError):
    """A landing file changed while the run looked at it: still being copied (retried)."""


def retry_policy() -> dg.RetryPolicy:
    return dg.RetryPolicy(
        max_retries=3,
        delay=float(os.environ.get("TT_RETRY_DELAY_SECONDS", "15")),
        backoff=dg.Backoff.EXPONENTIAL,
        jitter=dg.Jitter.PLUS_MINUS,
    )


def wait_until_settled(landing_dir, seconds: float = 1.0) -> None:
    """Raise LandingNotSettled when a file's size or mtime changes within `seconds`."""
    before = scan(landing_dir)
    time.sleep(seconds)
    changed = sorted(k for k, v in scan(landing_dir).items() if before.get(k) != v)
    if changed:
        raise LandingNotSettled(f"still being written: {', '.join(changed[:5])}")


def quarantine_by_table(con, report: LoadReport) -> dict[str, dict[str, int]]:
    """This run's quarantined rows per target table and reason code."""
    load_ids = [f.load_id for f in report.files if f.status in LOADED and f.load_id]
    if not load_ids:
        return {}
    rows = con.execute(
        "select target_table, reason_codes, count(*) from raw.quarantine "
        "where load_id in (select unnest(?)) group by all order by all",
        [load_ids],
    ).fetchall()
    out: dict[str, dict[str, int]] = {}
    for table, reasons, n in rows:
        out.setdefault(table, {})[reasons or "(none)"] = int(n)
    return out


def pandera_result(table: str, loaded_rows: int, refused: dict[str, int]) -> dg.AssetCheckResult:
    total = sum(refused.values())
    lines = [f"| {reason} | {n} |" for reason, n in sorted(refused.items())]
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(["raw", table]),
        check_name=PANDERA_CHECK,
        passed=total == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "pandera_model": dg.MetadataValue.text(MODELS[table].__name__),
            "rows_loaded_this_run": dg.MetadataValue.int(loaded_rows),
            "rows_refused_this_run": dg.MetadataValue.int(total),
            "refused_by_reason": dg.MetadataValue.md(
                "| reason | rows |\n|---|---|\n" + "\n".join(lines) if lines else "none"
            ),
        },
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=dg.AssetKey(["raw", table]),
            deps=[LANDING_FILES],
            group_name="raw",
            description=f"Canonical raw table raw.{table}, written by ingest.loader.",
            skippable=False,
            kinds={"python", "duckdb"},
            owners=OWNERS,
            tags={"layer": "raw", "contract": "pandera" if table in MODELS else "bookkeeping"},
            metadata={"dagster/column_schema": raw_table_schema(table),
                      "dagster/table_name": f"raw.{table}"},
        )
        for table in RAW_TABLES
    ],
    check_specs=[
        dg.AssetCheckSpec(
            PANDERA_CHECK,
            asset=dg.AssetKey(["raw", table]),
            description="Rows of this run that the table's pandera model refused (quarantined).",
        )
        for table in MODELS
    ],
    pool="duckdb_writer",
    retry_policy=retry_policy(),
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
            allow_retries=False,
        )
    wait_until_settled(loc.landing_dir)
    with duckdb.get_connection() as con:
        ensure_raw_schema(con)
        def progress(done: int, total: int, stage: str, name: str = "") -> None:
            context.log.info(f"ingest: [{done}/{total} files] {stage} {name}".rstrip())

        # one line every 10 s (and the first and last), not one per file: see ingest.progress
        report = load_paths([loc.landing_dir], con, loc.landing_dir,
                            on_progress=Throttled(progress, seconds=10.0))
        counts = {
            table: con.execute(f"select count(*) from raw.{table}").fetchone()[0]
            for table in RAW_TABLES
        }
        held = dict(
            con.execute("select target_table, count(*) from raw.quarantine group by all").fetchall()
        )
        refused = quarantine_by_table(con, report)
    summary = report.to_dict()
    (loc.reports_dir / "ingest_report.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    context.log.info(f"ingest: {len(summary.get('files', []))} files, rows per table {counts}")
    loaded = {t: sum(f.tables.get(t, 0) for f in report.files if f.status in LOADED) for t in MODELS}
    for table in RAW_TABLES:
        metadata = {"dagster/row_count": dg.MetadataValue.int(int(counts[table]))}
        if table in MODELS:
            metadata["quarantined_rows"] = dg.MetadataValue.int(int(held.get(table, 0)))
            metadata["quarantined_this_run"] = dg.MetadataValue.int(sum(refused.get(table, {}).values()))
        if table == "load_manifest":
            metadata["files_by_status"] = dg.MetadataValue.json(summary["summary"]["by_status"])
            # what an incremental rebuild after this load selects (automation.rebuild_after_load)
            metadata[FILES_READ] = dg.MetadataValue.json(files_read(summary["files"]))
            metadata[CHANGED_TABLES] = dg.MetadataValue.json(
                sorted(changed_raw_tables(summary["files"]))
            )
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["raw", table]), metadata=metadata)
    for table in MODELS:
        yield pandera_result(table, loaded[table], refused.get(table, {}))
