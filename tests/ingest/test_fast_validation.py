"""The reader skips pandera only when its single-query pre-check proves every check passes.

That shortcut must never say "passes" where pandera would report a failure: for every canonical
table, a valid frame and frames with one column broken (null, out of vocabulary, negative,
malformed ID, NaN) are checked against pandera itself.
"""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl
import pytest

from ingest.schemas import MODELS, polars_schema
from ingest.validation import fast_plan, passes_fast

GOOD = {
    pl.String: "x",
    pl.Date: date(2023, 3, 5),
    pl.Float64: 1.5,
    pl.Int32: 2023,
    pl.Boolean: True,
}
ID = "11010519491231002X"


def _good_value(table: str, column: str, dtype):
    col = MODELS[table].to_schema().columns[column]
    for check in col.checks:
        if check.name == "isin":
            return sorted(check.statistics["allowed_values"])[0]
        if check.name == "str_matches":
            return ID
        if check.name == "less_than_or_equal_to":  # a bounded number (e.g. a 1-5 score): its top
            return check.statistics["max_value"]
    if column == "source_row":
        return 1
    return GOOD[dtype]


def _frame(table: str, rows: int = 3) -> pl.DataFrame:
    schema = polars_schema(table)
    return pl.DataFrame(
        {c: [_good_value(table, c, dt)] * rows for c, dt in schema.items()}, schema=schema
    )


def _pandera_passes(df: pl.DataFrame, table: str) -> bool:
    try:
        MODELS[table].validate(df, lazy=True)
        return True
    except pa.errors.SchemaErrors:
        return False


def _broken(table: str):
    schema = polars_schema(table)
    for column, dt in schema.items():
        bad_values = [None]
        if dt == pl.String:
            bad_values += ["not-a-code", "6101**********1234", "123"]
        elif dt == pl.Float64:
            bad_values += [-1.0, float("nan")]
        elif dt == pl.Int32:
            bad_values += [-5, 1800, 3000, 0]
        for bad in bad_values:
            df = _frame(table).with_columns(
                pl.when(pl.int_range(pl.len()) == 1).then(pl.lit(bad, dtype=dt)).otherwise(pl.col(column)).alias(column)
            )
            yield column, bad, df


@pytest.mark.parametrize("table", sorted(MODELS))
def test_fast_plan_covers_every_model(table):
    assert fast_plan(table) is not None


@pytest.mark.parametrize("table", sorted(MODELS))
def test_fast_check_never_passes_what_pandera_fails(table):
    good = _frame(table)
    assert _pandera_passes(good, table)
    assert passes_fast(good, table)
    for column, bad, df in _broken(table):
        expected = _pandera_passes(df, table)
        assert passes_fast(df, table) == expected, (table, column, bad)


def test_fast_check_refuses_other_dtypes_or_columns():
    table = "provincial_records"
    df = _frame(table)
    assert not passes_fast(df.drop("hours"), table)
    assert not passes_fast(df.with_columns(pl.lit(1).alias("extra")), table)
    assert not passes_fast(df.with_columns(pl.col("hours").cast(pl.Float32)), table)
