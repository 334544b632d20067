"""One Dagster asset check per data-quality rule, on the asset the rule guards.

The rules themselves live in dbt (models/dq) and at ingest; these checks only read how many open
findings each rule produced in `dq_findings` and report them with the catalogue's severity. Which
asset a rule guards is the catalogue's `guards` field (its dq model's YAML meta), not code here.

The checks do not block: a failed blocking check on an intermediate model would skip the marts
and the auditors' report that has to show the failure, and fail the run. Publication is gated
instead by orchestration/defs/publish.py (published_marts), which reads the
same open error findings.
"""


import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.catalogue import RuleInfo, load_rule_catalogue
from expectations.findings import open_filter

DQ_FINDINGS = dg.AssetKey("dq_findings")

COUNT_SQL = f"select count(*) from main.dq_findings where rule_id = ? and {open_filter()}"
SAMPLE_SQL = f"""
select source_file, source_row, school_code, project_code, year, detail
from main.dq_findings where rule_id = ? and {open_filter()}
order by source_file, source_row limit 5
"""


def guarded_asset(rule: RuleInfo) -> dg.AssetKey:
    """The asset key of the catalogue's `guards` (a/b -> AssetKey(['a', 'b']))."""
    return dg.AssetKey(rule.guards_key_path)


def rule_check_result(con, rule: RuleInfo) -> dg.AssetCheckResult:
    """Passes when the rule has no open findings; fails with the rule's severity otherwise."""
    count = con.execute(COUNT_SQL, [rule.rule_id]).fetchone()[0]
    sample = con.execute(SAMPLE_SQL, [rule.rule_id]).df()
    return dg.AssetCheckResult(
        passed=count == 0,
        severity=dg.AssetCheckSeverity.ERROR if rule.severity == "error" else dg.AssetCheckSeverity.WARN,
        metadata={
            "findings": dg.MetadataValue.int(int(count)),
            "rule": dg.MetadataValue.text(rule.title),
            "implemented_in": dg.MetadataValue.text(rule.implemented_in),
            "how_to_resolve": dg.MetadataValue.text(rule.resolve_en),
            "first_findings": dg.MetadataValue.md(sample.to_markdown(index=False) if count else "none"),
        },
    )


def _make_rule_check(rule: RuleInfo, asset_key: dg.AssetKey) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset_key,
        name=f"rule_{rule.rule_id.lower()}",
        description=f"[{rule.severity}] {rule.title}: {rule.meaning_en} (implemented in {rule.implemented_in})",
        additional_deps=[DQ_FINDINGS] if asset_key != DQ_FINDINGS else [],
    )
    def _check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with duckdb.get_connection() as con:
            return rule_check_result(con, rule)

    return _check


def build_rule_checks() -> list[dg.AssetChecksDefinition]:
    return [
        _make_rule_check(rule, guarded_asset(rule))
        for _rule_id, rule in sorted(load_rule_catalogue().items())
    ]


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(asset_checks=build_rule_checks())
