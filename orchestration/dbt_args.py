"""dbt command lines, built by pure functions so they can be tested without a run."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any


def dbt_vars(policy: Mapping[str, Any]) -> dict[str, Any]:
    """The vars every dbt invocation gets: the region policy. Never a secret: vars are on the
    command line and in dbt's artifacts (k_teacher arrives computed from ingest)."""
    return {"policy": dict(policy)}


def dbt_build_args(policy: Mapping[str, Any], extra: Sequence[str] = ()) -> list[str]:
    return ["build", "--vars", json.dumps(dbt_vars(policy), ensure_ascii=False), *extra]
