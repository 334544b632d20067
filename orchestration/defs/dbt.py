"""Raw tables -> staging -> intermediate -> marts and findings: the whole dbt project, one asset.

dbt tests become Dagster asset checks (dagster-dbt's default); sources point at the raw-table
assets through `meta.dagster.asset_key` in dbt_project/models/staging/_sources.yml.

One multi-asset, whose yearly marts are partitioned by year (the translator's partitions, see
orchestration/defs/partitions.py) and the rest unpartitioned, so a full run is one step and one
`dbt build` (dbt's start-up, manifest load and warehouse connection paid once). With the yearly
marts in an asset of their own, Dagster split the other models into three steps around it
(before the raw tables, before and after the yearly marts): four dbt invocations per run.

Nothing parses at import: the manifest is prepared when the definitions load (`prepare_dbt`), by
`PolicyVarsPreparer`, which parses with the region policy as --vars. dbt's partial parse is only
reused when the vars of the run equal those of the parse, so a run started after this preparation
does not parse the project again (it did, ~10 s, when the manifest was parsed without vars).
"""


import hashlib
import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.dbt_project import DagsterDbtProjectPreparer, using_dagster_dev
from dagster_shared.record import replace

from ingest.policy import load_policy
from orchestration.dbt_args import dbt_vars
from orchestration.defs.partitions import (
    PARTITION_TAG,
    is_yearly,
    later_years_rebuilt,
    rebuild_years,
    run_range,
    yearly_build_args,
    years_partitions,
)
from orchestration.resources import PipelineSettings, dbt_cli, dbt_project

VARS_STAMP = "policy_vars.sha256"  # beside the manifest: which vars it was parsed with


class LayerTranslator(DagsterDbtTranslator):
    """Groups dbt models by their folder (staging, intermediate, marts, dq); kind dbt + duckdb;
    the models tagged `yearly` are partitioned by year (tag partition=year)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn") or []
        if dbt_resource_props.get("resource_type") == "model" and len(fqn) > 2:
            return fqn[1]
        return super().get_group_name(dbt_resource_props)

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        return super().get_owners(dbt_resource_props) or ["team:data-engineering"]

    def get_tags(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, str]:
        fqn = dbt_resource_props.get("fqn") or []
        layer = fqn[1] if len(fqn) > 2 else "other"
        yearly = PARTITION_TAG if is_yearly(dbt_resource_props) else {}
        return {**super().get_tags(dbt_resource_props), "layer": layer, **yearly}

    def get_partitions_def(
        self, dbt_resource_props: Mapping[str, Any]
    ) -> dg.PartitionsDefinition | None:
        return years_partitions if is_yearly(dbt_resource_props) else None


def manifest_is_stale(manifest: Path, project_dir: Path) -> bool:
    """True when the manifest is missing or older than any model, macro, test or config file."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [project_dir / "dbt_project.yml"]
    for folder in ("models", "macros", "tests", "seeds", "snapshots"):
        sources += [
            p for p in (project_dir / folder).rglob("*") if p.suffix in (".sql", ".yml", ".yaml", ".csv")
        ]
    return any(p.stat().st_mtime > built for p in sources if p.exists())


def vars_digest(policy: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(dbt_vars(policy), sort_keys=True).encode()).hexdigest()


class PolicyVarsPreparer(DagsterDbtProjectPreparer):
    """Parses with the policy as --vars, and only when needed: no manifest, a project file newer
    than it, different policy vars than at the last parse, or `dg dev` (model edits show up).
    Runs the venv's dbt (the default preparer looks for dbt on PATH only)."""

    def __init__(self, policy: Mapping[str, Any]):
        self.vars_json = json.dumps(dbt_vars(policy), ensure_ascii=False)
        self.digest = vars_digest(policy)
        super().__init__(prepare_project_cli_args=["parse", "--quiet", "--vars", self.vars_json])

    def needs_parse(self, project: DbtProject) -> bool:
        stamp = project.manifest_path.parent / VARS_STAMP
        return (
            manifest_is_stale(project.manifest_path, Path(project.project_dir))
            or not stamp.exists()
            or stamp.read_text().strip() != self.digest
        )

    def prepare_if_dev(self, project: DbtProject) -> None:
        if using_dagster_dev() or self.needs_parse(project):
            self.prepare(project)

    def _prepare_manifest(self, project: DbtProject) -> None:
        dbt_cli().cli(self._prepare_project_cli_args, target_path=project.target_path).wait()
        (project.manifest_path.parent / VARS_STAMP).write_text(self.digest)


@cache
def prepare_dbt(policy_path: str | None = None) -> DbtProject:
    """The dbt project with its manifest prepared for the policy's vars (once per process)."""
    project = replace(dbt_project, preparer=PolicyVarsPreparer(load_policy(policy_path)))
    project.prepare_if_dev()
    return project


def build_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        name="dbt_models",
        dagster_dbt_translator=LayerTranslator(),
        backfill_policy=dg.BackfillPolicy.single_run(),  # a range of years is one dbt run
        pool="duckdb_writer",
    )
    def dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, settings: PipelineSettings
    ):
        # dbt runs in dbt_project/, so its profile needs the warehouse as an absolute path.
        os.environ["TT_WAREHOUSE"] = str(settings.locations.warehouse)
        # a singular test runs with its last parent when a run selects part of the models (eager
        # selection ran one before its parent existed)
        os.environ.setdefault("DBT_INDIRECT_SELECTION", "buildable")
        # a model without raw inputs can run before ingest made the folder
        settings.locations.warehouse.parent.mkdir(parents=True, exist_ok=True)
        policy = load_policy(settings.policy_path or None)
        first, last = run_range(context)
        years = rebuild_years(first, last, policy)
        specs = context.assets_def.specs_by_key
        yearly = [k for k in context.selected_asset_keys if specs[k].partitions_def is not None]
        # a subset (a rebuild after a load, a backfill) says how much of dbt it builds
        selected, every = len(context.selected_asset_keys), len(context.assets_def.keys)
        note = f"years {years[0]}..{years[1]}" if years else "every year"
        context.log.info(
            f"dbt: {selected} of {every} models selected; {len(yearly)} yearly marts, "
            f"partitions {first}..{last} rebuild {note}"
        )
        yield from dbt.cli(yearly_build_args(policy, years), context=context).stream()
        yield from later_years_rebuilt(yearly, last, years, f"run of partitions {first}..{last}")

    return dbt_models


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[build_dbt_assets(prepare_dbt())])
