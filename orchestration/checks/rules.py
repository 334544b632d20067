"""One Dagster asset check per data-quality rule, on the asset the rule guards.

The rules themselves live in dbt (models/dq) and at ingest; these checks only read how many
findings each rule produced in `dq_findings` and report them with the catalogue's severity.
"""


import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.catalogue import RuleInfo, load_rule_catalogue

DQ_FINDINGS = dg.AssetKey("dq_findings")

# Which asset each rule guards (wiring only; the catalogue holds severity and meaning).
GUARDED_ASSET: dict[str, dg.AssetKey] = {
    "ID_INVALID": dg.AssetKey(["raw", "quarantine"]),
    "ID_EXCEL_DAMAGED": dg.AssetKey(["raw", "quarantine"]),
    "MISSING_HOURS": dg.AssetKey("int_training_records"),
    "NO_TRAINING_IN_YEAR": dg.AssetKey("mart_teacher_cycle_credits"),
    "GP_OVER_CYCLE_LIMIT": dg.AssetKey("int_guopei_enrolments"),
    "GP_BANNED_REENROLLED": dg.AssetKey("int_guopei_enrolments"),
    "PROJECT_OVER_QUOTA": dg.AssetKey("mart_project_year_participation"),
    "DUP_SOURCES_DISAGREE": dg.AssetKey("int_training_records"),
    "SCHOOL_UNDER_5PCT": dg.AssetKey("mart_school_year_funding"),
}

SAMPLE_SQL = """
select source_file, source_row, school_code, project_code, year, detail
from main.dq_findings where rule_id = ? order by source_file, source_row limit 5
"""


def rule_check_result(con, rule: RuleInfo) -> dg.AssetCheckResult:
    """Passes when the rule has no findings; fails with the rule's severity otherwise."""
    count = con.execute(
        "select count(*) from main.dq_findings where rule_id = ?", [rule.rule_id]
    ).fetchone()[0]
    sample = con.execute(SAMPLE_SQL, [rule.rule_id]).df()
    return dg.AssetCheckResult(
        passed=count == 0,
        severity=dg.AssetCheckSeverity.ERROR if rule.severity == "error" else dg.AssetCheckSeverity.WARN,
        metadata={
            "findings": dg.MetadataValue.int(int(count)),
            "rule": dg.MetadataValue.text(rule.title),
            "how_to_resolve": dg.MetadataValue.text(rule.resolve_en),
            "first_findings": dg.MetadataValue.md(sample.to_markdown(index=False) if count else "none"),
        },
    )


def _make_rule_check(rule: RuleInfo, asset_key: dg.AssetKey) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset_key,
        name=f"rule_{rule.rule_id.lower()}",
        description=f"{rule.title}: {rule.meaning_en}",
        additional_deps=[DQ_FINDINGS] if asset_key != DQ_FINDINGS else [],
    )
    def _check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with duckdb.get_connection() as con:
            return rule_check_result(con, rule)

    return _check


def build_rule_checks() -> list[dg.AssetChecksDefinition]:
    return [
        _make_rule_check(rule, GUARDED_ASSET.get(rule_id, DQ_FINDINGS))
        for rule_id, rule in sorted(load_rule_catalogue().items())
    ]
