"""Dagster resources: the warehouse, the dbt CLI and the pipeline's settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

from ingest.memory_limit import apply_memory_limit
from orchestration.settings import DBT_PROJECT_DIR, Locations, dbt_executable

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class PipelineSettings(dg.ConfigurableResource):
    """Locations; defaults come from TT_* environment variables. No secret here: a resource's
    values are shown in the Dagster UI (the hash key is read by ingest/teacher_key.py only)."""

    landing_dir: str
    warehouse: str
    reports_dir: str
    policy_path: str = ""

    @property
    def locations(self) -> Locations:
        return Locations.from_env(
            {
                "TT_LANDING_DIR": self.landing_dir,
                "TT_WAREHOUSE": self.warehouse,
                "TT_REPORTS_DIR": self.reports_dir,
            }
        )


class WarehouseResource(DuckDBResource):
    """DuckDBResource whose connection has the warehouse's memory limit (ingest/memory_limit.py)
    and is closed when the step fails inside `get_connection`.

    dagster-duckdb closes it only after a clean exit; a failed step left a writable connection
    open in the process, and every later read-only connect to the warehouse in that process
    (the run's summary, a test) failed with "different configuration than existing connections".
    """

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with super().get_connection() as con:
            try:
                yield apply_memory_limit(con)
            finally:
                con.close()


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(
        project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()
    )


def build_resources(locations: Locations | None = None) -> dict[str, object]:
    loc = locations or Locations.from_env()
    return {
        "settings": PipelineSettings(
            landing_dir=str(loc.landing_dir),
            warehouse=str(loc.warehouse),
            reports_dir=str(loc.reports_dir),
        ),
        "duckdb": WarehouseResource(database=str(loc.warehouse)),
        "dbt": dbt_cli(),
    }
