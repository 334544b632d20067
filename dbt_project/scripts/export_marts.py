"""Write every analyst mart (schema main, tables named mart_*) to Parquet, one file per mart.

    python dbt_project/scripts/export_marts.py                       # TT_WAREHOUSE -> TT_REPORTS_DIR/marts
    python dbt_project/scripts/export_marts.py --warehouse w.duckdb --out /tmp/marts

Only schema `main`'s mart_* tables are written: the restricted directory (schema `restricted`),
staging, intermediate and dq models never leave the warehouse through this export. Import
`export_marts(con, out_dir)` to wire it elsewhere (e.g. as a Dagster asset); it is a pure function
of the connection and the folder.
"""

from __future__ import annotations

import argparse
import os
import sys
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
        con.execute(
            f"copy (select * from {ANALYST_SCHEMA}.\"{mart}\") to '{target}' (format parquet)"
        )
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--warehouse", default=os.environ.get("TT_WAREHOUSE", "warehouse/training.duckdb")
    )
    parser.add_argument(
        "--out", default=str(Path(os.environ.get("TT_REPORTS_DIR", "reports")) / "marts")
    )
    args = parser.parse_args(argv)
    if not Path(args.warehouse).is_file():
        print(
            f"warehouse {args.warehouse} not found: build it first (make demo) or pass --warehouse",
            file=sys.stderr,
        )
        return 2
    with duckdb.connect(args.warehouse, read_only=True) as con:
        paths = export_marts(con, args.out)
    if not paths:
        print(f"no mart_* tables in {args.warehouse}: run dbt build first", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
