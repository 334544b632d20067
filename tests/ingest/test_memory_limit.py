"""DuckDB's memory limit: one variable with one default, applied by every writer of the
warehouse (ingest, the Dagster resource, dbt's profile)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from ingest.memory_limit import DEFAULT, ENV, MemoryLimitError, apply_memory_limit, memory_limit
from ingest.warehouse_lock import connect_for_writing

REPO = Path(__file__).resolve().parents[2]


def _setting_for(limit: str) -> str:
    """How DuckDB reports `limit` (e.g. 4GB -> '3.7 GiB', 25% of 24 GB -> '5.9 GiB')."""
    with duckdb.connect() as con:
        con.execute(f"set memory_limit = '{limit}'")
        return con.execute("select current_setting('memory_limit')").fetchone()[0]


def test_the_limit_comes_from_the_environment_else_the_default():
    assert memory_limit({}) == DEFAULT
    assert memory_limit({ENV: " 6000MB "}) == "6000MB"
    assert memory_limit({ENV: "40%"}) == "40%"
    with pytest.raises(MemoryLimitError, match=f"{ENV}='lots': give a size"):
        memory_limit({ENV: "lots"})
    with pytest.raises(MemoryLimitError):
        memory_limit({ENV: "4GB'; drop table x; --"})  # never reaches the SQL


def test_ingest_connects_to_the_warehouse_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, "1GB")
    con = connect_for_writing(tmp_path / "training.duckdb")
    try:
        got = con.execute("select current_setting('memory_limit')").fetchone()[0]
    finally:
        con.close()
    assert got == _setting_for("1GB") != _setting_for(DEFAULT)


def test_a_limit_set_after_connecting_does_not_clash_with_another_open_connection(tmp_path):
    path = str(tmp_path / "training.duckdb")
    with (
        duckdb.connect(path) as plain,
        apply_memory_limit(duckdb.connect(path), {ENV: "2GB"}) as con,
    ):
        assert con.execute("select 1").fetchone() == (1,)
        assert plain.execute("select current_setting('memory_limit')").fetchone()[0] == (
            _setting_for("2GB")  # one database instance, one limit
        )


def test_dbt_profile_reads_the_same_variable_with_the_same_default():
    profile = (REPO / "dbt_project" / "profiles.yml").read_text(encoding="utf-8")
    found = re.findall(r"memory_limit: \"\{\{ env_var\('(\w+)', '([^']+)'\) \}\}\"", profile)
    assert found == [(ENV, DEFAULT)]
