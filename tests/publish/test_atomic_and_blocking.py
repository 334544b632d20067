"""All-or-nothing publication and failed sources blocking the marts they feed, on the hand warehouse of tests/publish/hand_warehouse.py."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from expectations.publication import location
from expectations.publication.publish import PublishSettings, publish
from expectations.publication.status import status_line
from tests.publish import hand_warehouse as hw

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.fixture
def first(tmp_path):
    """A warehouse and its first publication (v1)."""
    wh = tmp_path / "w.duckdb"
    hw.write_warehouse(wh)
    settings = PublishSettings(
        root=tmp_path / "pub", dbt_manifest=hw.write_dbt_manifest(tmp_path / "m.json")
    )
    with duckdb.connect(str(wh)) as con:
        v1 = publish(con, settings)
    return wh, settings, v1


def _fail_file(wh, source_file: str, profile: str | None) -> None:
    with duckdb.connect(str(wh)) as con:
        con.execute(
            "insert into raw.load_manifest values ('lx', ?, 'hx', ?, null, 0, 0, 0, 0, 'failed', "
            "'File is not a zip file', now()::timestamp)",
            [source_file, profile],
        )


def _tables(path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [
            r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
        ]
        return {n: con.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}


@pytest.mark.parametrize("kill_at", ["tables_written", "before_seal", "before_switch"])
def test_a_run_killed_mid_publish_leaves_the_previous_version_intact(first, kill_at):
    wh, settings, v1 = first
    before = _tables(v1.version / "analysts.duckdb")
    script = textwrap.dedent(f"""
        import os, signal, duckdb
        from pathlib import Path
        from expectations.publication.publish import PublishSettings, publish
        settings = PublishSettings(root=Path({str(settings.root)!r}),
                                   dbt_manifest=Path({str(settings.dbt_manifest)!r}))
        def fault(step):
            if step == {kill_at!r}:
                os.kill(os.getpid(), signal.SIGKILL)
        with duckdb.connect({str(wh)!r}) as con:
            publish(con, settings, fault=fault)
    """)
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=300
    )
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    assert location.current_version(settings.root) == v1.version
    assert _tables(settings.root / "current" / "analysts.duckdb") == before
    leftovers = [p.name for p in (settings.root / "versions").iterdir() if p != v1.version]
    assert len(leftovers) == 1  # the killed run's folder, never pointed at
    with duckdb.connect(str(wh)) as con:  # the next run cleans up and publishes
        v3 = publish(con, settings)
    names = [p.name for p in (settings.root / "versions").iterdir()]
    assert location.current_version(settings.root) == v3.version and v1.version.name in names
    assert not [n for n in names if n.endswith(".partial")]  # a half-written folder is deleted


def test_an_open_reader_keeps_reading_the_old_version_while_a_new_one_is_published(first):
    wh, settings, v1 = first
    reader = duckdb.connect(str(settings.root / "current" / "analysts.duckdb"), read_only=True)
    try:
        with duckdb.connect(str(wh)) as con:
            con.execute("delete from main.mart_teacher_year_credits where k_teacher = 'kC'")
            v2 = publish(con, settings)
        assert v2.status == "published" and location.current_version(settings.root) == v2.version
        assert reader.execute("select build_id from publication_info").fetchone()[0] == v1.build_id
        assert reader.execute("select count(*) from mart_teacher_year_credits").fetchone()[0] == 2
    finally:
        reader.close()
    assert _tables(settings.root / "current" / "analysts.duckdb")["mart_teacher_year_credits"] == 1


def test_a_failed_file_of_unknown_kind_blocks_every_mart_and_the_status_says_the_earlier_version(
    first,
):
    wh, settings, v1 = first
    _fail_file(wh, "provincial/省平台学时导出_2024.xlsx", None)
    with duckdb.connect(str(wh)) as con:
        result = publish(con, settings)
        line = status_line(con)
    assert result.status == "blocked" and result.version is None
    assert result.failed_files == ["provincial/省平台学时导出_2024.xlsx"]
    assert set(result.blocked) == {
        "mart_teacher_year_credits",
        "mart_school_year_funding",
        "mart_county_year_funding",
        "mart_lineage",
    }
    assert location.current_version(settings.root) == v1.version
    assert line == (
        "blocked by failed file provincial/省平台学时导出_2024.xlsx: nothing published; the current "
        f"published version is still the earlier one, {v1.build_id} of "
        f"{v1.attempted_at:%Y-%m-%d %H:%M} UTC ({v1.version})"
    )


def test_a_failed_funding_file_blocks_only_the_marts_it_feeds_which_keep_their_earlier_copy(first):
    wh, settings, v1 = first
    _fail_file(wh, "fund_2024.xlsx", "school_funding")
    with duckdb.connect(str(wh)) as con:
        con.execute(
            "update main.mart_teacher_year_credits set total_hours = 7 where k_teacher = 'kC'"
        )
        con.execute("update main.mart_school_year_funding set training_spend_yuan = 999")
        v2 = publish(con, settings)
    assert v2.status == "published"
    db = v2.version / "analysts.duckdb"
    with duckdb.connect(str(db), read_only=True) as pub:
        assert (
            pub.execute(
                "select total_hours from mart_teacher_year_credits where k_teacher = 'kC'"
            ).fetchone()[0]
            == 7
        )  # fresh
        assert pub.execute(
            "select training_spend_yuan from mart_school_year_funding"
        ).fetchall() == [(100,)]  # the v1 copy, not 999
        status = dict(pub.execute("select mart, status from publication_marts").fetchall())
    kept = f"kept from version {v1.version.name}"
    assert status == {
        "mart_teacher_year_credits": "published",
        "mart_school_year_funding": kept,
        "mart_county_year_funding": kept,
        "mart_lineage": kept,
    }


def test_a_failed_file_stops_blocking_once_it_loads_or_leaves_the_landing_folder(first, tmp_path):
    wh, settings, _ = first
    _fail_file(wh, "gone.xlsx", None)
    landing = tmp_path / "landing"
    landing.mkdir()
    with duckdb.connect(str(wh)) as con:
        assert (
            publish(
                con, PublishSettings(settings.root, settings.dbt_manifest, landing_dir=landing)
            ).status
            == "published"
        )
        con.execute(
            "insert into raw.load_manifest values ('ly', 'gone.xlsx', 'hy', 'roster', null, "
            "1, 1, 0, 0, 'loaded', '', now()::timestamp)"
        )
        assert publish(con, settings).status == "published"


def test_a_source_kind_gone_since_the_last_publication_blocks_its_marts(first):
    wh, settings, _ = first
    with duckdb.connect(str(wh)) as con:
        con.execute("delete from raw.school_funding")
        result = publish(con, settings)
    assert result.missing_sources == ["school_funding"]
    assert sorted(result.blocked) == [
        "mart_county_year_funding",
        "mart_lineage",
        "mart_school_year_funding",
    ]


def test_the_source_check_fails_with_error_severity_on_a_failed_file(first, monkeypatch):
    import dagster as dg
    from dagster_duckdb import DuckDBResource

    from orchestration.defs.quality import sources as check_module
    from orchestration.resources import PipelineSettings

    wh, settings, _ = first
    monkeypatch.setattr(
        check_module,
        "load_manifest",
        lambda _p: hw.json.loads(settings.dbt_manifest.read_text("utf-8")),
    )
    monkeypatch.setenv("TT_PUBLISH_DIR", str(settings.root))
    resources = {
        "duckdb": DuckDBResource(database=str(wh)),
        "settings": PipelineSettings(
            landing_dir=str(wh.parent), warehouse=str(wh), reports_dir=str(wh.parent)
        ),
    }
    result = check_module.source_files_loaded(**resources)
    assert result.passed  # nothing failed yet
    (wh.parent / "prov_bad.xlsx").write_bytes(b"PK\x03\x04 truncated")
    _fail_file(wh, "prov_bad.xlsx", None)
    result = check_module.source_files_loaded(**resources)
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
    assert result.metadata["blocked_marts"].data == sorted(
        [
            "mart_county_year_funding",
            "mart_lineage",
            "mart_school_year_funding",
            "mart_teacher_year_credits",
        ]
    )


def test_an_error_while_writing_is_recorded_and_leaves_the_previous_version(first):
    wh, settings, v1 = first

    def fault(step: str) -> None:
        if step == "tables_written":
            raise OSError("disk full")

    with duckdb.connect(str(wh)) as con:
        with pytest.raises(OSError, match="disk full"):
            publish(con, settings, fault=fault)
        line = status_line(con)
    assert location.current_version(settings.root) == v1.version
    assert [p.name for p in (settings.root / "versions").iterdir()] == [v1.version.name]
    assert line.startswith("FAILED (publication error: OSError: disk full): nothing published; ")
    assert f"still the earlier one, {v1.build_id} of " in line
