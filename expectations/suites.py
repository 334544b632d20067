"""The auditors' expectation suites on the published marts, run through Great Expectations.

Great Expectations 1.x cannot validate DuckDB through its SQL data source (every expectation
fails with an error hidden in exception_info; GX issues #10738, #11579). So each mart is read
into pandas (``con.sql(...).df()``) and validated through GX's pandas data source in an
ephemeral context. Values that depend on region policy (cycle length, hours per cycle, funding
share) come from the policy dict the caller passes in (config/policy.yml), never from literals.

An expectation whose result carries ``exception_info.raised_exception`` is an ERROR, never a
pass or an ordinary failure: it means the check could not be evaluated (missing column, wrong
type), so the mart is unverified.

Cross-column rules that GX's pandas expectations cannot state directly (``remaining_hours ==
max(required_hours - total_hours, 0)``) are computed here as boolean helper columns named
``chk__<rule>`` on the dataframe and checked with ``expect_column_values_to_be_in_set([True])``;
a helper is null when one of its inputs is null, and GX skips nulls, so each helper counts
only rows where the rule can be judged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.findings import has_table

log = logging.getLogger(__name__)

SCHEMA = "main"
TOLERANCE = 0.01  # hours compared with 1/100 of an hour of slack for float noise

LEVELS = ["national", "provincial", "city", "county", "school"]
MODES = ["in_person", "online", "blended", "practice", "workshop", "school_based"]
SCHOOL_AREAS = ["rural", "urban"]
# hours of a level outside the vocabulary, kept apart by the dbt mart when present
OPTIONAL_LEVEL_COLS = ["unknown_level_hours"]

# Minimum columns per published mart (docs/data_contract.md section 3).
MART_COLUMNS: dict[str, list[str]] = {
    "mart_teacher_cycle_credits": [
        "k_teacher",
        "cycle_start_year",
        "cycle_end_year",
        "school_code",
        "county",
        "school_area",
        "total_hours",
        "national_hours",
        "provincial_hours",
        "city_hours",
        "county_hours",
        "school_hours",
        "practice_hours",
        "credits",
        "required_hours",
        "remaining_hours",
        "expected_hours_by_now",
        "on_track",
    ],
    "mart_school_year_funding": [
        "school_code",
        "year",
        "county",
        "school_area",
        "public_funds_budget_yuan",
        "training_spend_yuan",
        "training_share",
        "required_share",
        "meets_share",
    ],
    "mart_project_year_participation": [
        "project_code",
        "year",
        "project_name",
        "level",
        "mode",
        "planned_seats",
        "allocated_seats",
        "enrolled",
        "attended",
        "passed",
        "pass_rate",
        "over_quota",
    ],
}
MART_KEYS: dict[str, list[str]] = {
    "mart_teacher_cycle_credits": ["k_teacher", "cycle_start_year"],
    "mart_school_year_funding": ["school_code", "year"],
    "mart_project_year_participation": ["project_code", "year"],
}
MART_TITLES: dict[str, str] = {
    "mart_teacher_cycle_credits": "教师周期学时 Teacher cycle credits",
    "mart_school_year_funding": "学校年度培训经费 School-year funding",
    "mart_project_year_participation": "项目年度参训 Project-year participation",
}

Status = str  # 'pass' | 'fail' | 'error'


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result, reduced to what the report and the tests need."""

    expectation_type: str
    kwargs: dict[str, Any]
    success: bool
    unexpected_count: int | None
    exception_message: str | None = None
    observed_value: Any = None
    partial_unexpected: list[Any] = field(default_factory=list)
    note: str = ""

    @property
    def raised(self) -> bool:
        return self.exception_message is not None

    @property
    def status(self) -> Status:
        if self.raised:
            return "error"
        return "pass" if self.success else "fail"

    @property
    def column(self) -> str:
        kw = self.kwargs
        if "column" in kw:
            return str(kw["column"])
        if "column_list" in kw:
            return ", ".join(map(str, kw["column_list"]))
        if "column_A" in kw:
            return f"{kw['column_A']} / {kw['column_B']}"
        return "(table)"


@dataclass
class SuiteResult:
    """The result of one mart's suite. ``status`` is 'error' if any expectation raised or the
    mart could not be read, else 'fail' if any expectation failed, else 'pass'."""

    mart: str
    suite_name: str
    status: Status
    expectations: list[ExpectationOutcome]
    row_count: int | None = None
    error: str | None = None  # suite-level problem, e.g. the mart table does not exist
    gx_result: Any = field(default=None, repr=False, compare=False)
    context: Any = field(default=None, repr=False, compare=False)

    @property
    def success(self) -> bool:
        return self.status == "pass"

    def count(self, status: Status) -> int:
        return sum(1 for e in self.expectations if e.status == status)

    def by_type(self, expectation_type: str, column: str | None = None) -> list[ExpectationOutcome]:
        """Outcomes of one expectation type (and column), for tests and the report."""
        return [
            e
            for e in self.expectations
            if e.expectation_type == expectation_type and (column is None or e.column == column)
        ]


# --------------------------------------------------------------------------------------------
# Suite definitions
# --------------------------------------------------------------------------------------------

DerivedCheck = Callable[[pd.DataFrame], pd.Series]


@dataclass
class MartSpec:
    """What one mart's suite checks: GX expectations plus the helper columns they need."""

    mart: str
    expectations: list[Any]
    derived: dict[str, tuple[DerivedCheck, str]] = field(default_factory=dict)

    @property
    def suite_name(self) -> str:
        return f"{self.mart}__auditors"


def _policy_value(policy: Mapping[str, Any], dotted: str) -> Any:
    node: Any = policy
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise KeyError(
                f"policy lacks '{dotted}', needed by the mart expectations; "
                "see config/policy.yml for the default"
            )
        node = node[part]
    return node


def _num(df: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(df[column], errors="coerce").astype("Float64")


def _bool(df: pd.DataFrame, column: str) -> pd.Series:
    return df[column].astype("boolean")


def _close(a: pd.Series, b: pd.Series, tol: float = TOLERANCE) -> pd.Series:
    return ((a - b).abs() <= tol).astype("boolean")


def _common(mart: str, gxe: Any) -> list[Any]:
    """Row count, minimum columns, key not null and unique: the same for every mart."""
    key = MART_KEYS[mart]
    out: list[Any] = [
        gxe.ExpectTableRowCountToBeBetween(
            min_value=1, notes="表不应为空 The mart must not be empty."
        ),
        gxe.ExpectTableColumnsToMatchSet(
            column_set=MART_COLUMNS[mart],
            exact_match=False,
            notes="包含数据契约规定的最少列 Holds the contract's minimum columns.",
        ),
    ]
    for column in key:
        out.append(
            gxe.ExpectColumnValuesToNotBeNull(
                column=column, notes=f"主键列 {column} 不可为空 Key column must not be null."
            )
        )
    out.append(
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=key,
            notes=f"粒度：每个 ({', '.join(key)}) 一行 Grain: one row per ({', '.join(key)}).",
        )
    )
    return out


def _non_negative(gxe: Any, columns: Iterable[str], what: str) -> list[Any]:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=c, min_value=0, notes=f"{what}不可为负 {c} must be >= 0."
        )
        for c in columns
    ]


def _share(gxe: Any, column: str, what: str) -> Any:
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=0, max_value=1, notes=f"{what}在0到1之间 {column} in [0, 1]."
    )


def _boolean(gxe: Any, column: str) -> list[Any]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column=column, notes=f"{column} 不可为空 must not be null."
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column=column, value_set=[True, False], notes=f"{column} 为布尔值 is boolean."
        ),
    ]


def _derived_expectation(gxe: Any, name: str, note: str) -> Any:
    return gxe.ExpectColumnValuesToBeInSet(column=name, value_set=[True], notes=note)


def mart_suite_specs(policy: Mapping[str, Any]) -> dict[str, MartSpec]:
    """The auditors' expectations for each published mart, with policy values filled in."""
    import great_expectations.expectations as gxe

    cycle_length = int(_policy_value(policy, "cycle_length_years"))
    cycle_start = int(_policy_value(policy, "cycle_start_year"))
    hours_per_cycle = float(_policy_value(policy, "hours_per_cycle"))
    required_share = float(_policy_value(policy, "funding.school_training_share_of_public_funds"))

    # --- mart_teacher_cycle_credits --------------------------------------------------------
    mart = "mart_teacher_cycle_credits"
    hours_cols = [
        "total_hours",
        "national_hours",
        "provincial_hours",
        "city_hours",
        "county_hours",
        "school_hours",
        "practice_hours",
        "credits",
        "remaining_hours",
        "expected_hours_by_now",
    ]
    level_cols = [
        "national_hours",
        "provincial_hours",
        "city_hours",
        "county_hours",
        "school_hours",
    ]
    credits_derived: dict[str, tuple[DerivedCheck, str]] = {
        "chk__cycle_span_matches_policy": (
            lambda d: (
                _num(d, "cycle_end_year") - _num(d, "cycle_start_year") + 1 == cycle_length
            ).astype("boolean"),
            f"周期跨度等于政策的 {cycle_length} 年 cycle_end_year - cycle_start_year + 1 = {cycle_length}.",
        ),
        "chk__cycle_aligned_with_policy": (
            lambda d: ((_num(d, "cycle_start_year") - cycle_start) % cycle_length == 0).astype(
                "boolean"
            ),
            f"周期起始年与政策周期对齐（{cycle_start} ± {cycle_length} 的倍数） "
            f"cycle_start_year is {cycle_start} plus a multiple of {cycle_length}.",
        ),
        "chk__total_is_sum_of_levels": (
            lambda d: _close(
                sum(_num(d, c) for c in level_cols + [c for c in OPTIONAL_LEVEL_COLS if c in d]),
                _num(d, "total_hours"),
            ),
            "总学时等于各级别学时之和 total_hours = national + provincial + city + county + school "
            "(+ unknown_level) hours.",
        ),
        "chk__on_track_consistent": (
            lambda d: (
                (_num(d, "total_hours") >= _num(d, "expected_hours_by_now")) == _bool(d, "on_track")
            ).astype("boolean"),
            "按期标志与学时一致 on_track = (total_hours >= expected_hours_by_now).",
        ),
        "chk__remaining_is_required_minus_total": (
            lambda d: _close(
                (_num(d, "required_hours") - _num(d, "total_hours")).clip(lower=0),
                _num(d, "remaining_hours"),
            ),
            "剩余学时 = max(要求学时 - 总学时, 0) remaining_hours = max(required_hours - total_hours, 0).",
        ),
    }
    credits = MartSpec(
        mart=mart,
        expectations=[
            *_common(mart, gxe),
            *_non_negative(gxe, hours_cols, "学时/学分"),
            gxe.ExpectColumnValuesToBeBetween(
                column="required_hours",
                min_value=0,
                max_value=hours_per_cycle,
                notes=f"要求学时在0到政策的 {hours_per_cycle:g} 之间 required_hours in [0, hours_per_cycle].",
            ),
            gxe.ExpectColumnValuesToNotBeNull(
                column="required_hours", notes="要求学时不可为空 required_hours must not be null."
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="required_hours",
                column_B="remaining_hours",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                notes="剩余学时不超过要求学时 remaining_hours <= required_hours.",
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="required_hours",
                column_B="expected_hours_by_now",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                notes="截至当前应完成学时不超过要求学时 expected_hours_by_now <= required_hours.",
            ),
            *_boolean(gxe, "on_track"),
            gxe.ExpectColumnValuesToBeInSet(
                column="school_area", value_set=SCHOOL_AREAS, notes="城乡类型取值 rural / urban."
            ),
            *(_derived_expectation(gxe, name, note) for name, (_, note) in credits_derived.items()),
        ],
        derived=credits_derived,
    )

    # --- mart_school_year_funding ----------------------------------------------------------
    mart = "mart_school_year_funding"
    funding_derived: dict[str, tuple[DerivedCheck, str]] = {
        "chk__share_is_spend_over_budget": (
            lambda d: _close(
                _num(d, "training_spend_yuan")
                / _num(d, "public_funds_budget_yuan").where(
                    _num(d, "public_funds_budget_yuan") > 0
                ),
                _num(d, "training_share"),
                tol=0.0001,
            ),
            "培训经费占比 = 培训支出 / 公用经费 training_share = training_spend_yuan / public_funds_budget_yuan.",
        ),
        "chk__meets_share_consistent": (
            lambda d: (
                (
                    (_num(d, "training_share") >= _num(d, "required_share"))
                    == _bool(d, "meets_share")
                )
                | ((_num(d, "training_share") - _num(d, "required_share")).abs() < 1e-9)
            ).astype("boolean"),
            "达标标志与占比一致 meets_share = (training_share >= required_share).",
        ),
    }
    funding = MartSpec(
        mart=mart,
        expectations=[
            *_common(mart, gxe),
            *_non_negative(gxe, ["public_funds_budget_yuan", "training_spend_yuan"], "经费金额"),
            _share(gxe, "training_share", "培训经费占比"),
            gxe.ExpectColumnValuesToBeBetween(
                column="required_share",
                min_value=required_share,
                max_value=required_share,
                notes=f"要求占比等于政策值 {required_share:g} required_share equals the policy's share.",
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="meets_share",
                value_set=[True, False],
                notes="meets_share 为布尔值（经费缺失时为空）is boolean, null when spend or budget is missing.",
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="school_area", value_set=SCHOOL_AREAS, notes="城乡类型取值 rural / urban."
            ),
            *(_derived_expectation(gxe, name, note) for name, (_, note) in funding_derived.items()),
        ],
        derived=funding_derived,
    )

    # --- mart_project_year_participation ---------------------------------------------------
    mart = "mart_project_year_participation"
    participation_derived: dict[str, tuple[DerivedCheck, str]] = {
        "chk__pass_rate_is_passed_over_attended": (
            lambda d: _close(
                _num(d, "passed") / _num(d, "attended").where(_num(d, "attended") > 0),
                _num(d, "pass_rate"),
                tol=0.0001,
            ),
            "合格率 = 合格人数 / 实际参训人数 pass_rate = passed / attended.",
        ),
        "chk__over_quota_consistent": (
            lambda d: (
                (_num(d, "enrolled") > _num(d, "planned_seats")) == _bool(d, "over_quota")
            ).astype("boolean"),
            "超额标志与人数一致 over_quota = (enrolled > planned_seats).",
        ),
    }
    pair = gxe.ExpectColumnPairValuesAToBeGreaterThanB
    participation = MartSpec(
        mart=mart,
        expectations=[
            *_common(mart, gxe),
            gxe.ExpectColumnValuesToBeInSet(
                column="level", value_set=LEVELS, notes="培训级别取值 level vocabulary."
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="mode", value_set=MODES, notes="培训形式取值 mode vocabulary."
            ),
            *_non_negative(
                gxe, ["planned_seats", "allocated_seats", "enrolled", "attended", "passed"], "人数"
            ),
            pair(
                column_A="enrolled",
                column_B="attended",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                notes="报名人数不少于参训人数 enrolled >= attended.",
            ),
            pair(
                column_A="attended",
                column_B="passed",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                notes="参训人数不少于合格人数 attended >= passed.",
            ),
            pair(
                column_A="enrolled",
                column_B="passed",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                notes="报名人数不少于合格人数 enrolled >= passed.",
            ),
            _share(gxe, "pass_rate", "合格率"),
            *_boolean(gxe, "over_quota"),
            *(
                _derived_expectation(gxe, name, note)
                for name, (_, note) in participation_derived.items()
            ),
        ],
        derived=participation_derived,
    )
    return {s.mart: s for s in (credits, funding, participation)}


# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


def _add_derived(df: pd.DataFrame, spec: MartSpec) -> pd.DataFrame:
    """Add the chk__ helper columns; a helper whose inputs are missing is left out, so its
    expectation raises (missing column) and is reported as an error rather than a pass."""
    df = df.copy()
    for name, (fn, _) in spec.derived.items():
        try:
            df[name] = fn(df)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("%s: cannot compute %s (%s: %s)", spec.mart, name, type(exc).__name__, exc)
    return df


def _exception_messages(exception_info: Any) -> list[str]:
    """GX puts exception_info either flat or keyed by metric id; collect raised messages."""
    if not isinstance(exception_info, Mapping):
        return []
    if "raised_exception" in exception_info:
        if exception_info.get("raised_exception"):
            return [str(exception_info.get("exception_message") or "exception raised")]
        return []
    messages: list[str] = []
    for value in exception_info.values():
        messages.extend(_exception_messages(value))
    return messages


def _plain(value: Any) -> Any:
    """numpy / pandas scalars to plain Python, for HTML and JSON."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    item = getattr(value, "item", None)
    return item() if callable(item) else str(value)


def outcome_from_gx(result: Any) -> ExpectationOutcome:
    """Reduce one GX ExpectationValidationResult to an ExpectationOutcome."""
    config = result.expectation_config
    kwargs = {k: _plain(v) for k, v in dict(config.kwargs).items() if k != "batch_id"}
    messages = _exception_messages(result.exception_info)
    body = result.result or {}
    notes = config.notes
    note = " ".join(notes) if isinstance(notes, list) else (notes or "")
    unexpected = body.get("unexpected_count")
    return ExpectationOutcome(
        expectation_type=config.type,
        kwargs=kwargs,
        success=bool(result.success) and not messages,
        unexpected_count=None if unexpected is None else int(unexpected),
        exception_message="; ".join(dict.fromkeys(messages)) if messages else None,
        observed_value=_plain(body.get("observed_value")),
        partial_unexpected=_plain(list(body.get("partial_unexpected_list") or [])[:20]),
        note=note,
    )


def _status(outcomes: Sequence[ExpectationOutcome]) -> Status:
    if any(o.status == "error" for o in outcomes):
        return "error"
    return "fail" if any(o.status == "fail" for o in outcomes) else "pass"


def new_context() -> Any:
    """An ephemeral GX context without progress bars (they would flood orchestration logs)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def run_mart_suites(
    con: Any,
    policy: Mapping[str, Any],
    marts: Sequence[str] | None = None,
) -> list[SuiteResult]:
    """Validate each published mart (schema main) with its auditors' suite.

    ``con`` is a DuckDB connection to the warehouse, ``policy`` the dict of config/policy.yml.
    ``marts`` limits the run to some marts (default: all three). Returns one SuiteResult per
    mart, in the order of ``marts``; a mart that does not exist is an 'error' result.
    All results share one GX ephemeral context (``result.context``) for build_data_docs.
    """
    import great_expectations as gx

    specs = mart_suite_specs(policy)
    wanted = list(marts) if marts is not None else list(specs)
    unknown = [m for m in wanted if m not in specs]
    if unknown:
        raise ValueError(f"no suite for {unknown}; known marts: {sorted(specs)}")

    context = new_context()
    datasource = context.data_sources.add_pandas("warehouse_marts")
    run_id = gx.RunIdentifier(run_name="auditors_mart_suites")
    results: list[SuiteResult] = []
    for mart in wanted:
        spec = specs[mart]
        if not has_table(con, SCHEMA, mart):
            results.append(
                SuiteResult(
                    mart=mart,
                    suite_name=spec.suite_name,
                    status="error",
                    expectations=[],
                    error=f"table {SCHEMA}.{mart} does not exist; run the dbt build first",
                    context=context,
                )
            )
            continue
        df = con.sql(f'select * from {SCHEMA}."{mart}"').df()
        df = _add_derived(df, spec)

        batch_definition = datasource.add_dataframe_asset(
            mart
        ).add_batch_definition_whole_dataframe("whole_mart")
        suite = context.suites.add(gx.ExpectationSuite(name=spec.suite_name))
        for expectation in spec.expectations:
            suite.add_expectation(expectation)
        validation = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{mart}__validation", data=batch_definition, suite=suite)
        )
        try:
            gx_result = validation.run(
                batch_parameters={"dataframe": df}, result_format="SUMMARY", run_id=run_id
            )
        except Exception as exc:  # GX itself failed: the mart is unverified, say so
            log.exception("GX validation of %s raised", mart)
            results.append(
                SuiteResult(
                    mart=mart,
                    suite_name=spec.suite_name,
                    status="error",
                    expectations=[],
                    row_count=len(df),
                    error=f"Great Expectations raised {type(exc).__name__}: {exc}",
                    context=context,
                )
            )
            continue
        outcomes = [outcome_from_gx(r) for r in gx_result.results]
        results.append(
            SuiteResult(
                mart=mart,
                suite_name=spec.suite_name,
                status=_status(outcomes),
                expectations=outcomes,
                row_count=len(df),
                gx_result=gx_result,
                context=context,
            )
        )
    return results


# --------------------------------------------------------------------------------------------
# Data Docs
# --------------------------------------------------------------------------------------------


def build_data_docs(results_or_context: Any, out_dir: Path | str) -> Path:
    """Write GX Data Docs (expectation suites and validation results) to out_dir; return the
    path of out_dir/index.html.

    ``results_or_context`` is the list returned by run_mart_suites (or one SuiteResult), or a
    GX data context that holds validation results. The context's default site is pointed at
    out_dir and built with GX's own site builder. GX's pages load Bootstrap and fonts from
    public CDNs, so offline they render unstyled; the auditors' report is the self-contained
    view. When no GX context is available (every mart was missing), a small static page listing
    the suite errors is written instead.
    """
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    context, results = _context_and_results(results_or_context)
    if context is None:
        return _write_static_docs(results, out)

    site_config = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(out)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    sites = context.list_data_docs_sites()
    site_name = "local_site"
    if site_name in sites:
        context.update_data_docs_site(site_name, site_config)
    else:
        context.add_data_docs_site(site_name, site_config)
    context.build_data_docs(site_names=[site_name])
    index = out / "index.html"
    if not index.is_file():
        raise RuntimeError(f"GX did not write {index}; check the Data Docs site configuration")
    return index


def _context_and_results(obj: Any) -> tuple[Any, list[SuiteResult]]:
    if isinstance(obj, SuiteResult):
        obj = [obj]
    if isinstance(obj, list | tuple):
        results = [r for r in obj if isinstance(r, SuiteResult)]
        contexts = {id(r.context): r.context for r in results if r.context is not None}
        if len(contexts) > 1:
            raise ValueError(
                "results come from several run_mart_suites calls; pass one call's list"
            )
        return (next(iter(contexts.values())) if contexts else None), results
    if hasattr(obj, "build_data_docs"):
        return obj, []
    raise TypeError(
        f"expected run_mart_suites results or a GX data context, got {type(obj).__name__}"
    )


def _write_static_docs(results: Sequence[SuiteResult], out: Path) -> Path:
    import html

    rows = "".join(
        f"<tr><td>{html.escape(r.mart)}</td><td>{r.status}</td><td>{html.escape(r.error or '')}</td></tr>"
        for r in results
    )
    index = out / "index.html"
    index.write_text(
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>Mart suites</title>"
        "</head><body><h1>数据集市校验 Mart suites</h1><p>No Great Expectations validation "
        "ran, so GX Data Docs could not be built.</p><table border='1'><tr><th>mart</th>"
        f"<th>status</th><th>error</th></tr>{rows}</table></body></html>",
        encoding="utf-8",
    )
    return index
