"""Publication of the analyst marts, blocked by error-level data-quality findings.

`publication_gate` reads dq_findings after the marts are built and its check
`no_open_error_findings` fails (severity ERROR) while any rule of severity error that guards an
input of the published marts has open findings. `published_marts`, the Parquet copies analysts
and schools receive (TT_REPORTS_DIR/published/), then publishes nothing: it yields no
materialization (output_required=False), so it and anything downstream are skipped.

Why not a Dagster `blocking=True` check: a failed blocking check fails its step and the run, so
`make demo` (whose sample plants error findings on purpose) would exit 1 although it produced the
auditors' report. Gating inside the asset blocks publication the same way and keeps the run green;
the failed ERROR check shows in the UI. The marts themselves, dq_findings and the auditors' report
still materialize: auditors must see what blocked publication.

Wiring (orchestration/definitions.py): add PUBLISH_ASSETS to `assets` and PUBLISH_CHECKS to
`asset_checks`.
"""


import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.catalogue import RuleInfo, load_rule_catalogue
from expectations.exports import export_marts
from orchestration.checks.gx import PUBLISHED_MARTS
from orchestration.resources import PipelineSettings

DQ_FINDINGS = dg.AssetKey("dq_findings")
GATE = dg.AssetKey("publication_gate")


def blocking_rules(catalogue: dict[str, RuleInfo] | None = None) -> list[str]:
    """Rule ids that block publication: severity error and guarding an input of the marts (every
    guarded asset except dq_findings itself, which is downstream of the marts)."""
    catalogue = load_rule_catalogue() if catalogue is None else catalogue
    return sorted(r for r, info in catalogue.items() if info.severity == "error" and info.guards != "dq_findings")


def open_blocking_findings(con, rules: list[str]) -> dict[str, int]:
    """{rule_id: open findings} of the blocking rules that have any."""
    if not rules:
        return {}
    marks = ", ".join("?" for _ in rules)
    rows = con.execute(
        f"select rule_id, count(*) from main.dq_findings where rule_id in ({marks}) "
        "and coalesce(status, 'open') = 'open' group by rule_id order by rule_id",
        rules,
    ).fetchall()
    return {rule: int(n) for rule, n in rows}


@dg.asset(
    key=GATE,
    deps=[DQ_FINDINGS, *(dg.AssetKey(m) for m in PUBLISHED_MARTS)],
    group_name="publish",
    description="Counts the open error findings that block publishing the marts.",
)
def publication_gate(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.get_connection() as con:
        blocking = open_blocking_findings(con, blocking_rules())
    return dg.MaterializeResult(
        metadata={"open_error_findings": dg.MetadataValue.json(blocking)}
    )


@dg.asset_check(
    asset=GATE,
    name="no_open_error_findings",
    description="Error-level rules guarding the marts' inputs have no open findings; otherwise "
    "published_marts publishes nothing.",
)
def no_open_error_findings(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        blocking = open_blocking_findings(con, blocking_rules())
    return dg.AssetCheckResult(
        passed=not blocking,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "open_error_findings": dg.MetadataValue.json(blocking),
            "total": dg.MetadataValue.int(sum(blocking.values())),
        },
    )


@dg.asset(
    deps=[GATE],
    group_name="publish",
    output_required=False,
    description="The analyst marts as Parquet under TT_REPORTS_DIR/published/, only when no "
    "open error-level finding blocks them (otherwise skipped, nothing written).",
)
def published_marts(context: dg.AssetExecutionContext, settings: PipelineSettings, duckdb: DuckDBResource):
    out = settings.locations.reports_dir / "published"
    with duckdb.get_connection() as con:
        blocking = open_blocking_findings(con, blocking_rules())
        if blocking:
            context.log.warning(f"publication blocked by open error findings: {blocking}")
            return
        counts = {
            path.stem: int(con.execute(f"select count(*) from read_parquet('{path.as_posix()}')").fetchone()[0])
            for path in export_marts(con, out)
        }
    yield dg.MaterializeResult(
        metadata={"folder": dg.MetadataValue.path(str(out)), "rows": dg.MetadataValue.json(counts)}
    )


PUBLISH_ASSETS = [publication_gate, published_marts]
PUBLISH_CHECKS = [no_open_error_findings]
