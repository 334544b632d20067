"""The whole Dagster job on a generated sample (300 teachers): every planted defect is found by
its rule and nothing else is flagged, the report is written, nothing unexplained is quarantined,
no published table holds personal data, and the README's example questions run.

Apart from tests/e2e/test_pipeline_end_to_end.py: that module reads the session's hand run, which
keeps it in the hand run's worker (tests/conftest.py); this run needs none of it, so the other
worker can take it.
"""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import FULL_PIPELINE, build_defs
from orchestration.settings import Locations

pytestmark = pytest.mark.slow


def run_pipeline(loc: Locations) -> dg.ExecuteInProcessResult:
    job = build_defs(loc).resolve_job_def(FULL_PIPELINE)
    return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    mp.delenv("TT_HASH_KEY", raising=False)
    mp.delenv("TT_HASH_KEY_FILE", raising=False)
    mp.delenv("TT_POLICY", raising=False)
    yield mp
    mp.undo()


def query(loc: Locations, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(loc.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory, monkeypatch_module):
    from ingest.sample import generate

    root = tmp_path_factory.mktemp("sample")
    loc = Locations(root / "landing", root / "warehouse" / "s.duckdb", root / "reports")
    generate(loc.landing_dir, teachers=300, seed=7)  # enough to plant every rule kind once
    result = run_pipeline(loc)
    truth = json.loads((loc.landing_dir / "ground_truth.json").read_text(encoding="utf-8"))
    return loc, result, truth


def _key(rule: str, source_file: str, source_row: int, year) -> tuple:
    return (
        rule,
        source_file,
        int(source_row),
        int(year) if rule == "NO_TRAINING_IN_YEAR" else None,
    )


def test_pipeline_finds_exactly_the_planted_defects(sample_run):
    loc, result, truth = sample_run
    assert result.success
    planted = {
        _key(d["rule"], d["source_file"], d["source_row"], d.get("k", {}).get("year"))
        for d in truth["defects"]
    }
    found = {
        _key(rule, f, r, y)
        for rule, f, r, y in query(
            loc,
            "select rule_id, source_file, source_row, year from main.dq_findings where status = 'open'",
        )
    }
    assert {d["rule"] for d in truth["defects"]} >= {
        "ID_INVALID",
        "ID_EXCEL_DAMAGED",
        "MISSING_HOURS",
        "NO_TRAINING_IN_YEAR",
        "GP_OVER_CYCLE_LIMIT",
        "GP_BANNED_REENROLLED",
        "PROJECT_OVER_QUOTA",
        "DUP_SOURCES_DISAGREE",
        "SCHOOL_UNDER_5PCT",
    }
    assert found - planted == set(), "false positives"
    assert planted - found == set(), "planted defects not found"


def test_sample_run_writes_the_auditors_report(sample_run):
    loc, _, _ = sample_run
    report = loc.reports_dir / "auditors_report.html"
    assert report.is_file()
    assert "SCHOOL_UNDER_5PCT" in report.read_text(encoding="utf-8")


def test_generated_landing_loads_without_unexplained_quarantine(sample_run):
    loc, _, truth = sample_run
    from expectations.catalogue import load_rule_catalogue

    at_ingest = {
        r for r, info in load_rule_catalogue().items() if info.implemented_in == "ingest/pandera"
    }
    ingest_defects = {
        (d["source_file"], d["source_row"]) for d in truth["defects"] if d["rule"] in at_ingest
    }
    quarantined = {
        (f, r) for f, r in query(loc, "select source_file, source_row from raw.quarantine")
    }
    assert quarantined == ingest_defects


# RE2 syntax (DuckDB): 18-/15-digit ID numbers, Excel-mangled ones, mobile phone numbers
PERSONAL_DATA = r"(?i)\d{17}[\dx]|\d{15}|\b1[3-9]\d{9}\b|\d\.\d+e\+1[47]"


def test_no_published_table_holds_an_id_number_or_phone(sample_run):
    loc, _, _ = sample_run
    # one connection for the query per text column (a connection each cost ~50 ms of CPU)
    with duckdb.connect(str(loc.warehouse), read_only=True) as con:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main' "
                "and (table_name like 'mart_%' or table_name = 'dq_findings')"
            ).fetchall()
        ]
        assert {"dq_findings", "mart_teacher_cycle_credits"} <= set(tables)
        for table in tables:
            # numbers cannot hold a name or a masked/mangled ID; text columns are where they leak
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'main' and table_name = ? and data_type = 'VARCHAR'",
                    [table],
                ).fetchall()
            ]
            for column in columns:
                if column in ("k_teacher", "finding_id"):  # sha256 hex digests: 64 hex characters
                    continue
                hits = con.execute(
                    f'select "{column}" from main."{table}" '
                    f'where regexp_matches(cast("{column}" as varchar), ?) limit 1',
                    [PERSONAL_DATA],
                ).fetchall()
                assert hits == [], f"{table}.{column} holds personal data: {hits}"


def test_readme_example_questions_run_on_a_built_warehouse(sample_run):
    loc, _, _ = sample_run
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("Three questions, answered in SQL:")[1].split("```sql")[1].split("```")[0]
    statements = [s for s in block.split(";") if "select" in s]
    assert len(statements) == 3
    answers = [query(loc, s) for s in statements]
    assert answers[1], "on-track shares by county are never empty on a sample"
    assert answers[2], "the sample plants an over-quota project"
