"""The Dagster code location: everything under orchestration/defs/, one module per area.

`dg dev` / `make ui` show it; `make run` runs it (orchestration/run.py). Tests pass their own
locations to `build_defs`, which swaps the resources read from TT_* variables for theirs.
"""

import warnings
from pathlib import Path

import dagster as dg
from dagster_shared.record import replace  # Definitions is a record, not a dataclass

from orchestration.catalogue import OWNERS
from orchestration.defs.automation import FULL_PIPELINE
from orchestration.resources import build_resources
from orchestration.settings import Locations

__all__ = ["FULL_PIPELINE", "build_defs", "defs"]


def with_catalogue_defaults(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Every asset has an owner, a kind and a layer tag, whichever module defined it."""
    return spec.replace_attributes(
        owners=spec.owners or OWNERS,
        kinds=spec.kinds or {"python"},
        tags={
            "layer": spec.group_name or "default",
            **{k: v for k, v in spec.tags.items() if not k.startswith("dagster/kind/")},
        },
    )


def build_defs(locations: Locations | None = None) -> dg.Definitions:
    loaded = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    with warnings.catch_warnings():  # map_asset_specs is marked preview in Dagster 1.13
        warnings.simplefilter("ignore", dg.PreviewWarning)
        loaded = loaded.map_asset_specs(func=with_catalogue_defaults)
    if locations is None:
        return loaded
    return replace(loaded, resources={**(loaded.resources or {}), **build_resources(locations)})


@dg.definitions
def defs() -> dg.Definitions:
    return build_defs()
