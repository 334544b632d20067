"""Every data-quality rule is a check on the asset it guards, all evaluated in one step with one
count query: open findings fail their rule's check with the rule's severity, resolved ones do
not count, a rule without findings passes."""

from __future__ import annotations

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from expectations.catalogue import load_rule_catalogue
from orchestration.defs.quality.rules import build_rule_checks


def test_one_step_checks_every_rule_with_its_open_findings_and_severity(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table main.dq_findings as select * from (values "
            "('ID_INVALID', 'a.xlsx', 3, 'S1', null, 2023, 'x', 'open'), "
            "('ID_INVALID', 'a.xlsx', 4, 'S1', null, 2023, 'y', 'open'), "
            "('ID_INVALID', 'a.xlsx', 5, 'S1', null, 2023, 'z', 'resolved'), "
            "('SCHOOL_UNDER_5PCT', 'f.xlsx', 2, 'S2', null, 2023, 'w', 'open')) "
            "as t(rule_id, source_file, source_row, school_code, project_code, year, detail, status)"
        )
    (check,) = build_rule_checks()
    resources = {"duckdb": DuckDBResource(database=str(path))}
    results = {r.check_name: r for r in check(dg.build_asset_check_context(resources=resources))}

    catalogue = load_rule_catalogue()
    assert sorted(results) == sorted(f"rule_{r.lower()}" for r in catalogue)
    failed = {
        name: (r.metadata["findings"].value, r.severity) for name, r in results.items() if not r.passed
    }
    assert failed == {
        "rule_id_invalid": (2, dg.AssetCheckSeverity.ERROR),
        "rule_school_under_5pct": (1, dg.AssetCheckSeverity.WARN),
    }
    assert results["rule_gp_over_cycle_limit"].metadata["first_findings"].value == "none"
    header, _, *rows = results["rule_id_invalid"].metadata["first_findings"].value.splitlines()
    assert header.split("|")[1].strip() == "source_file"
    assert [[c.strip() for c in row.split("|")[1:3]] for row in rows] == [
        ["a.xlsx", "3"], ["a.xlsx", "4"],
    ]  # fmt: skip
