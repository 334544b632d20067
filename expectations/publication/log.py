"""The record of publication attempts, in the working warehouse (schema publish): what the run's
summary and the auditors' report read to say whether this build was published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from expectations.publication.publish import PublishResult

LOG_TABLE = "publish.publication_runs"
DDL = (
    "create table if not exists publish.publication_runs (build_id varchar, attempted_at timestamp, "
    "dbt_run_id varchar, status varchar, version_dir varchar, rows_withheld bigint, "
    "rows_flagged bigint, blocked_marts varchar, blocked_by varchar, failed_files varchar)"
)


@dataclass(frozen=True)
class Attempt:
    build_id: str
    attempted_at: dt.datetime
    dbt_run_id: str | None
    status: str
    version_dir: str | None
    rows_withheld: int
    rows_flagged: int
    blocked_marts: str
    blocked_by: str
    failed_files: str


def latest_dbt_run(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = con.execute(
            "select run_id from main.dq_build_runs order by built_at desc limit 1"
        ).fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def _attempts(con: duckdb.DuckDBPyConnection, where: str = "") -> list[Attempt]:
    try:
        rows = con.execute(
            f"select * from {LOG_TABLE} {where} order by attempted_at desc limit 1"
        ).fetchall()
    except duckdb.Error:
        return []
    return [Attempt(*r) for r in rows]


def latest_attempt(con: duckdb.DuckDBPyConnection) -> Attempt | None:
    found = _attempts(con)
    return found[0] if found else None


def previous_published(con: duckdb.DuckDBPyConnection) -> Attempt | None:
    found = _attempts(con, "where status = 'published'")
    return found[0] if found else None


def record_attempt(
    con: duckdb.DuckDBPyConnection, result: PublishResult, _previous: Attempt | None
) -> None:
    reasons = sorted({r for rs in result.blocked.values() for r in rs})
    con.execute("create schema if not exists publish")
    con.execute(DDL)
    con.execute(
        f"insert into {LOG_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            result.build_id,
            result.attempted_at,
            latest_dbt_run(con),
            result.status,
            str(result.version) if result.version else None,
            result.rows_withheld,
            result.rows_flagged,
            ", ".join(sorted(result.blocked)),
            "; ".join(reasons),
            ", ".join(result.failed_files),
        ],
    )
