"""Run the suites through Great Expectations and reduce GX's results to the result model.

Great Expectations 1.x cannot validate DuckDB through its SQL data source (every expectation
fails with an error hidden in exception_info; GX issues #10738, #11579). So each mart is read
into pandas (``con.sql(...).df()``) and validated through GX's pandas data source in an
ephemeral context.

An expectation whose result carries ``exception_info.raised_exception`` is an ERROR, never a
pass or an ordinary failure: it means the check could not be evaluated (missing column, wrong
type), so the mart is unverified.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from expectations.findings import has_table
from expectations.suites.credits import credits_spec
from expectations.suites.declare import MartSpec
from expectations.suites.frames import load_values, with_table_columns
from expectations.suites.funding import funding_spec
from expectations.suites.gx_import import import_gx
from expectations.suites.marts import SCHEMA
from expectations.suites.participation import participation_spec
from expectations.suites.products import product_suite_specs
from expectations.suites.results import ExpectationOutcome, SuiteResult, suite_status

log = logging.getLogger(__name__)


def mart_suite_specs(policy: Mapping[str, Any]) -> dict[str, MartSpec]:
    """The auditors' expectations for each published mart, with policy values filled in."""
    gxe = import_gx().expectations
    specs = (credits_spec(policy, gxe), funding_spec(policy, gxe), participation_spec(policy, gxe))
    return {s.mart: s for s in specs}


def _add_derived(df: pd.DataFrame, spec: MartSpec) -> pd.DataFrame:
    """Add the chk__ helper columns (to the frame loaded for this suite); a helper whose inputs
    are missing is left out, so its expectation raises (missing column) and is reported as an
    error rather than a pass."""
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


def new_context() -> Any:
    """An ephemeral GX context without progress bars (they would flood orchestration logs)."""
    gx = import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _validate(context: Any, datasource: Any, spec: MartSpec, df: pd.DataFrame) -> SuiteResult:
    gx = import_gx()

    batch = datasource.add_dataframe_asset(spec.mart).add_batch_definition_whole_dataframe(
        "whole_mart"
    )
    suite = context.suites.add(gx.ExpectationSuite(name=spec.suite_name))
    for expectation in spec.expectations:
        suite.add_expectation(expectation)
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"{spec.mart}__validation", data=batch, suite=suite)
    )
    try:
        gx_result = validation.run(batch_parameters={"dataframe": df}, result_format="SUMMARY")
    except Exception as exc:  # GX itself failed: the mart is unverified, say so
        log.exception("GX validation of %s raised", spec.mart)
        return SuiteResult(
            spec.mart,
            spec.suite_name,
            "error",
            [],
            row_count=len(df),
            error=f"Great Expectations raised {type(exc).__name__}: {exc}",
        )
    outcomes = [outcome_from_gx(r) for r in gx_result.results]
    return SuiteResult(
        spec.mart, spec.suite_name, suite_status(outcomes), outcomes, row_count=len(df)
    )


def run_mart_suites(
    con: Any,
    policy: Mapping[str, Any],
    marts: Sequence[str] | None = None,
) -> list[SuiteResult]:
    """Validate each published mart (schema main) with its auditors' suite.

    ``con`` is a DuckDB connection to the warehouse, ``policy`` the dict of config/policy.yml.
    ``marts`` limits the run to some marts (default: the three core marts; the products' suites
    run when named, as PUBLISHED_MARTS does). Returns one SuiteResult per
    mart, in the order of ``marts``; a mart that does not exist is an 'error' result.
    """
    specs = mart_suite_specs(policy)
    wanted = list(marts) if marts is not None else list(specs)
    if set(wanted) - set(specs):  # the products' suites run when asked for by name
        specs |= product_suite_specs(policy, import_gx().expectations)
    unknown = [m for m in wanted if m not in specs]
    if unknown:
        raise ValueError(f"no suite for {unknown}; known marts: {sorted(specs)}")

    context = new_context()
    datasource = context.data_sources.add_pandas("warehouse_marts")
    results: list[SuiteResult] = []
    for mart in wanted:
        spec = specs[mart]
        if not has_table(con, SCHEMA, mart):
            error = f"table {SCHEMA}.{mart} does not exist; run the dbt build first"
            results.append(SuiteResult(mart, spec.suite_name, "error", [], error=error))
            continue
        values, columns = load_values(con, SCHEMA, spec)
        df = with_table_columns(_add_derived(values, spec), columns)
        results.append(_validate(context, datasource, spec, df))
    return results
