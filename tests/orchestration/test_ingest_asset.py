"""The ingest asset's retry on a still-copying file and its pandera check result."""

from __future__ import annotations

import threading
import time

import dagster as dg
import pytest

from orchestration.defs.ingest import (
    PANDERA_CHECK,
    LandingNotSettled,
    pandera_result,
    raw_tables,
    retry_policy,
    wait_until_settled,
)


def test_a_file_growing_during_the_look_is_not_settled(tmp_path):
    (tmp_path / "sub").mkdir()
    growing = tmp_path / "sub" / "signin.xlsx"
    growing.write_bytes(b"PK")

    def append_later() -> None:
        time.sleep(0.3)
        with growing.open("ab") as handle:
            handle.write(b"more bytes")

    writer = threading.Thread(target=append_later)
    writer.start()
    with pytest.raises(LandingNotSettled, match="still being written: sub/signin.xlsx"):
        wait_until_settled(tmp_path, seconds=1.0)
    writer.join()
    wait_until_settled(tmp_path, seconds=0.2)  # unchanged now: no exception


def test_ingest_retries_three_times_with_exponential_backoff(monkeypatch):
    monkeypatch.setenv("TT_RETRY_DELAY_SECONDS", "2")
    policy = retry_policy()
    assert (policy.max_retries, policy.delay, policy.backoff) == (3, 2.0, dg.Backoff.EXPONENTIAL)
    assert raw_tables.node_def.retry_policy is not None


def test_pandera_check_fails_with_the_refused_rows_by_reason():
    result = pandera_result("roster", 7, {"ID_INVALID": 2, "REQUIRED_MISSING": 1})
    assert result.check_name == PANDERA_CHECK and not result.passed
    assert result.severity == dg.AssetCheckSeverity.WARN
    assert result.metadata["rows_refused_this_run"].value == 3
    assert result.metadata["rows_loaded_this_run"].value == 7
    assert result.metadata["refused_by_reason"].value == (
        "| reason | rows |\n|---|---|\n| ID_INVALID | 2 |\n| REQUIRED_MISSING | 1 |"
    )
    assert pandera_result("roster", 5, {}).passed
