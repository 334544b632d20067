"""dbt command lines, built by pure functions so they can be tested without a run."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# dbt's unit tests check the SQL on fixed rows, not the data: the test suite runs them (tests/dbt
# builds its fixture with them) and so does `dbt build` in development. The pipeline's builds leave
# them out, as dbt advises for production: at 50,000 teachers they were 15 of a full build's 91
# node-seconds, and 28 of 258 in a rebuild after a load (each reads the real tables' columns).
NO_UNIT_TESTS = ("--exclude", "test_type:unit")


def dbt_vars(policy: Mapping[str, Any]) -> dict[str, Any]:
    """The vars every dbt invocation gets: the region policy. Never a secret: vars are on the
    command line and in dbt's artifacts (k_teacher arrives computed from ingest)."""
    return {"policy": dict(policy)}


def dbt_build_args(policy: Mapping[str, Any], extra: Sequence[str] = ()) -> list[str]:
    return ["build", "--vars", json.dumps(dbt_vars(policy), ensure_ascii=False), *extra]


def without_unit_tests(args: Iterable[str]) -> list[str]:
    """`dbt build` arguments of a pipeline run: the same, with the unit tests excluded once."""
    args = list(args)
    for i in range(len(args) - 1):
        if (args[i], args[i + 1]) == NO_UNIT_TESTS:
            return args
    return [*args, *NO_UNIT_TESTS]
