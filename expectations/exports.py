"""The analyst marts as Parquet files: what analysts and schools receive outside the warehouse.

Only schema `main`'s `mart_*` tables are written; the restricted directory (schema `restricted`),
staging, intermediate and dq models never leave the warehouse this way.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

ANALYST_SCHEMA = "main"
MART_PREFIX = "mart_"


def analyst_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the analyst marts in the warehouse (schema main, mart_*), sorted."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = ? and starts_with(table_name, ?) order by table_name",
        [ANALYST_SCHEMA, MART_PREFIX],
    ).fetchall()
    return [name for (name,) in rows]


def export_marts(con: duckdb.DuckDBPyConnection, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write each analyst mart to out_dir/<mart>.parquet (replacing older files); returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for mart in analyst_marts(con):
        path = out / f"{mart}.parquet"
        target = str(path).replace("'", "''")
        con.execute(f"copy (select * from {ANALYST_SCHEMA}.\"{mart}\") to '{target}' (format parquet)")
        written.append(path)
    return written
