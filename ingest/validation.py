"""pandera validation of canonical rows: failures become quarantine rows with a reason code,
after a fast polars pre-check that skips pandera when every check provably passes."""

from __future__ import annotations

from functools import cache

import pandera.polars as pa
import polars as pl

from ingest.profiles import Profile
from ingest.schemas import MODELS, polars_schema


# Pandera failure -> quarantine reason code.
def _reason_for(column: str, check: str, profile: Profile) -> str:
    try:
        ctype = profile.column(column).type
    except KeyError:
        ctype = ""
    if check == "not_nullable":
        return "ID_MISSING" if ctype in ("id_number", "id_mask") else "REQUIRED_MISSING"
    if ctype in ("id_number", "id_mask"):
        return "ID_INVALID"
    if ctype in ("date", "session_date") or column == "year":
        return "DATE_INVALID"
    if ctype in ("hours", "session_hours"):
        return "HOURS_NEGATIVE" if "greater_than" in check else "HOURS_INVALID"
    if ctype in ("money", "integer"):
        return "AMOUNT_INVALID"
    return "VALUE_NOT_IN_VOCABULARY"


def validate(canonical: pl.DataFrame, target: str, profile: Profile,
             sheets: pl.Series | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """pandera lazy validation; failure cases become quarantine rows (returned, not dropped).
    `sheets` (aligned with the rows) when the frame holds several sheets: the failures then
    carry it as `__sheet`, since source_row alone no longer names a row."""
    keys = {"source_row": pl.Int32} if sheets is None else {"__sheet": sheets.dtype, "source_row": pl.Int32}
    empty = pl.DataFrame(schema={**keys, "__codes": pl.String, "__detail": pl.String})
    if canonical.height == 0:
        return canonical, empty
    if passes_fast(canonical, target):
        return canonical, empty  # pandera would find nothing: skip its per-check queries
    try:
        MODELS[target].validate(canonical, lazy=True)
        return canonical, empty
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
    if fc["index"].null_count() == fc.height:
        raise AssertionError(f"schema-level failure validating {target}: {fc}")
    fc = fc.filter(pl.col("index").is_not_null())
    index = fc["index"].cast(pl.Int64)
    rows = canonical["source_row"].gather(index)
    reasons = [
        _reason_for(c, ch, profile) for c, ch in zip(fc["column"].to_list(), fc["check"].to_list(), strict=True)
    ]
    by = {} if sheets is None else {"__sheet": sheets.gather(index)}
    failed = (
        pl.DataFrame({
            **by,
            "source_row": rows,
            "code": reasons,
            "detail": [f"{c}: {ch} ({v})" for c, ch, v in zip(fc["column"], fc["check"], fc["failure_case"], strict=True)],
        })
        .group_by(list(keys))
        .agg(
            pl.col("code").unique().sort().str.join(",").alias("__codes"),
            pl.col("detail").unique().sort().str.join("; ").alias("__detail"),
        )
    )
    return canonical, failed


# Fast pre-check: the same column checks as the pandera model, evaluated in a single polars
# query. Only when it proves every check passes is pandera skipped (its result would be "no
# failures"); any failure, or any check kind not mirrored here, runs pandera as before.
_FAST_CHECKS = {
    "str_matches": lambda c, st: c.str.contains(st["pattern"] if str(st["pattern"]).startswith("^") else f"^{st['pattern']}"),
    "isin": lambda c, st: c.is_in(list(st["allowed_values"])),
    "greater_than_or_equal_to": lambda c, st: c.ge(st["min_value"]),
    "less_than_or_equal_to": lambda c, st: c.le(st["max_value"]),
    "greater_than": lambda c, st: c.gt(st["min_value"]),
    "less_than": lambda c, st: c.lt(st["max_value"]),
}


@cache
def fast_plan(target: str) -> tuple[dict[str, pl.DataType], list[pl.Expr]] | None:
    schema = MODELS[target].to_schema()
    cfg_ok = schema.strict is True and not schema.coerce and not schema.checks and not schema.unique
    if not cfg_ok:
        return None
    dtypes = polars_schema(target)
    exprs = []
    for name, col in schema.columns.items():
        if col.coerce or col.unique or col.regex or col.default is not None or col.drop_invalid_rows:
            return None
        c = pl.col(name)
        if not col.nullable:
            ok = c.is_not_null()
            if dtypes[name] in (pl.Float32, pl.Float64):
                ok = ok & c.is_not_nan()
            exprs.append(ok.all())
        for check in col.checks:
            make = _FAST_CHECKS.get(check.name)
            if make is None or check.element_wise or check.groupby is not None:
                return None
            e = make(c, check.statistics)
            exprs.append((e | e.is_null()).all() if check.ignore_na else e.fill_null(False).all())
    return dtypes, [e.alias(f"__ok{i}") for i, e in enumerate(exprs)]


def passes_fast(df: pl.DataFrame, target: str) -> bool:
    plan = fast_plan(target)
    if plan is None:
        return False
    dtypes, exprs = plan
    if dict(df.schema) != dtypes:
        return False
    if not exprs:
        return True
    return all(v is True for v in df.select(exprs).row(0))
