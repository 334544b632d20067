"""dbt command lines, built by pure functions so they can be tested without a run."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any


def dbt_vars(policy: Mapping[str, Any], hash_key: str) -> dict[str, Any]:
    """The vars every dbt invocation gets: the region policy and the teacher-hash key."""
    return {"policy": dict(policy), "hash_key": hash_key}


def dbt_build_args(
    policy: Mapping[str, Any], hash_key: str, extra: Sequence[str] = ()
) -> list[str]:
    return ["build", "--vars", json.dumps(dbt_vars(policy, hash_key), ensure_ascii=False), *extra]
