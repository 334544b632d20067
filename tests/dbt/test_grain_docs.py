"""Each model's grain is written once (its YAML); the READMEs' tables are generated from it."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "dbt_project" / "scripts"))

import grain_docs  # noqa: E402


def test_grain_is_the_first_clause_outside_parentheses():
    assert grain_docs.first_clause(
        "one record per school (amounts in 元; converted): the rest. More."
    ) == "one record per school (amounts in 元; converted)"


def test_the_mart_table_of_analysts_md_quotes_the_marts_yaml():
    table = grain_docs.analysts_table()
    assert (
        "| `mart_teacher_cycle_credits` | one record per teacher per continuing-education cycle "
        "(k_teacher, cycle_start_year); [mart_teacher_cycle_credits.yml]"
        "(../dbt_project/models/marts/mart_teacher_cycle_credits.yml) |"
    ) in table


def test_generated_grain_tables_are_in_step_with_the_yaml():
    # a YAML grain edit without `python dbt_project/scripts/grain_docs.py` fails here
    for path in grain_docs.DOCUMENTS:
        assert path.read_text(encoding="utf-8") == grain_docs.rendered(path), path


def test_the_dbt_readme_does_not_count_the_rule_models():
    text = (REPO / "dbt_project" / "README.md").read_text(encoding="utf-8")
    assert "| `dq_<rule>` | one row per finding of that rule" in text
    assert "9 views" not in text and "(22" not in text
