"""Export the raw tables the dbt sources read as Parquet, one folder per table.

The hand-off to engines other than DuckDB (the dbt `spark` target, docs/spark.md): Spark reads
`<out>/<table>/*.parquet` as the `raw` schema. Only the raw layer's own tables leave, column for
column, so the export holds no personal data beyond what the raw layer already holds; bookkeeping
the models never read (the hash-key fingerprint, the correction loads) stays in the warehouse.

Each table is written into a staging folder beside its target and moved into place with a rename,
so a reader sees a table's previous export or its new one, never half a file.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import duckdb

from ingest.corrections import DDL as CORRECTIONS_DDL
from ingest.schemas import BOOKKEEPING_DDL, MODELS

# raw.correction_responses exists only once a school's workbook has been read back; the export
# then writes it empty, so the Spark side finds the same (empty) answers DuckDB's model assumes.
OPTIONAL_TABLES = {"correction_responses"}


def exported_tables() -> list[str]:
    """The raw tables dbt reads: the canonical tables, the bookkeeping, the correction answers."""
    return [*MODELS, *BOOKKEEPING_DDL, *sorted(OPTIONAL_TABLES)]


def _raw_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'raw'"
    ).fetchall()
    return {name for (name,) in rows}


def _empty_optional(table: str, target: Path) -> None:
    """An empty Parquet file with the table's ingest schema (from its DDL, in memory)."""
    with duckdb.connect(":memory:") as scratch:
        for statement in CORRECTIONS_DDL:
            scratch.execute(statement)
        scratch.execute(f"copy (select * from raw.{table}) to '{target}' (format parquet)")


def _swap_in(staged: Path, final: Path) -> None:
    """Replace `final` by `staged` with renames only (the old folder goes last)."""
    old = final.with_name(f".old-{final.name}-{uuid.uuid4().hex[:8]}")
    if final.exists():
        final.rename(old)
    staged.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def export_parquet(warehouse: Path, out: Path) -> dict[str, int]:
    """Write each raw table of `warehouse` to `out/<table>/part-0.parquet`; returns rows per table.

    A canonical or bookkeeping table missing from the warehouse is an error (the warehouse was
    never loaded); only the optional correction answers may be absent."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no such warehouse: {warehouse}")
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    staging_root = out / f".staging-{uuid.uuid4().hex[:8]}"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = _raw_tables(con)
        missing = [t for t in exported_tables() if t not in present and t not in OPTIONAL_TABLES]
        if missing:
            raise ValueError(f"{warehouse} has no raw.{', raw.'.join(missing)}: load it first")
        try:
            for table in exported_tables():
                staged = staging_root / table
                staged.mkdir(parents=True)
                target = staged / "part-0.parquet"
                if table in present:
                    con.execute(f"copy (select * from raw.{table}) to '{target}' (format parquet)")
                    (counts[table],) = con.execute(f"select count(*) from raw.{table}").fetchone()
                else:
                    _empty_optional(table, target)
                    counts[table] = 0
            for table in exported_tables():
                _swap_in(staging_root / table, out / table)
        finally:
            shutil.rmtree(staging_root, ignore_errors=True)
    return counts
