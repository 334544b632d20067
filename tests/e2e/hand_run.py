"""The hand landing folder (landing_fixture.py) through the whole Dagster job, run once per session.

The end-to-end, publication and key-leak tests all read this one run. It uses a random hash key
from a key file, a Dagster instance and a dbt target folder of its own and DEBUG logs, so the
key-leak test can scan every output of it. A test that runs the job again works on a copy of the
landing folder, warehouse and reports (`HandRun.copy`), so the first run stays as it was.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from expectations.publication import location
from orchestration.definitions import FULL_PIPELINE, build_defs
from orchestration.settings import Locations
from tests.e2e import landing_fixture as fx

DEBUG_LOGS = {"loggers": {"console": {"config": {"log_level": "DEBUG"}}}}


def locations(root: Path) -> Locations:
    return Locations(root / "landing", root / "warehouse" / "t.duckdb", root / "reports")


@dataclass
class HandRun:
    root: Path
    key: str
    result: dg.ExecuteInProcessResult | None = None
    command_lines: list[str] = field(default_factory=list)  # subprocesses of the first run (dbt)
    stdout: str = ""
    stderr: str = ""
    captured: bool = False  # whether stdout and stderr were captured (not with `pytest -s`)

    @property
    def loc(self) -> Locations:
        return locations(self.root)

    @property
    def key_file(self) -> Path:
        return self.root / "secret" / "hash.key"

    @contextmanager
    def environment(self, root: Path) -> Iterator[None]:
        """The run's settings; Dagster's storage and dbt's target/ and logs/ under `root`."""
        mp = pytest.MonkeyPatch()
        try:
            for name in ("TT_HASH_KEY", "TT_POLICY", "TT_ENV", "TT_PUBLISH_DIR"):
                mp.delenv(name, raising=False)
            mp.setenv("TT_HASH_KEY_FILE", str(self.key_file))
            (root / "dagster_home").mkdir(exist_ok=True)
            mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
            mp.setenv("DBT_TARGET_PATH", str(root / "dbt_target"))
            mp.setenv("TT_WAREHOUSE", str(locations(root).warehouse))
            yield
        finally:
            mp.undo()

    def run(self, loc: Locations | None = None) -> dg.ExecuteInProcessResult:
        """The whole job on `loc` (default: the first run's folders) with this run's key."""
        loc = loc or self.loc
        with self.environment(loc.landing_dir.parent):
            return build_defs(loc).resolve_job_def(FULL_PIPELINE).execute_in_process(
                instance=dg.DagsterInstance.get(), raise_on_error=False, run_config=DEBUG_LOGS
            )

    def copy(self, dest: Path) -> Locations:
        """The landing folder, warehouse and reports of the first run, copied under `dest`
        (modification times and the relative `current` link of the publication kept)."""
        loc = locations(dest)
        for name in ("landing", "warehouse", "reports"):
            shutil.copytree(self.root / name, dest / name, symlinks=True)
        return loc


@contextmanager
def recording_popen(command_lines: list[str]) -> Iterator[None]:
    """Record the command line of every subprocess started inside the block."""
    real_popen = subprocess.Popen

    class RecordingPopen(real_popen):
        def __init__(self, args, *a, **kw):
            command_lines.append(" ".join(map(str, args)) if not isinstance(args, str) else args)
            super().__init__(args, *a, **kw)

    subprocess.Popen = RecordingPopen
    try:
        yield
    finally:
        subprocess.Popen = real_popen


def first_run(root: Path, capture_manager) -> HandRun:
    """Write the landing folder, run the job once; stdout and stderr of the run are kept from
    pytest's capture (empty with `-s`)."""
    hand = HandRun(root=root, key=secrets.token_hex(16))
    hand.key_file.parent.mkdir(parents=True)
    hand.key_file.write_text(hand.key + "\n", encoding="utf-8")
    fx.write_landing(hand.loc.landing_dir)
    hand.captured = capture_manager is not None and capture_manager.is_globally_capturing()
    if hand.captured:
        capture_manager.read_global_capture()  # drop what came before the run
    with recording_popen(hand.command_lines):
        hand.result = hand.run()
    if hand.captured:
        hand.stdout, hand.stderr = capture_manager.read_global_capture()
    return hand


COUNTED = ("raw.provincial_records", "raw.quarantine", "main.dq_findings",
           "main.mart_teacher_cycle_credits")


@dataclass
class SecondRun:
    """The job run again on a copy of the first run's files, with a reader holding the published
    analysts' file open throughout."""

    loc: Locations
    result: dg.ExecuteInProcessResult
    counts_before: dict[str, int]
    counts_after: dict[str, int]
    reader_build_before: str  # build_id the open reader saw before the run
    reader_build_after: str  # ... and after it, still open
    reader_credit_rows: int  # rows of mart_teacher_cycle_credits the open reader still sees
    published_build_after: str  # build_id of the published file opened after the run


def _counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in COUNTED}


def published_file(loc: Locations) -> Path:
    return location.publish_root(loc.reports_dir, {}) / "current" / "analysts.duckdb"


def second_run(hand: HandRun, dest: Path) -> SecondRun:
    loc = hand.copy(dest)
    before = _counts(loc.warehouse)
    reader = duckdb.connect(str(published_file(loc)), read_only=True)
    try:
        build_before = reader.execute("select build_id from publication_info").fetchone()[0]
        result = hand.run(loc)
        build_after = reader.execute("select build_id from publication_info").fetchone()[0]
        rows = reader.execute("select count(*) from mart_teacher_cycle_credits").fetchone()[0]
    finally:
        reader.close()
    with duckdb.connect(str(published_file(loc)), read_only=True) as pub:
        published = pub.execute("select build_id from publication_info").fetchone()[0]
    return SecondRun(loc, result, before, _counts(loc.warehouse), build_before, build_after, rows,
                     published)
