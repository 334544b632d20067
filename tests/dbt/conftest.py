"""Session fixtures for the dbt tests: one warehouse and one `dbt build` per policy.

Each build: a fresh DuckDB file in a temp folder, the contract's raw tables filled with the
hand-written fixture (dbt_fixture_data.py), then `dbt build` (models, data tests and unit tests)
with --vars built from config/policy.yml (optionally modified). dbt is slow to start, so every
test reading the same policy shares one build.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO_DIR = HERE.parents[1]
PROJECT_DIR = REPO_DIR / "dbt_project"
sys.path.insert(0, str(PROJECT_DIR / "scripts"))

from dbt_fixture_data import TABLES  # noqa: E402
from dbt_parsed import dbt_runner  # noqa: E402
from dbt_raw_schema import fill_tables, fixture_key  # noqa: E402
from dbt_with_policy import dbt_args  # noqa: E402


def load_default_policy() -> dict:
    with open(REPO_DIR / "config" / "policy.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def fill_raw(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict]] = TABLES) -> None:
    """The raw tables holding `tables` (default: the fixture of dbt_fixture_data.py)."""
    fill_tables(con, tables)


def run_dbt(
    command: list[str],
    warehouse: Path,
    work_dir: Path,
    policy: dict | None,
):
    """Run dbt in-process; returns the dbtRunnerResult. policy None = no vars at all, and a parse
    of its own (so does another --target); else the process's one parse of the project on DuckDB
    (dbt_parsed.py)."""
    from dbt.cli.main import dbtRunner

    os.environ["TT_WAREHOUSE"] = str(warehouse)
    runner = dbtRunner() if policy is None or "--target" in command else dbt_runner(warehouse)
    if policy is None:
        args = [*command, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
    else:
        args = dbt_args(command, policy)
    args += [
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        "--no-partial-parse",
        "--quiet",
    ]
    return runner.invoke(args)


class Warehouse:
    """A built warehouse: run SQL against it read-only."""

    def __init__(self, path: Path, result) -> None:
        self.path = path
        self.result = result

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.path)) as con:
            return con.execute(sql, params or []).fetchall()

    @contextmanager
    def reading(self) -> Iterator[Callable[..., list[tuple]]]:
        """`rows` on one connection, for a test of hundreds of queries (each connection to the
        file costs ~50 ms of CPU)."""
        with duckdb.connect(str(self.path)) as con:
            yield lambda sql, params=None: con.execute(sql, params or []).fetchall()

    def k(self, id_number: str) -> str:
        """k_teacher as ingest computes it: HMAC-SHA256 with the tests' key."""
        return fixture_key()(id_number)


def approx_rows(expected: list[tuple]) -> list:
    """Rows compared with pytest.approx row by row (approx does not nest)."""
    return [pytest.approx(row) for row in expected]


def selected(models: str) -> tuple[str, ...]:
    """`dbt build` arguments: `models` and their tests, without singular tests and unit tests
    (those run in the full builds of `wh`)."""
    return ("--select", models, "--exclude", "test_type:singular",
            "--exclude-resource-type", "unit_test")  # fmt: skip


def build_fixture(
    tmp_path_factory,
    name: str,
    policy: dict,
    tables: dict[str, list[dict]] = TABLES,
    args: tuple[str, ...] = (),
) -> Warehouse:
    """A fresh warehouse in its own temp folder holding `tables`, then `dbt build *args` with the
    policy as vars; every node must succeed."""
    work_dir = tmp_path_factory.mktemp(name)
    warehouse = work_dir / "training.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        fill_raw(con, tables)
    result = run_dbt(["build", *args], warehouse, work_dir, policy)
    failures = [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in (result.result or [])
        if str(r.status) not in ("success", "pass")
    ]
    assert result.success and not failures, f"dbt build failed: {result.exception} {failures}"
    return Warehouse(warehouse, result)


@pytest.fixture(scope="session")
def default_policy() -> dict:
    return load_default_policy()


@pytest.fixture(scope="session")
def modified_policy(default_policy) -> dict:
    """The default policy with a region's changes (see test_dbt_policy_change.py)."""
    policy = copy.deepcopy(default_policy)
    policy["hours_per_cycle"] = 240
    policy["as_of_date"] = "2023-06-30"
    policy["counted_review_statuses"] = ["certified"]
    policy["hours_per_credit"]["school_based"] = 10
    policy["caps"]["school_based_credits_per_year"] = 0.2
    policy["caps"]["online_credits_per_cycle"] = 0.5
    policy["guopei"]["max_enrolments_per_cycle"] = 2
    policy["guopei"]["ban_years"] = 1
    policy["funding"]["school_training_share_of_public_funds"] = 0.07
    policy["caps"]["credits_per_year"] = 5
    # county training budget: 国培 project budgets apportioned by allocated seats (test_dbt_rollups)
    policy["funding"]["county_budget_levels"] = ["national"]
    # IT 2.0: a project county of the fixture, other keywords / code patterns and thresholds
    policy["it20"].update(
        project_counties=["城关区"],
        project_name_keywords=["校本教研", "国培计划"],
        project_code_patterns=["CTY2023%"],
        practice_modes=["school_based"],
        min_hours=60,
        min_practice_hours=10,
    )
    return policy


@pytest.fixture(scope="session")
def wh(tmp_path_factory, default_policy) -> Warehouse:
    """The fixture built with config/policy.yml as it is."""
    return build_fixture(tmp_path_factory, "default_policy", default_policy)


@pytest.fixture(scope="session")
def wh_modified(tmp_path_factory, modified_policy) -> Warehouse:
    """The fixture built with the modified policy (unit tests carry their own policy and already
    ran in the default build, so they are left out here)."""
    return build_fixture(
        tmp_path_factory,
        "modified_policy",
        modified_policy,
        args=("--exclude-resource-type", "unit_test"),
    )


@pytest.fixture
def run_dbt_in(tmp_path) -> Callable:
    """Run one dbt command against a fresh warehouse holding the fixture."""

    def _run(command: list[str], policy: dict | None):
        warehouse = tmp_path / "training.duckdb"
        if not warehouse.exists():
            with duckdb.connect(str(warehouse)) as con:
                fill_raw(con)
        return run_dbt(command, warehouse, tmp_path, policy)

    return _run
