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


def test_edges_load_as_the_bureau_means_them(clean_build):
    """The generator's edges (ground_truth.json ``edges``) in the raw tables: both 国培 class lists
    load, a corrected version replaces its original, an identical copy adds no rows, and a
    platform export's 获得学时 column is the hours that load (not its minutes)."""
    import csv

    import duckdb

    warehouse, truth = clean_build
    landing = warehouse.parent / "landing"
    edges = {(e["kind"], e["county"]): e for e in truth["edges"]}
    with duckdb.connect(str(warehouse), read_only=True) as con:

        def rows_from(table: str, files: list[str]) -> dict[str, int]:
            got = con.execute(
                f"select source_file, count(*) from raw.{table} "
                "where source_file in (select unnest(?::varchar[])) group by 1",
                [files],
            ).fetchall()
            return dict(got)

        checked = set()
        for (kind, county), e in sorted(edges.items()):
            checked.add(kind)
            if kind == "guopei_class_lists":
                assert set(rows_from("guopei_trainees", e["files"])) == set(e["files"]), county
            elif kind == "corrected_version":
                _original, corrected = sorted(e["files"], key=lambda f: "更正" in f or "_v2" in f)
                assert set(rows_from("school_funding", e["files"])) == {corrected}, county
            elif kind == "duplicate_copy":
                loaded = rows_from("signin_attendance", e["files"])
                assert len(loaded) == 1, (county, loaded)  # the rows of one of the two files
            elif kind == "platform_credited_hours":
                (rel,) = e["files"]
                with open(landing / rel, encoding="utf-8-sig", newline="") as fh:
                    credited = {i: float(r["获得学时"]) for i, r in enumerate(csv.DictReader(fh), 2)}
                got = dict(
                    con.execute(
                        "select source_row, hours from raw.platform_records where source_file = ?",
                        [rel],
                    ).fetchall()
                )
                assert {int(k): float(v) for k, v in got.items()} == credited, county
    assert {"guopei_class_lists", "corrected_version", "duplicate_copy",
            "platform_credited_hours"} <= checked
