"""Adding a data-quality rule is one SQL file and one YAML entry. On a copy of the dbt project and
of the hand fixture's built warehouse, a fixture rule shows up in dq_findings, in the Dagster rule
checks, in the auditors' report and in the school's correction workbook with nothing else edited:
the rule list dbt unions is derived by dbt_project/scripts/generate.py (run after any rule edit),
the checks, report and workbooks read the rule's YAML meta."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest

from expectations import catalogue
from tests.dq import dq_fixture as fx
from tests.dq.pipeline import PROJECT_DIR, default_policy

sys.path.insert(0, str(PROJECT_DIR / "scripts"))

import generate  # noqa: E402
from dbt_with_policy import dbt_vars  # noqa: E402

RULE_SQL = """
-- grain: one row per roster row of a kindergarten teacher (a fixture rule)
with flagged as (

    select
        k_teacher,
        school_code,
        cast(null as varchar) as project_code,
        cast(null as integer) as year,
        source_file,
        source_row,
        'kindergarten teacher on the roster' as detail,
        load_id
    from {{ ref('stg_roster__teachers') }}
    where stage = 'kindergarten'

)

{{ dq_finding_select('flagged') }}
"""

RULE_YAML = """
  - name: dq_fixture_rule
    description: "Grain: one record per roster row of a kindergarten teacher. Points at that row."
    config:
      meta:
        rule:
          id: FIXTURE_RULE
          severity: warn
          guards: stg_roster__teachers
          owner: school
          title_zh: 幼儿园教师在花名册上
          title_en: Kindergarten teacher on the roster
          meaning_zh: 测试规则的含义。
          meaning_en: What the fixture rule means.
          matters_zh: 测试规则的影响。
          matters_en: When the fixture rule matters.
          resolve_zh: 测试规则的处理办法。
          resolve_en: How to resolve the fixture rule.
"""


@pytest.fixture(scope="module")
def added(built, tmp_path_factory) -> Path:
    """The warehouse after building the copied project with the fixture rule added."""
    work = tmp_path_factory.mktemp("add_rule")
    project = work / "dbt_project"
    shutil.copytree(PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", ".user.yml"))
    (project / "models/dq/dq_fixture_rule.sql").write_text(RULE_SQL, encoding="utf-8")
    with open(project / "models/dq/_dq.yml", "a", encoding="utf-8") as handle:
        handle.write(RULE_YAML)
    assert [p.name for p in generate.write(project)] == ["dq_rules.sql"]

    warehouse = work / "training.duckdb"
    with duckdb.connect(str(built.path)) as source:
        source.execute("checkpoint")  # dbt-duckdb keeps the database open: flush its log first
    shutil.copy(built.path, warehouse)
    from dbt.cli.main import dbtRunner

    os.environ["TT_WAREHOUSE"] = str(warehouse)
    result = dbtRunner().invoke([
        "build", "--select", "dq_fixture_rule+", "--exclude-resource-type", "unit_test",
        "--project-dir", str(project), "--profiles-dir", str(project),
        "--vars", dbt_vars(default_policy()), "--target-path", str(work / "target"),
        "--log-path", str(work / "logs"), "--no-partial-parse", "--quiet",
    ])
    failures = [f"{r.node.unique_id}: {r.status} {r.message}" for r in result.result or []
                if str(r.status) not in ("success", "pass")]
    assert result.success and not failures, f"{result.exception} {failures}"
    return warehouse


@pytest.fixture
def con(added, monkeypatch):
    """The built copy, with the catalogue read from the copied project's rule metas."""
    monkeypatch.setattr(catalogue, "CATALOGUE_PATH", added.parent / "dbt_project/models/dq")
    with duckdb.connect(str(added)) as connection:
        yield connection


def test_the_new_rule_is_in_the_findings_with_its_meta_severity(con, built):
    rows = con.execute(
        "select rule_id, severity, school_code, source_file, source_row, detail, status "
        "from main.dq_findings where rule_id = 'FIXTURE_RULE'"
    ).fetchall()
    # TC, the one kindergarten teacher, is row 4 of school S1's roster
    assert rows == [("FIXTURE_RULE", "warn", fx.S1, fx.ROSTER_S1, 4,
                     "kindergarten teacher on the roster", "open")]
    others = con.execute(
        "select rule_id, source_file, source_row from main.dq_findings "
        "where status = 'open' and rule_id <> 'FIXTURE_RULE'"
    ).fetchall()
    assert sorted(others, key=str) == sorted(
        built.rows("select rule_id, source_file, source_row from main.dq_findings "
                   "where status = 'open'"), key=str)


def test_the_new_rule_is_a_dagster_check_on_the_asset_it_guards(con):
    from orchestration.defs.quality.rules import build_rule_checks, rule_check_result

    specs = {spec.name: spec for check in build_rule_checks() for spec in check.check_specs}
    assert specs["rule_fixture_rule"].asset_key == dg.AssetKey(["stg_roster__teachers"])

    result = rule_check_result(con, catalogue.load_rule_catalogue()["FIXTURE_RULE"])
    assert (result.passed, result.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert result.metadata["findings"].value == 1


def test_the_new_rule_is_in_the_auditors_report(con, tmp_path):
    from expectations.report.build import build_auditors_report

    html = build_auditors_report(con, tmp_path, suite_results=[]).read_text(encoding="utf-8")
    assert "FIXTURE_RULE" in html
    assert "Kindergarten teacher on the roster" in html and "How to resolve the fixture rule." in html


def test_the_new_rule_is_in_the_schools_correction_workbook(con, tmp_path):
    from expectations.workbooks import build_correction_workbooks

    paths = build_correction_workbooks(con, tmp_path)
    s1 = next(p for p in paths if p.name.startswith(fx.S1))
    cells = {
        str(cell)
        for sheet in openpyxl.load_workbook(s1, read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }
    assert any("幼儿园教师在花名册上" in c for c in cells)
    assert any("测试规则的处理办法。" in c for c in cells)
    assert any(fx.ROSTER_S1 in c for c in cells)
