"""A mart as the pandas frame its suite validates, loading only the values the suite reads.

The frame keeps every column of the table, in the table's order, so that table-level
expectations (row count, the contract's column set) see the table as it is; a column no
expectation reads is an all-null categorical (one byte a row) instead of its values. At
province scale this cuts the load of the widest marts to a third of their columns.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from expectations.suites.declare import MartSpec


def _ordered_columns(con: Any, schema: str, table: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
    ]


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _names_only(rows: int) -> pd.Categorical:
    return pd.Categorical.from_codes(np.full(rows, -1, dtype=np.int8), categories=[])


def load_values(con: Any, schema: str, spec: MartSpec) -> tuple[pd.DataFrame, list[str]]:
    """The values of spec.data_columns (those the table has) and the table's columns in order.
    The suite's helper columns are computed on this frame, so a helper reading a column not
    declared in spec.derived_inputs fails (and its expectation errors) instead of reading nulls."""
    columns = _ordered_columns(con, schema, spec.mart)
    wanted = set(spec.data_columns)
    read = [c for c in columns if c in wanted]
    table = f"{schema}.{_quoted(spec.mart)}"
    if read:
        return con.sql(f"select {', '.join(map(_quoted, read))} from {table}").df(), columns
    rows = int(con.execute(f"select count(*) from {table}").fetchone()[0])
    return pd.DataFrame(index=pd.RangeIndex(rows)), columns


def with_table_columns(values: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """values with every table column in the table's order (the unread ones names only), then
    the columns values adds (the helpers)."""
    rows = len(values)
    out = {c: values[c] if c in values.columns else _names_only(rows) for c in columns}
    out |= {c: values[c] for c in values.columns if c not in out}
    return pd.DataFrame(out, index=values.index)
