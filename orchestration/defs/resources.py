"""Resources (warehouse, dbt CLI, settings from TT_* variables) and the executor of every job."""

import dagster as dg

from orchestration.resources import build_resources


@dg.definitions
def defs() -> dg.Definitions:
    # in process: DuckDB allows one writing process, and the pool "duckdb_writer" serialises writers
    return dg.Definitions(resources=build_resources(), executor=dg.in_process_executor)
