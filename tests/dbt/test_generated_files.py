"""Every generated file (dbt macros, document tables) is derived from its one source and current."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "dbt_project" / "scripts"))

import generate  # noqa: E402

from expectations.catalogue import load_rule_catalogue  # noqa: E402


def test_every_generated_file_is_in_step_with_its_source():
    # a rule, vocabulary or grain edit without `python dbt_project/scripts/generate.py` fails here
    assert generate.stale() == []


def test_the_union_list_follows_the_rule_metas_of_a_project_copy(tmp_path: Path):
    dq = tmp_path / "models" / "dq"
    dq.mkdir(parents=True)
    (tmp_path / "macros").mkdir()
    (dq / "_dq.yml").write_text(
        "version: 2\nmodels:\n"
        "  - name: dq_helper_rows\n    description: 'Helper, not a rule. Grain: one record per x.'\n"
        "  - name: dq_fixture_rule\n    description: 'Grain: one record per y.'\n"
        "    config: {meta: {rule: {id: FIXTURE_RULE, severity: warn, owner: bureau,"
        " title_zh: a, title_en: b, meaning_zh: c, meaning_en: d, matters_zh: e, matters_en: f,"
        " resolve_zh: g, resolve_en: h}}}\n",
        encoding="utf-8",
    )

    assert generate.rule_models(tmp_path) == ["dq_fixture_rule"]  # the helper carries no rule
    assert [p.name for p in generate.write(tmp_path)] == ["vocabularies.sql", "dq_rules.sql"]
    macro = (tmp_path / "macros" / "dq_rules.sql").read_text("utf-8")
    assert "    'dq_fixture_rule',\n" in macro and "    'FIXTURE_RULE',\n" in macro
    assert generate.stale(tmp_path) == []


def test_the_contract_lists_every_rule_with_its_severity_from_the_meta():
    table = generate.contract_rules_table()
    assert "| `SCHOOL_UNDER_5PCT` | warn | dbt | `dq_school_under_5pct`: one record per" in table
    assert "| `ID_INVALID` | error | ingest | `dq_id_invalid`:" in table
    listed = [line.split("`")[1] for line in table.splitlines()[2:]]
    assert listed == list(load_rule_catalogue())  # one row per rule, in the YAML's order

