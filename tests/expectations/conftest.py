"""Fixtures for the expectations tests: the hand-written warehouse and the repo's policy."""

from __future__ import annotations

import duckdb
import pytest
import yaml
from dq_sample_warehouse import REPO, make_warehouse


@pytest.fixture
def warehouse() -> duckdb.DuckDBPyConnection:
    con = make_warehouse()
    yield con
    con.close()


@pytest.fixture(scope="session")
def policy() -> dict:
    return yaml.safe_load((REPO / "config" / "policy.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def good_suite_results(policy):
    """One GX run over the untouched sample warehouse, shared by tests that only read it."""
    from expectations.suites import run_mart_suites

    con = make_warehouse()
    try:
        yield run_mart_suites(con, policy)
    finally:
        con.close()
