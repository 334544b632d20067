"""Locations and secrets come from TT_* variables with the documented defaults."""

from __future__ import annotations

from pathlib import Path

from ingest.policy import DEFAULT_POLICY_PATH, load_policy
from orchestration.settings import DEFAULT_HASH_KEY, Locations, hash_key


def test_locations_honour_the_environment(tmp_path):
    env = {
        "TT_LANDING_DIR": str(tmp_path / "in"),
        "TT_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "TT_REPORTS_DIR": str(tmp_path / "out"),
    }
    loc = Locations.from_env(env)
    assert (loc.landing_dir, loc.warehouse, loc.reports_dir) == (
        tmp_path / "in",
        tmp_path / "w.duckdb",
        tmp_path / "out",
    )


def test_locations_default_to_documented_paths():
    loc = Locations.from_env({})
    assert loc.landing_dir == Path("data/landing").resolve()
    assert loc.warehouse == Path("warehouse/training.duckdb").resolve()
    assert loc.reports_dir == Path("reports").resolve()


def test_hash_key_defaults_to_the_public_demo_key_unless_set():
    assert hash_key({}) == DEFAULT_HASH_KEY
    assert hash_key({"TT_HASH_KEY": "bureau-secret"}) == "bureau-secret"


def test_policy_file_error_names_the_missing_keys(tmp_path):
    bad = tmp_path / "policy.yml"
    bad.write_text("hours_per_cycle: 240\n", encoding="utf-8")
    try:
        load_policy(bad)
    except ValueError as exc:
        assert "cycle_start_year" in str(exc) and str(bad) in str(exc)
    else:
        raise AssertionError("an incomplete policy file must be rejected")


def test_tt_policy_points_at_a_region_file(tmp_path, monkeypatch):
    region = tmp_path / "region.yml"
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8").replace("hours_per_cycle: 360", "hours_per_cycle: 240")
    region.write_text(text, encoding="utf-8")
    monkeypatch.setenv("TT_POLICY", str(region))
    assert load_policy()["hours_per_cycle"] == 240
