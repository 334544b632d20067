"""Each rule is described once, in its dq model's YAML meta: the catalogue (report, workbooks,
Dagster checks) and dbt's finding severity both read it there."""

from __future__ import annotations

from pathlib import Path

import pytest
from dq_sample_warehouse import REPO

from expectations.catalogue import load_rule_catalogue

RULE_YAML = """
version: 2
models:
  - name: dq_helper_rows
    description: "Grain: one record per helper row."
  - name: dq_fixture_rule
    description: "Grain: one record per fixture row."
    config:
      meta:
        rule:
          id: FIXTURE_RULE
          severity: warn
          guards: mart_school_year_funding
          owner: bureau
          title_zh: 测试规则
          title_en: Fixture rule
          meaning_zh: 含义
          meaning_en: >-
            What the fixture
            rule means.
          matters_zh: 影响
          matters_en: When it matters.
          resolve_zh: 处理
          resolve_en: How to resolve.
"""


def test_a_rule_in_a_dq_models_yaml_is_in_the_catalogue_with_its_meta(tmp_path: Path):
    (tmp_path / "_dq.yml").write_text(RULE_YAML, encoding="utf-8")

    catalogue = load_rule_catalogue(tmp_path)

    assert list(catalogue) == ["FIXTURE_RULE"]  # the helper model without meta is no rule
    info = catalogue["FIXTURE_RULE"]
    assert (info.severity, info.guards, info.owner) == ("warn", "mart_school_year_funding", "bureau")
    assert info.implemented_in == "dq_fixture_rule"  # the model the meta sits on
    assert info.meaning_en == "What the fixture rule means."


def test_a_bad_severity_names_the_file_and_model(tmp_path: Path):
    (tmp_path / "_dq.yml").write_text(RULE_YAML.replace("severity: warn", "severity: fatal"), "utf-8")
    with pytest.raises(ValueError, match="dq_fixture_rule: rule FIXTURE_RULE severity"):
        load_rule_catalogue(tmp_path)


def test_no_rule_literal_is_left_in_the_dq_sql():
    # id and severity come from the meta (macro dq_rule_meta), never from the model's SQL
    for sql in (REPO / "dbt_project" / "models" / "dq").glob("dq_*.sql"):
        text = sql.read_text(encoding="utf-8")
        assert "dq_finding_select('findings')" in text or "dq_quarantine_rule()" in text or (
            "dq_finding_select" not in text and "dq_quarantine_rule" not in text
        ), sql.name
    assert not (REPO / "expectations" / "rules.yml").exists()


def test_a_rule_id_that_is_not_its_models_name_is_refused(tmp_path: Path):
    # dbt's unit tests derive the id from the model name dq_<id in lower case>
    (tmp_path / "_dq.yml").write_text(RULE_YAML.replace("id: FIXTURE_RULE", "id: OTHER"), "utf-8")
    with pytest.raises(ValueError, match="dq_fixture_rule: meta.rule.id 'OTHER'"):
        load_rule_catalogue(tmp_path)


def test_the_union_list_names_exactly_the_models_that_carry_a_rule():
    # dbt needs the union's refs at parse time, before the YAML meta is read, so the list is
    # generated from the metas (macros/dq_rules.sql); a stale list fails here
    import re

    macro = (REPO / "dbt_project" / "macros" / "dq_rules.sql").read_text(encoding="utf-8")
    unioned = re.findall(r"'(dq_[a-z0-9_]+)'", macro.split("macro dq_rule_models", 1)[1])
    assert sorted(unioned) == sorted(info.implemented_in if info.implemented_in.startswith("dq_")
                                     else f"dq_{rule_id.lower()}"
                                     for rule_id, info in load_rule_catalogue().items())
