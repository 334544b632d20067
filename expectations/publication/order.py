"""The row order of every published table, so that two publications of the same warehouse are
the same bytes (an auditor can verify one by its hashes, an analyst diffing two versions sees
only the rows that changed).

Neither the dbt builds nor the withhold join give a stable order (parallel scans, the join's
build side), so each table is written sorted: by its tested grain key (the columns of its
model's unique / unique_combination test, dbt_docs.model_keys), then by its other columns in
table order, each ascending with nulls last. That is a total order whether or not the key is
unique in the published copy (mart_lineage's is not checked at publication). A table without a
tested key is sorted by all its columns. The Parquet and XLSX copies read the DuckDB table in
its stored order (insertion order, which DuckDB keeps while `preserve_insertion_order` is on).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import duckdb


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def sort_columns(columns: Sequence[str], key: Sequence[str]) -> list[str]:
    """The key's columns the table has, in key order, then the table's other columns."""
    first = [c for c in key if c in columns]
    return first + [c for c in columns if c not in first]


def order_by(columns: Sequence[str], key: Sequence[str]) -> str:
    """The ORDER BY clause of a table of these columns with this tested key."""
    return "order by " + ", ".join(
        f"{_quoted(c)} asc nulls last" for c in sort_columns(columns, key)
    )


def ordered(con: duckdb.DuckDBPyConnection, select: str, key: Sequence[str]) -> str:
    """`select` sorted in the publication's order, given the table's tested key."""
    columns = [d[0] for d in con.execute(f"select * from ({select}) limit 0").description]
    return f"select * from ({select}) as unordered {order_by(columns, key)}"


@contextmanager
def insertion_order_kept(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """`preserve_insertion_order` on inside the block (the copies read the tables in their
    stored order), restored after it."""
    before = con.execute("select current_setting('preserve_insertion_order')").fetchone()[0]
    con.execute("set preserve_insertion_order = true")
    try:
        yield
    finally:
        con.execute(f"set preserve_insertion_order = {'true' if before else 'false'}")
