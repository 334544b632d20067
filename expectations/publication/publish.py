"""Write one publication and switch to it: the write-audit-publish step after each build.

`publish` never opens a published file for writing: it writes a new version folder (the DuckDB
file under a temporary name, moved into place when complete), seals it and switches the
`current` link. A run killed at any point leaves `current` on the previous complete version; the
next run deletes the leftover .partial folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from expectations.exports import analyst_marts
from expectations.publication import location, order, sources, withhold
from expectations.publication.copies import (
    XLSX_MAX_ROWS,
    XLSX_SKIP,
    too_long_reason,
    write_parquet,
    write_readme,
    write_xlsx,
)
from expectations.publication.dbt_docs import MartDoc, load_manifest, mart_docs, model_keys
from expectations.publication.labels import label
from expectations.publication.log import previous_published, record_attempt
from ingest.schemas import MODELS

# findings without identities: no `detail` (it may quote names or ID fragments)
FINDINGS_COLUMNS = (
    "finding_id",
    "rule_id",
    "severity",
    "k_teacher",
    "school_code",
    "project_code",
    "year",
    "source_file",
    "source_row",
    "load_id",
    "status",
    "first_seen_at",
    "last_seen_at",
)
Fault = Callable[[str], None]
Keys = dict[str, tuple[str, ...]]  # table -> its tested grain key (the order it is published in)


@dataclass(frozen=True)
class PublishSettings:
    root: Path
    dbt_manifest: Path
    keep: int = location.DEFAULT_KEEP
    landing_dir: Path | None = None
    xlsx_max_rows: int = XLSX_MAX_ROWS  # data rows of an XLSX sheet (a test sets a small one)


@dataclass
class PublishResult:
    status: str  # published | blocked | failed
    build_id: str
    attempted_at: dt.datetime
    version: Path | None = None
    rows_withheld: int = 0
    rows_flagged: int = 0
    blocked: dict[str, list[str]] = field(default_factory=dict)  # mart -> reasons
    failed_files: list[str] = field(default_factory=list)
    missing_sources: list[str] = field(default_factory=list)
    withheld: list[withhold.Withheld] = field(default_factory=list)
    unplaced: dict[str, int] = field(default_factory=dict)
    xlsx_omitted: dict[str, str] = field(default_factory=dict)  # table -> why it has no XLSX


def _columns(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, catalog: str | None = None
) -> list[str]:
    where = "table_schema = ? and table_name = ?" + (" and table_catalog = ?" if catalog else "")
    args = [schema, table, *([catalog] if catalog else [])]
    return [
        r[0]
        for r in con.execute(
            f"select column_name from information_schema.columns where {where} order by ordinal_position",
            args,
        ).fetchall()
    ]


def duplicate_keys(con: duckdb.DuckDBPyConnection, mart: str, key: tuple[str, ...]) -> int:
    """Key values held by more than one row of the mart (0 when the key is unique)."""
    if not key:
        return 0
    cols = ", ".join(f'"{c}"' for c in key)
    return int(
        con.execute(
            f'select count(*) from (select {cols} from main."{mart}" group by all having count(*) > 1)'
        ).fetchone()[0]
    )


def plan_blocks(
    con: duckdb.DuckDBPyConnection,
    docs: dict[str, MartDoc],
    present: list[str],
    failed: list[sources.FailedFile],
    missing: list[str],
) -> dict[str, list[str]]:
    """{mart: reasons} of the marts that cannot be published as a whole this run."""
    blocked = sources.blocked_marts({m: d.raw_inputs for m, d in docs.items()}, failed, missing)
    for mart, doc in docs.items():
        if mart not in present:
            blocked.setdefault(mart, []).append("mart not built")
        # a repeated lineage key never blocks the lineage, so it is not counted (at 50,000
        # teachers its 5.9M rows' count was 4.7 s CPU of the publication's 20 besides the XLSX)
        elif mart != withhold.LINEAGE and (dups := duplicate_keys(con, mart, doc.key)):
            blocked.setdefault(mart, []).append(
                f"key ({', '.join(doc.key)}) not unique: {dups} values"
            )
    return blocked


def source_state(
    con: duckdb.DuckDBPyConnection, root: Path, landing_dir: Path | None
) -> tuple[list[sources.FailedFile], list[str], dict[str, int]]:
    """Failed files, raw tables missing since the current publication, and raw row counts."""
    failed = sources.failed_files(con, landing_dir)
    counts = sources.raw_row_counts(con, list(MODELS))
    current = location.current_version(root)
    before: dict[str, int] = {}
    if current is not None and (current / location.MANIFEST_FILE).exists():
        before = json.loads((current / location.MANIFEST_FILE).read_text(encoding="utf-8")).get(
            "sources", {}
        )
    return failed, sources.missing_sources(counts, before), counts


def publish(
    con: duckdb.DuckDBPyConnection, settings: PublishSettings, fault: Fault | None = None
) -> PublishResult:
    """Publish what can be published; record the attempt in publish.publication_runs."""
    fault = fault or (lambda _step: None)
    root = settings.root
    root.mkdir(parents=True, exist_ok=True)
    location.prune(root, settings.keep)  # leftovers of a killed run
    attempted = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    result = PublishResult("blocked", location.new_build_id(), attempted)
    manifest = load_manifest(settings.dbt_manifest)
    docs, keys = mart_docs(manifest), model_keys(manifest)
    present = analyst_marts(con)
    failed, missing, counts = source_state(con, root, settings.landing_dir)
    result.failed_files = [f.source_file for f in failed]
    result.missing_sources = missing
    result.blocked = plan_blocks(con, docs, present, failed, missing)
    previous = location.current_version(root)
    fresh = [m for m in sorted(docs) if m not in result.blocked]
    if not fresh:
        record_attempt(con, result, previous_published(con))
        return result
    partial = location.partial_dir(root, result.build_id)
    (partial / "parquet").mkdir(parents=True)
    (partial / "xlsx").mkdir()
    try:
        with order.insertion_order_kept(con):
            _write_version(
                con,
                partial,
                result,
                docs,
                keys,
                fresh,
                previous,
                counts,
                fault,
                settings.xlsx_max_rows,
            )
    except Exception as exc:  # record why, leave `current` alone, fail the step loudly
        shutil.rmtree(partial, ignore_errors=True)
        result.status = "failed"
        result.blocked = {"*": [f"publication error: {type(exc).__name__}: {exc}"[:300]]}
        record_attempt(con, result, previous_published(con))
        raise
    fault("before_seal")
    version = location.seal(partial)
    fault("before_switch")
    location.switch_current(root, version)
    result.status, result.version = "published", version
    location.prune(root, settings.keep)
    record_attempt(con, result, previous_published(con))
    return result


def _write_version(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    result: PublishResult,
    docs: dict[str, MartDoc],
    keys: Keys,
    fresh: list[str],
    previous: Path | None,
    counts: dict[str, int],
    fault: Fault,
    xlsx_max_rows: int = XLSX_MAX_ROWS,
) -> None:
    tmp_db = folder / f"{location.ANALYSTS_FILE}.tmp"
    con.execute(f"attach '{_q(tmp_db)}' as pub_out")
    carried: dict[str, str] = {}
    try:
        withhold.compute_touched(con)
        lineage_keys = withhold.lineage_key_columns(con)
        mart_rows: list[tuple] = []
        for mart in fresh:
            cols = _columns(con, "main", mart)
            select = withhold.mart_select(con, mart, cols, lineage_keys.get(mart))
            con.execute(
                f'create table pub_out.main."{mart}" as '
                + order.ordered(con, select, keys.get(mart, ()))
            )
            total = int(con.execute(f'select count(*) from main."{mart}"').fetchone()[0])
            published = int(
                con.execute(f'select count(*) from pub_out.main."{mart}"').fetchone()[0]
            )
            touched = withhold.rows_touched(con, mart) if mart != withhold.LINEAGE else 0
            flagged = touched if withhold.mode_of(mart) == withhold.FLAG else 0
            mode = "lineage" if mart == withhold.LINEAGE else withhold.mode_of(mart)
            mart_rows.append(
                (mart, "published", mode, total, published, total - published, flagged, "", "")
            )
        carried = _carry_over(con, previous, result.blocked, keys)
        for mart, reasons in sorted(result.blocked.items()):
            status = f"kept from version {carried[mart]}" if mart in carried else "not published"
            mart_rows.append(
                (
                    mart,
                    status,
                    withhold.mode_of(mart),
                    None,
                    None,
                    None,
                    None,
                    "; ".join(reasons),
                    carried.get(mart, ""),
                )
            )
        result.withheld = withhold.withheld_summary(con, fresh)
        result.rows_withheld = sum(
            r[5] for r in mart_rows if r[1] == "published" and r[2] == withhold.WITHHOLD
        )
        result.rows_flagged = sum(r[6] or 0 for r in mart_rows if r[1] == "published")
        result.unplaced = withhold.unplaced_findings(con)
        _write_findings(con, keys.get("dq_findings", ()))
        _write_docs(con, docs)
        _write_publication_tables(con, result, mart_rows)
        fault("tables_written")
        tables = [*fresh, *carried, "dq_findings"]
        for table in tables:
            write_parquet(con, f'pub_out.main."{table}"', folder / "parquet" / f"{table}.parquet")
        result.xlsx_omitted = _write_xlsx_copies(
            con, folder / "xlsx", [*fresh, *carried], docs, xlsx_max_rows
        )
        con.execute("checkpoint pub_out")
    finally:
        con.execute("detach pub_out")
    os.replace(tmp_db, folder / location.ANALYSTS_FILE)
    manifest = {
        "build_id": result.build_id,
        "published_at": result.attempted_at.isoformat(timespec="seconds") + "Z",
        "marts": [dict(zip(PUBLICATION_MARTS_COLUMNS, row, strict=True)) for row in mart_rows],
        "withheld": [asdict(w) for w in result.withheld],
        "rows_withheld": result.rows_withheld,
        "rows_flagged": result.rows_flagged,
        "error_findings_on_no_mart_row": result.unplaced,
        "failed_files": result.failed_files,
        "missing_sources": result.missing_sources,
        "sources": counts,
        "xlsx_omitted": result.xlsx_omitted,
    }
    tmp = folder / f"{location.MANIFEST_FILE}.tmp"
    tmp.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    os.replace(tmp, folder / location.MANIFEST_FILE)


PUBLICATION_MARTS_COLUMNS = (
    "mart",
    "status",
    "mode",
    "rows_in_warehouse",
    "rows_published",
    "rows_withheld",
    "rows_flagged",
    "blocked_by",
    "carried_from",
)


def _q(path: Path) -> str:
    return str(path).replace("'", "''")


def _write_xlsx_copies(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    marts: list[str],
    docs: dict[str, MartDoc],
    max_rows: int,
) -> dict[str, str]:
    """An XLSX copy of each published mart one sheet holds; {mart: reason} of the others, also
    written to folder/README.txt."""
    omitted: dict[str, str] = {}
    for mart in marts:
        table = f'pub_out.main."{mart}"'
        rows = int(con.execute(f"select count(*) from {table}").fetchone()[0])
        reason = XLSX_SKIP.get(mart) or too_long_reason(rows, max_rows)
        if reason:
            omitted[mart] = reason
            continue
        columns = docs[mart].columns if mart in docs else {}
        write_xlsx(con, table, folder / f"{mart}.xlsx", columns, max_rows)
    if omitted:
        write_readme(folder, omitted)
    return omitted


def _carry_over(
    con: duckdb.DuckDBPyConnection, previous: Path | None, blocked: dict[str, list[str]], keys: Keys
) -> dict[str, str]:
    """Copy blocked marts from the previous published version: {mart: its build id}."""
    if previous is None or not blocked or not (previous / location.ANALYSTS_FILE).exists():
        return {}
    con.execute(f"attach '{_q(previous / location.ANALYSTS_FILE)}' as pub_prev (read_only)")
    try:
        have = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_catalog = 'pub_prev'"
            ).fetchall()
        }
        carried = {}
        for mart in sorted(blocked):
            if mart in have:
                select = f'from pub_prev.main."{mart}"'  # sorted again: older versions were not
                con.execute(
                    f'create table pub_out.main."{mart}" as '
                    + order.ordered(con, select, keys.get(mart, ()))
                )
                carried[mart] = previous.name
        return carried
    finally:
        con.execute("detach pub_prev")


def _write_findings(con: duckdb.DuckDBPyConnection, key: tuple[str, ...]) -> None:
    present = set(_columns(con, "main", "dq_findings"))
    cols = ", ".join(f'"{c}"' if c in present else f'null as "{c}"' for c in FINDINGS_COLUMNS)
    source = "main.dq_findings" if present else "(select 1) where false"
    con.execute(
        "create table pub_out.main.dq_findings as "
        + order.ordered(con, f"select {cols} from {source}", key)
    )


def _write_docs(con: duckdb.DuckDBPyConnection, docs: dict[str, MartDoc]) -> None:
    con.execute(
        "create table pub_out.main.docs_marts (mart varchar, description varchar, "
        "key_columns varchar, publication_mode varchar)"
    )
    con.execute(
        "create table pub_out.main.docs_columns (mart varchar, column_name varchar, "
        "label_zh varchar, description varchar)"
    )
    con.executemany(
        "insert into pub_out.main.docs_marts values (?, ?, ?, ?)",
        [
            (
                m,
                d.description,
                ", ".join(d.key),
                "lineage" if m == withhold.LINEAGE else withhold.mode_of(m),
            )
            for m, d in sorted(docs.items())
        ],
    )
    rows = [
        (m, c, label(c), text) for m, d in sorted(docs.items()) for c, text in d.columns.items()
    ]
    rows += [
        (
            m,
            withhold.FLAG_COLUMN,
            label(withhold.FLAG_COLUMN),
            "Rule ids of the open error findings touching this row (null: none).",
        )
        for m in sorted(docs)
        if withhold.mode_of(m) == withhold.FLAG
    ]
    con.executemany("insert into pub_out.main.docs_columns values (?, ?, ?, ?)", rows)


def _write_publication_tables(
    con: duckdb.DuckDBPyConnection, result: PublishResult, mart_rows: list[tuple]
) -> None:
    con.execute(
        "create table pub_out.main.publication_marts (mart varchar, status varchar, "
        "mode varchar, rows_in_warehouse bigint, rows_published bigint, rows_withheld bigint, "
        "rows_flagged bigint, blocked_by varchar, carried_from varchar)"
    )
    con.executemany(
        "insert into pub_out.main.publication_marts values (?, ?, ?, ?, ?, ?, ?, ?, ?)", mart_rows
    )
    con.execute(
        "create table pub_out.main.publication_withheld (mart varchar, rule_id varchar, "
        "action varchar, rows bigint, findings bigint)"
    )
    if result.withheld:
        con.executemany(
            "insert into pub_out.main.publication_withheld values (?, ?, ?, ?, ?)",
            [(w.mart, w.rule_id, w.action, w.rows, w.findings) for w in result.withheld],
        )
    con.execute(
        "create table pub_out.main.publication_info as select ? as build_id, "
        "?::timestamp as published_at",
        [result.build_id, result.attempted_at],
    )
