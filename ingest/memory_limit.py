"""DuckDB's memory limit on the warehouse, one setting for every process that works on it.

DuckDB takes 80% of the machine's RAM by default: a province-sized build (400,000 teachers) held
16 GB in dbt and 12 GB in the publication on a 24 GB machine, beside the pipeline's own processes.
With a limit, DuckDB's joins, aggregates and sorts spill to a temporary folder beside the
warehouse (`<warehouse>.tmp`) instead: slower when it spills, never more memory than the limit
allows. The default is a share of the RAM, so it fits a laptop as it fits a server.
The limit is applied with `SET` after connecting (a connection `config` that differs from an open
connection's to the same file is refused by DuckDB); dbt applies it through its profile's
`settings` (dbt_project/profiles.yml reads the same variable with the same default).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

import duckdb

ENV = "TT_DUCKDB_MEMORY_LIMIT"
DEFAULT = "25%"  # of the machine's RAM: ~5.9 GB of 24, 2 of 8; DuckDB's own default is 80%
_SIZE = re.compile(r"\d+(\.\d+)?\s*(%|B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


class MemoryLimitError(ValueError):
    """TT_DUCKDB_MEMORY_LIMIT is not a size DuckDB reads."""


def memory_limit(env: Mapping[str, str] | None = None) -> str:
    """The limit from TT_DUCKDB_MEMORY_LIMIT (a size such as `6GB` or a share of the RAM such as
    `40%`), else the default."""
    value = ((os.environ if env is None else env).get(ENV) or DEFAULT).strip()
    if not _SIZE.fullmatch(value):
        raise MemoryLimitError(f"{ENV}={value!r}: give a size such as 6GB or a share of the RAM such as 40%")
    return value


def apply_memory_limit(
    con: duckdb.DuckDBPyConnection, env: Mapping[str, str] | None = None
) -> duckdb.DuckDBPyConnection:
    """`con` with the warehouse's memory limit set (for its whole database instance)."""
    con.execute(f"set memory_limit = '{memory_limit(env)}'")
    return con
