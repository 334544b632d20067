"""Locations come from TT_* variables with the documented defaults; the hash key is no setting."""

from __future__ import annotations

from pathlib import Path

from ingest.policy import DEFAULT_POLICY_PATH, load_policy
from orchestration.resources import PipelineSettings, build_resources
from orchestration.settings import Locations


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


def test_no_resource_carries_the_hash_key(monkeypatch):
    # resources' values are shown on the Dagster UI's Resources page and stored in run snapshots
    monkeypatch.setenv("TT_HASH_KEY", "bureau-secret-4711")
    assert "hash_key" not in PipelineSettings.model_fields
    for resource in build_resources().values():
        assert "bureau-secret-4711" not in repr(resource)
        assert "bureau-secret-4711" not in str(resource.model_dump())


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


def test_a_production_run_with_the_demo_key_stops_in_one_line_before_writing(
    tmp_path, monkeypatch, capsys
):
    from orchestration import run

    for var in ("TT_HASH_KEY", "TT_HASH_KEY_FILE", "TT_POLICY", "DAGSTER_HOME"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "landing").mkdir()
    monkeypatch.setenv("TT_ENV", "production")
    monkeypatch.setenv("TT_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("TT_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("TT_REPORTS_DIR", str(tmp_path / "reports"))
    assert run.main() == 2
    assert capsys.readouterr().err == (
        "pipeline: not started: TT_ENV=production with the public demo hash key: set "
        "TT_HASH_KEY_FILE (or TT_HASH_KEY) to the bureau's own key\n"
    )
    assert not (tmp_path / "w.duckdb").exists()


def test_the_summary_says_when_the_public_demo_key_is_in_use(tmp_path, monkeypatch):
    from orchestration.summary import _key_line

    monkeypatch.delenv("TT_HASH_KEY", raising=False)
    monkeypatch.delenv("TT_HASH_KEY_FILE", raising=False)
    assert _key_line() == [
        "hash key:                     the public DEMO key (sample data only; set "
        "TT_HASH_KEY_FILE for real teachers, see README)"
    ]
    monkeypatch.setenv("TT_HASH_KEY", "bureau-secret")
    assert _key_line() == []
