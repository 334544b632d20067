"""The one stored result of a suite run, in the warehouse: written by the run, read by the
Dagster check and the auditors' report, so the suites run once per pipeline run.

Table audit.mart_suite_results: one row per mart of the latest run (the run replaces it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from expectations.findings import has_table
from expectations.suites.results import SuiteResult

STORE_SCHEMA = "audit"
STORE_TABLE = "mart_suite_results"
STORE = f"{STORE_SCHEMA}.{STORE_TABLE}"


@dataclass(frozen=True)
class StoredRun:
    """A suite run read back: the results and which run wrote them, when."""

    results: list[SuiteResult]
    run_id: str
    validated_at: dt.datetime


def save_suite_results(
    con: Any, results: Sequence[SuiteResult], run_id: str, validated_at: dt.datetime | None = None
) -> None:
    """Replace the stored result with this run's (one transaction)."""
    at = validated_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [
        (i, r.mart, r.status, run_id, at, json.dumps(r.to_dict(), ensure_ascii=False))
        for i, r in enumerate(results)
    ]
    con.execute("begin transaction")
    try:
        con.execute(f"create schema if not exists {STORE_SCHEMA}")
        con.execute(
            f"create or replace table {STORE} (position integer, mart varchar, status varchar, "
            "run_id varchar, validated_at timestamp, result json)"
        )
        if rows:
            con.executemany(f"insert into {STORE} values (?, ?, ?, ?, ?, ?)", rows)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def load_suite_results(con: Any) -> StoredRun | None:
    """The stored run, or None when no suite run was stored in this warehouse yet."""
    if not has_table(con, STORE_SCHEMA, STORE_TABLE):
        return None
    rows = con.execute(
        f"select run_id, validated_at, result from {STORE} order by position"
    ).fetchall()
    if not rows:
        return None
    results = [SuiteResult.from_dict(json.loads(r[2])) for r in rows]
    return StoredRun(results=results, run_id=str(rows[0][0]), validated_at=rows[0][1])
