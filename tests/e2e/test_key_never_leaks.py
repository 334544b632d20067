"""The hash key never leaks.

The session's run of the whole Dagster job on the hand-written landing fixture
(tests/e2e/hand_run.py) has a random key given through TT_HASH_KEY_FILE; after it, `dbt docs
generate`. Every file under the warehouse's folder, dbt's target/ and logs/, the reports folder
and DAGSTER_HOME, the dbt command lines and the run's captured stdout/stderr are searched for the
key: as bytes, UTF-16, hex and base64, inside zip members (XLSX), SQLite cells (zlib-compressed
Dagster snapshots included), DuckDB tables and view definitions and Parquet rows. The scanner is tested on planted keys first, so a miss is a miss.
"""

from __future__ import annotations

import base64
import json
import secrets
import sqlite3
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from ingest.teacher_key import k_teacher
from orchestration.settings import DBT_PROJECT_DIR
from tests.e2e import landing_fixture as fx

pytestmark = pytest.mark.slow


def needles(key: str) -> list[bytes]:
    raw = key.encode()
    return [raw, key.encode("utf-16-le"), key.encode("utf-16-be"), raw.hex().encode(),
            base64.b64encode(raw).rstrip(b"=")]


def _sqlite_cells(path: Path) -> Iterator[bytes]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            for row in con.execute(f'select * from "{table}"'):
                for cell in row:
                    data = cell if isinstance(cell, bytes) else str(cell).encode()
                    yield data
                    try:
                        yield zlib.decompress(data)
                    except zlib.error:
                        pass
    finally:
        con.close()


def _duckdb_rows(con: duckdb.DuckDBPyConnection, relations: list[str]) -> Iterator[bytes]:
    for relation in relations:
        for row in con.execute(f"select * from {relation}").fetchall():
            yield repr(row).encode()


def _duckdb_contents(path: Path) -> Iterator[bytes]:
    with duckdb.connect(str(path), read_only=True) as con:
        yield repr(con.execute("select sql from duckdb_views()").fetchall()).encode()
        yield repr(con.execute("select sql from duckdb_tables()").fetchall()).encode()
        relations = [
            f'"{s}"."{t}"' for s, t in con.execute(
                "select schema_name, table_name from duckdb_tables() union all "
                "select schema_name, view_name from duckdb_views() where not internal"
            ).fetchall()
        ]
        yield from _duckdb_rows(con, relations)


def contents(path: Path) -> Iterator[bytes]:
    """The file's bytes, and what its containers hold once decoded."""
    data = path.read_bytes()
    yield data
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                yield archive.read(name)
    elif data[:16] == b"SQLite format 3\x00":
        yield from _sqlite_cells(path)
    elif data[8:12] == b"DUCK":
        yield from _duckdb_contents(path)
    elif data[:4] == b"PAR1":
        with duckdb.connect() as con:
            yield from _duckdb_rows(con, [f"read_parquet('{path}')"])


def find_key(key: str, roots: list[Path], texts: dict[str, str]) -> list[str]:
    """Where the key (in any of its forms) was found: file paths and text names."""
    forms = needles(key)
    hits = [name for name, text in texts.items() if any(f in text.encode() for f in forms)]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if any(f in chunk for chunk in contents(path) for f in forms):
                hits.append(str(path))
    return hits


def test_the_scanner_finds_a_planted_key_in_every_container(tmp_path):
    key = secrets.token_hex(16)
    folders = {n: tmp_path / n for n in ("log", "xlsx", "sqlite", "duckdb", "parquet", "clean")}
    for folder in folders.values():
        folder.mkdir()
    (folders["log"] / "a.log").write_text(f"--vars {{'hash_key': '{key}'}}", encoding="utf-16-le")
    with zipfile.ZipFile(folders["xlsx"] / "b.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", f"<t>{key}</t>")
    sq = sqlite3.connect(folders["sqlite"] / "c.db")
    sq.execute("create table snapshots (body blob)")
    sq.execute("insert into snapshots values (?)", [zlib.compress(json.dumps({"k": key}).encode())])
    sq.commit()
    sq.close()
    with duckdb.connect(str(folders["duckdb"] / "d.duckdb")) as con:
        con.execute(f"create view v as select sha256('{key}' || 'x') as h")
    with duckdb.connect() as con:
        con.execute(f"copy (select '{key}' as k from range(1000)) to '{folders['parquet'] / 'e.parquet'}'")
    (folders["clean"] / "f.txt").write_text(key[:-1], encoding="utf-8")
    for name, folder in folders.items():
        expected = [] if name == "clean" else [str(next(folder.iterdir()))]
        assert find_key(key, [folder], {}) == expected, name
    assert find_key(key, [], {"stdout": base64.b64encode(key.encode()).decode()}) == ["stdout"]


def test_a_random_key_is_in_no_output_artifact_log_or_warehouse(hand_run, tmp_path, capfd):
    key, loc, root = hand_run.key, hand_run.loc, hand_run.root
    with hand_run.environment(root):  # the run's key file, warehouse and dbt target
        docs = subprocess.run(
            [sys.executable, str(DBT_PROJECT_DIR / "scripts" / "dbt_with_policy.py"), "docs",
             "generate", "--target-path", str(tmp_path / "docs_target"),
             "--log-path", str(tmp_path / "docs_logs")],
            capture_output=True, text=True, check=False,
        )
    captured = capfd.readouterr()

    result = hand_run.result
    failures = [f"{e.step_key}: {e.message}" for e in result.all_events
                if e.event_type_value == "STEP_FAILURE"]
    assert result.success, failures
    assert docs.returncode == 0, docs.stdout[-2000:]
    command_lines = hand_run.command_lines
    assert any("dbt" in c and "build" in c for c in command_lines)  # the dbt step was recorded
    if hand_run.captured:  # not with `pytest -s`
        assert hand_run.stderr, "the run's DEBUG log was captured"
    with duckdb.connect(str(loc.warehouse), read_only=True) as con:  # the run used this key
        assert con.execute(
            "select count(*) from main.mart_teacher_cycle_credits where k_teacher = ?",
            [k_teacher(fx.T1, key)],
        ).fetchone()[0] >= 1
    roots = [loc.warehouse.parent, loc.reports_dir, root / "dagster_home", root / "dbt_target",
             tmp_path / "docs_target", tmp_path / "docs_logs",
             DBT_PROJECT_DIR / "target", DBT_PROJECT_DIR / "logs"]
    assert all(r.is_dir() for r in roots[:6]), [r for r in roots if not r.is_dir()]
    texts = {"stdout": hand_run.stdout + captured.out, "stderr": hand_run.stderr + captured.err,
             "docs stdout": docs.stdout, "docs stderr": docs.stderr,
             "command lines": "\n".join(command_lines)}
    assert find_key(key, [r for r in roots if r.is_dir()], texts) == []
