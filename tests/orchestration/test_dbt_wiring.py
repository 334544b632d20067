"""The pure pieces of the dbt wiring: command lines and manifest freshness."""

from __future__ import annotations

import json
import os

from orchestration.dbt_args import dbt_build_args, dbt_vars, without_unit_tests
from orchestration.defs.dbt import manifest_is_stale


def test_build_args_pass_only_the_policy_as_vars_never_the_hash_key(monkeypatch):
    monkeypatch.setenv("TT_HASH_KEY", "bureau-secret-k3y")
    policy = {"hours_per_cycle": 240, "guopei": {"max_enrolments_per_cycle": 2}}
    args = dbt_build_args(policy, extra=["--select", "marts"])
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {"policy": policy}
    assert args[3:] == ["--select", "marts"]
    assert not any("bureau-secret-k3y" in a for a in args)
    assert dbt_vars(policy)["policy"] is not policy  # a copy, never the caller's dict


def test_pipeline_builds_leave_the_unit_tests_to_the_test_suite():
    args = without_unit_tests(["build", "--select", "source:raw.signin_attendance+"])
    assert args == ["build", "--select", "source:raw.signin_attendance+",
                    "--exclude", "test_type:unit"]  # fmt: skip
    assert without_unit_tests(args) == args  # excluded once


def test_manifest_is_stale_when_missing_or_older_than_a_model(tmp_path):
    project = tmp_path / "proj"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: x\n")
    model = project / "models" / "m.sql"
    model.write_text("select 1")
    manifest = project / "target" / "manifest.json"
    assert manifest_is_stale(manifest, project)
    manifest.parent.mkdir()
    manifest.write_text("{}")
    os.utime(model, (1_000_000, 1_000_000))
    os.utime(project / "dbt_project.yml", (1_000_000, 1_000_000))
    assert not manifest_is_stale(manifest, project)
    os.utime(model, None)  # edited now, after the manifest was written
    os.utime(manifest, (2_000_000, 2_000_000))
    assert manifest_is_stale(manifest, project)
