"""One Dagster asset check per data-quality rule, on the asset the rule guards (all in one step).

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
COUNTS_SQL = f"select rule_id, count(*) from main.dq_findings where {open_filter()} group by rule_id"
SAMPLE_SQL = f"""
select source_file, source_row, school_code, project_code, year, detail
from main.dq_findings where rule_id = ? and {open_filter()}
order by source_file, source_row limit 5
"""


def guarded_asset(rule: RuleInfo) -> dg.AssetKey:
    """The asset key of the catalogue's `guards` (a/b -> AssetKey(['a', 'b']))."""
    return dg.AssetKey(rule.guards_key_path)


def check_key(rule: RuleInfo) -> dg.AssetCheckKey:
    return dg.AssetCheckKey(guarded_asset(rule), f"rule_{rule.rule_id.lower()}")


def rule_check_result(con, rule: RuleInfo, count: int | None = None) -> dg.AssetCheckResult:
    """Passes when the rule has no open findings; fails with the rule's severity otherwise.
    ``count``: the rule's open findings when the caller counted every rule at once."""
    if count is None:
        count = con.execute(COUNT_SQL, [rule.rule_id]).fetchone()[0]
    sample = con.execute(SAMPLE_SQL, [rule.rule_id]).df() if count else None
    key = check_key(rule)
    return dg.AssetCheckResult(
        asset_key=key.asset_key,
        check_name=key.name,
        passed=count == 0,
        severity=dg.AssetCheckSeverity.ERROR if rule.severity == "error" else dg.AssetCheckSeverity.WARN,
        metadata={
            "findings": dg.MetadataValue.int(int(count)),
            "rule": dg.MetadataValue.text(rule.title),
            "implemented_in": dg.MetadataValue.text(rule.implemented_in),
            "how_to_resolve": dg.MetadataValue.text(rule.resolve_en),
            "first_findings": dg.MetadataValue.md(
                sample.to_markdown(index=False) if sample is not None else "none"
            ),
        },
    )


def _spec(rule: RuleInfo) -> dg.AssetCheckSpec:
    key = check_key(rule)
    return dg.AssetCheckSpec(
        key.name,
        asset=key.asset_key,
        description=f"[{rule.severity}] {rule.title}: {rule.meaning_en} (implemented in {rule.implemented_in})",
        additional_deps=[DQ_FINDINGS] if key.asset_key != DQ_FINDINGS else [],
    )


def build_rule_checks() -> list[dg.AssetChecksDefinition]:
    """One Dagster step for every rule check: one warehouse connection and one count query
    instead of a step, a connection and two queries per rule (22 steps before)."""
    rules = [rule for _rule_id, rule in sorted(load_rule_catalogue().items())]

    @dg.multi_asset_check(specs=[_spec(rule) for rule in rules], can_subset=True)
    def dq_rule_checks(context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource):
        selected = context.selected_asset_check_keys
        with duckdb.get_connection() as con:
            counts = dict(con.execute(COUNTS_SQL).fetchall())
            for rule in rules:
                if check_key(rule) in selected:
                    yield rule_check_result(con, rule, int(counts.get(rule.rule_id, 0)))

    return [dq_rule_checks]


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(asset_checks=build_rule_checks())
