"""A suite loads only the values its expectations read; the other columns keep their names, and
a helper that reads a column it did not declare is an error, never a pass."""

from __future__ import annotations

import duckdb
import pandas as pd

from expectations.suites.declare import MartSpec
from expectations.suites.frames import load_values, with_table_columns
from expectations.suites.gx_import import import_gx
from expectations.suites.runner import _add_derived, _validate, new_context


def _mart() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "create table main.mart_x as select * from (values "
        "(1, 'a', 2.5::decimal(18,4)), (2, 'b', null), (3, 'c', 7.0)) as t(id, name, hours)"
    )
    return con


def _spec(derived: dict | None = None, inputs: tuple[str, ...] = ()) -> MartSpec:
    gxe = import_gx().expectations
    return MartSpec(
        mart="mart_x",
        expectations=[
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
            gxe.ExpectTableColumnsToMatchSet(column_set=["id", "name", "hours"], exact_match=False),
            gxe.ExpectColumnValuesToBeBetween(column="hours", min_value=0),
            *(gxe.ExpectColumnValuesToBeInSet(column=c, value_set=[True]) for c in derived or {}),
        ],
        derived=derived or {},
        derived_inputs=inputs,
    )


def test_the_frame_holds_the_read_values_and_every_column_name_in_table_order():
    values, columns = load_values(_mart(), "main", _spec())

    assert list(values.columns) == ["hours"] and columns == ["id", "name", "hours"]
    frame = with_table_columns(values, columns)
    assert list(frame.columns) == ["id", "name", "hours"]
    assert frame["id"].isna().all() and frame["name"].isna().all()
    assert frame["hours"].tolist()[0::2] == [2.5, 7.0] and pd.isna(frame["hours"][1])


def test_a_helper_reading_an_undeclared_column_makes_the_suite_an_error():
    positive_id = {"chk__id_positive": (lambda d: (d["id"] > 0).astype("boolean"), "id > 0")}
    context = new_context()
    datasource = context.data_sources.add_pandas("frames")
    results = {}
    for label, inputs in (("declared", ("id",)), ("undeclared", ())):
        spec = _spec(positive_id, inputs)
        values, columns = load_values(_mart(), "main", spec)
        frame = with_table_columns(_add_derived(values, spec), columns)
        spec.mart = f"mart_x_{label}"  # one GX asset per run
        results[label] = _validate(context, datasource, spec, frame)

    assert results["declared"].status == "pass"
    assert results["undeclared"].status == "error"
    (helper,) = results["undeclared"].by_type("expect_column_values_to_be_in_set")
    assert helper.status == "error" and helper.exception_message
