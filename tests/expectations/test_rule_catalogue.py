"""The rule catalogue (the dq models' YAML meta) describes exactly the rule ids of the data contract (section 5), with the same
severities, and every text the report and the workbooks print is filled in."""

from __future__ import annotations

import re
from dataclasses import fields

from dq_sample_warehouse import REPO

from expectations.catalogue import RuleInfo, load_rule_catalogue, rule_info


def _contract_rules() -> dict[str, str]:
    text = (REPO / "docs" / "data_contract.md").read_text(encoding="utf-8")
    section = text.split("## 5. Rule ids", 1)[1]
    return dict(re.findall(r"^\| `([A-Z0-9_]+)` \| (error|warn) \|", section, flags=re.M))


def test_catalogue_matches_the_contracts_rule_ids_and_severities():
    contract = _contract_rules()
    catalogue = load_rule_catalogue()

    # no literal count: a new rule is its SQL file and YAML entry, the table is generated
    assert {r: info.severity for r, info in catalogue.items()} == contract
    assert list(catalogue) == list(contract)  # report order follows the contract's order


def test_every_catalogue_text_is_filled_in():
    for info in load_rule_catalogue().values():
        for f in fields(RuleInfo):
            assert str(getattr(info, f.name)).strip(), f"{info.rule_id}.{f.name} is empty"
        assert info.owner in {"school", "bureau", "provider"}


def test_unknown_rule_id_gets_a_placeholder_not_an_error():
    info = rule_info("NEW_RULE_X", severity="error")
    assert info.rule_id == "NEW_RULE_X" and info.severity == "error"
    assert info.title_en == "Uncatalogued rule"


def test_every_rule_says_where_it_lives_and_what_it_guards():
    models = {p.stem for p in (REPO / "dbt_project" / "models" / "dq").glob("dq_*.sql")}
    for info in load_rule_catalogue().values():
        assert info.implemented_in == "ingest/pandera" or info.implemented_in in models, info.rule_id
        if info.implemented_in == "ingest/pandera":
            assert info.guards == "raw/quarantine", info.rule_id
        assert re.fullmatch(r"[a-z0-9_]+(/[a-z0-9_]+)?", info.guards), info.rule_id


def test_every_dbt_rule_model_is_unioned_into_the_findings():
    macro = (REPO / "dbt_project" / "macros" / "dq_rules.sql").read_text(encoding="utf-8")
    unioned = set(re.findall(r"'(dq_[a-z0-9_]+)'", macro.split("dq_rule_models", 1)[1]))
    catalogued = {
        info.implemented_in for info in load_rule_catalogue().values()
        if info.implemented_in != "ingest/pandera"
    }
    assert catalogued <= unioned
