"""The generator against the rules, without Dagster (generate -> ingest load -> dbt build):
a --clean dataset has zero error findings (and no findings at all), and a planted dataset is
found exactly: precision and recall 100% over every rule in ground_truth.json."""

from __future__ import annotations

import pytest

from tests.dq.pipeline import compare, generate_load_build


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    return generate_load_build(tmp_path_factory.mktemp("clean"), teachers=300, seed=5, clean=True)


def test_clean_sample_has_zero_error_findings(clean_build):
    import duckdb

    warehouse, truth = clean_build
    assert truth["defects"] == []
    with duckdb.connect(str(warehouse)) as con:
        by_severity = dict(
            con.execute(
                "select severity, count(*) from main.dq_findings where status = 'open' group by 1"
            ).fetchall()
        )
    assert by_severity.get("error", 0) == 0
    assert by_severity == {}, "a clean sample trips no warning either"


def test_planted_sample_is_found_exactly(tmp_path_factory):
    warehouse, truth = generate_load_build(tmp_path_factory.mktemp("planted"), teachers=300, seed=9)
    false_positives, missed = compare(warehouse, truth)
    assert false_positives == set()
    assert missed == set()
