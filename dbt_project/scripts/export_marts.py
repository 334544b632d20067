"""Write every analyst mart (schema main, tables named mart_*) to Parquet, one file per mart.

    python dbt_project/scripts/export_marts.py                       # TT_WAREHOUSE -> TT_REPORTS_DIR/marts
    python dbt_project/scripts/export_marts.py --warehouse w.duckdb --out /tmp/marts

Only schema `main`'s mart_* tables are written: the restricted directory (schema `restricted`),
staging, intermediate and dq models never leave the warehouse through this export. The functions live in
`expectations.exports` (the Dagster asset `published_marts` uses them too).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

from expectations.exports import analyst_marts, export_marts  # noqa: F401 (re-exported)


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
