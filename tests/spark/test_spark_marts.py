"""The dbt models on Apache Spark give the same marts as on DuckDB (docs/spark.md).

One hand-written fixture (tests/dbt/dbt_fixture_data.py) is loaded into a DuckDB warehouse and
built there; its raw tables go to Parquet through `python -m ingest export-parquet`; the same
models are built (`dbt run`) on the `spark` target (local pyspark in this process, session method)
from that Parquet; every mart is then compared row by row, in any order: decimals and texts
exactly, doubles to 1e-9. The data tests and unit tests run on DuckDB (tests/dbt); here the
figures are the proof, and a Spark node is slow (every query is a Spark job).
"""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
import sys
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingest.cli import main as ingest_main

HERE = Path(__file__).resolve().parent
DBT_TESTS = HERE.parent / "dbt"
# the marts (products too) and every model upstream of them
SELECTION = "+path:models/marts"
# A few hundred rows per query: the JVM's start-up and each query's planning are the cost, not the
# data. Only the client JVM (C1 compiler, serial GC) and Spark's execution strategy (interpreted
# expressions instead of generated Java, no adaptive re-planning) change; the SQL and the
# profile's settings (ANSI off, UTC, 2 shuffle partitions) are those of the spark target.
TINY_JOB = {
    "JAVA_TOOL_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    "PYSPARK_SUBMIT_ARGS": "--conf spark.sql.codegen.wholeStage=false "
    "--conf spark.sql.adaptive.enabled=false pyspark-shell",
}


def _java_available() -> bool:
    java_home = os.environ.get("JAVA_HOME")
    return bool(shutil.which("java") or (java_home and (Path(java_home) / "bin" / "java").exists()))


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _java_available(), reason="Spark needs Java 17 (.ci/run installs it)"),
]


def _dbt_fixture():
    """tests/dbt/conftest.py's builders (fill_raw, run_dbt, the default policy), imported under a
    name of their own so pytest's conftest of that folder stays untouched."""
    if str(DBT_TESTS) not in sys.path:  # its sibling modules (dbt_fixture_data, dbt_raw_schema)
        sys.path.insert(0, str(DBT_TESTS))
    spec = importlib.util.spec_from_file_location("dbt_fixture_builders", DBT_TESTS / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _failures(result) -> list[str]:
    return [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in (result.result or [])
        if str(r.status) not in ("success", "pass")
    ]


def _key(value):
    """A hashable, engine-neutral form of one cell."""
    if isinstance(value, float):
        return ("double", None if math.isnan(value) else float(f"{value:.9g}"))
    if isinstance(value, Decimal):
        return ("decimal", value.normalize())  # 1.5000 == 1.5: scale is checked on the types
    if isinstance(value, datetime):
        return ("timestamp", value.replace(tzinfo=None))
    if isinstance(value, date):
        return ("date", value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    return (type(value).__name__, value)


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """(DuckDB warehouse path, Spark session, mart names) after both builds."""
    fixture = _dbt_fixture()
    policy = fixture.load_default_policy()
    work = tmp_path_factory.mktemp("spark_marts")
    warehouse = work / "training.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        fixture.fill_raw(con)
    parquet = work / "raw_parquet"
    export = ["export-parquet", "--warehouse", str(warehouse), "--out", str(parquet)]
    assert ingest_main(export) == 0

    duck = fixture.run_dbt(["run", "--select", SELECTION], warehouse, work / "duckdb", policy)
    assert duck.success and not _failures(duck), _failures(duck)
    marts = sorted(
        r.node.name for r in duck.result if r.node.resource_type == "model"
        and "marts" in Path(r.node.original_file_path).parts
    )

    os.environ["TT_RAW_PARQUET_DIR"] = str(parquet)
    os.environ["TT_SPARK_DIR"] = str(work / "spark")
    os.environ["TT_SPARK_CATALOG"] = "in-memory"  # one process: no Derby metastore to start
    with pytest.MonkeyPatch.context() as mp:
        for name, value in TINY_JOB.items():
            mp.setenv(name, value)
        spark = fixture.run_dbt(
            ["run", "--target", "spark", "--select", SELECTION],
            warehouse, work / "spark_dbt", policy,
        )  # fmt: skip
    from pyspark.sql import SparkSession

    session = SparkSession.builder.getOrCreate()  # dbt's session (its threads' active one)
    try:
        assert spark.success and not _failures(spark), _failures(spark)
        yield warehouse, session, marts
    finally:
        session.stop()  # ends the JVM: the rest of the suite runs without it


def test_every_mart_is_built_on_both_engines(engines):
    _, _, marts = engines
    assert {"mart_teacher_cycle_credits", "mart_school_year_funding", "mart_lineage",
            "mart_school_early_warning"} <= set(marts)  # fmt: skip


def test_spark_marts_hold_the_same_rows_as_duckdb(engines):
    warehouse, spark, marts = engines
    differences, empty = [], []
    with duckdb.connect(str(warehouse)) as con:
        for mart in marts:
            relation = con.sql(f"select * from main.{mart}")
            columns = sorted(relation.columns)
            duck_rows = con.sql(f"select {', '.join(columns)} from main.{mart}").fetchall()
            spark_frame = spark.table(f"main.{mart}")
            assert sorted(spark_frame.columns) == columns, mart
            spark_rows = [tuple(row) for row in spark_frame.select(*columns).collect()]
            duck_set = Counter(tuple(_key(v) for v in row) for row in duck_rows)
            spark_set = Counter(tuple(_key(v) for v in row) for row in spark_rows)
            if duck_set != spark_set:
                differences.append(
                    f"{mart}: only on DuckDB {list((duck_set - spark_set).elements())[:3]}, "
                    f"only on Spark {list((spark_set - duck_set).elements())[:3]}"
                )
            if not duck_rows:
                empty.append(mart)
    assert not differences, "\n".join(differences)
    # the default policy names no IT 2.0 project county; every other mart has rows to compare
    assert empty == ["mart_teacher_it20_compliance"]


def test_decimal_columns_stay_exact_decimals_on_spark(engines):
    warehouse, spark, marts = engines
    with duckdb.connect(str(warehouse)) as con:
        for mart in marts:
            duck_types = {
                name: kind for name, kind in con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = 'main' and table_name = ?", [mart]).fetchall()
            }  # fmt: skip
            schema = spark.table(f"main.{mart}").schema
            spark_types = {field.name: field.dataType.simpleString() for field in schema}
            for name, kind in duck_types.items():
                if kind.startswith("DECIMAL"):
                    assert spark_types[name] == kind.lower().replace(" ", ""), (mart, name)
