"""Raw tables -> staging -> intermediate -> marts and findings, as dbt assets.

dbt tests become Dagster asset checks (dagster-dbt's default); sources point at the raw-table
assets through `meta.dagster.asset_key` in dbt_project/models/staging/_sources.yml.
"""


import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from dagster_dbt.dbt_project import using_dagster_dev

from ingest.policy import load_policy
from orchestration.dbt_args import dbt_build_args
from orchestration.resources import PipelineSettings, dbt_cli, dbt_project
from orchestration.settings import DBT_PROJECT_DIR


class LayerTranslator(DagsterDbtTranslator):
    """Groups dbt models by their folder (staging, intermediate, marts, dq) in one place."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn") or []
        if dbt_resource_props.get("resource_type") == "model" and len(fqn) > 2:
            return fqn[1]
        return super().get_group_name(dbt_resource_props)


def manifest_is_stale(manifest: Path, project_dir: Path) -> bool:
    """True when the manifest is missing or older than any model, macro, test or config file."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [project_dir / "dbt_project.yml"]
    for folder in ("models", "macros", "tests", "seeds", "snapshots"):
        sources += [p for p in (project_dir / folder).rglob("*") if p.suffix in (".sql", ".yml", ".yaml", ".csv")]
    return any(p.stat().st_mtime > built for p in sources if p.exists())


def ensure_manifest() -> None:
    """dagster-dbt needs target/manifest.json at load time: parse when it is missing, and on every
    load under `dagster dev` so model edits show up. (DbtProject.prepare_if_dev would look for dbt
    on PATH only; dbt_cli() finds the venv's dbt.)"""
    if using_dagster_dev() or manifest_is_stale(dbt_project.manifest_path, DBT_PROJECT_DIR):
        dbt_cli().cli(
            ["parse", "--quiet"], target_path=dbt_project.target_path
        ).wait()


ensure_manifest()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=LayerTranslator(),
    pool="duckdb_writer",
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, settings: PipelineSettings):
    # dbt runs in dbt_project/, so its profile needs the warehouse as an absolute path.
    os.environ["TT_WAREHOUSE"] = str(settings.locations.warehouse)
    policy = load_policy(settings.policy_path or None)
    yield from dbt.cli(dbt_build_args(policy), context=context).stream()
