"""Dagster resources: the warehouse, the dbt CLI and the pipeline's settings."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

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
        "duckdb": DuckDBResource(database=str(loc.warehouse)),
        "dbt": dbt_cli(),
    }
