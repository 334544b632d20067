"""The Dagster code location: everything under orchestration/defs/, one module per area.

`dg dev` / `make ui` show it; `make run` runs it (orchestration/run.py). Tests pass their own
locations to `build_defs`, which swaps the resources read from TT_* variables for theirs.
"""

from dataclasses import replace
from pathlib import Path

import dagster as dg

from orchestration.defs.automation import FULL_PIPELINE
from orchestration.resources import build_resources
from orchestration.settings import Locations

__all__ = ["FULL_PIPELINE", "build_defs", "defs"]


def build_defs(locations: Locations | None = None) -> dg.Definitions:
    loaded = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    if locations is None:
        return loaded
    return replace(loaded, resources={**(loaded.resources or {}), **build_resources(locations)})


@dg.definitions
def defs() -> dg.Definitions:
    return build_defs()
