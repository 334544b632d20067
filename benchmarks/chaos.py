"""`make chaos`: replay the faults of the reliability issue on a demo county and print a table
(probe, expected, observed, ok).

Each probe works in its own folder under --work (default /tmp/tt_chaos): a copy of the generated
landing folder, its own warehouse, reports and DAGSTER_HOME, and runs the real commands
(`python -m orchestration.run`, `python -m ingest load`) as an operator would. The pytest suite
proves each behaviour on small fixtures; this script shows them on a county-sized sample.

    python benchmarks/chaos.py [--teachers 3000] [--seed 42] [--only kill_ingest,bad_policy]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from chaos_files import (  # noqa: E402
    add_hostile_files,
    published_marts_digest,
    truncate_provincial_export,
)

MARTS_SQL = (
    "select table_name from information_schema.tables "
    "where table_schema = 'main' and table_name like 'mart_%' order by 1"
)


@dataclass
class Result:
    probe: str
    expected: str
    observed: str
    ok: bool


class Env:
    """One probe's folders and environment."""

    def __init__(self, root: Path, landing_source: Path, name: str) -> None:
        self.dir = root / name
        shutil.rmtree(self.dir, ignore_errors=True)
        self.landing = self.dir / "landing"
        shutil.copytree(landing_source, self.landing)
        self.warehouse = self.dir / "warehouse" / "training.duckdb"
        self.reports = self.dir / "reports"
        self.home = self.dir / "dagster_home"
        self.home.mkdir(parents=True)
        shutil.copy(REPO / "orchestration" / "dagster.yaml", self.home / "dagster.yaml")
        self.vars = {
            "TT_LANDING_DIR": str(self.landing),
            "TT_WAREHOUSE": str(self.warehouse),
            "TT_REPORTS_DIR": str(self.reports),
            "DAGSTER_HOME": str(self.home),
        }

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(REPO), **self.vars, **extra}

    def run(self, timeout: float = 1800, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "orchestration.run"], cwd=REPO, env=self.env(**extra),
            capture_output=True, text=True, timeout=timeout,
        )

    def start(self, **extra: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "orchestration.run"], cwd=REPO, env=self.env(**extra),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    def marts_digest(self) -> str:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            tables = [row[0] for row in con.execute(MARTS_SQL).fetchall()]
            digest = hashlib.sha256()
            for table in tables:
                rows = con.execute(
                    f"select md5(string_agg(cast(t as varchar), chr(10) order by cast(t as varchar))) "
                    f"from main.{table} as t"
                ).fetchone()[0]
                digest.update(f"{table}:{rows}".encode())
        return digest.hexdigest()[:16]

    def scalar(self, sql: str):
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql).fetchone()[0]


def kill_when(process: subprocess.Popen, marker: str, timeout: float = 1200) -> str:
    """SIGKILL the run when its output shows `marker`; returns what it printed."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if marker in line:
            time.sleep(2)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return "".join(seen)
    process.kill()
    process.wait()
    return "".join(seen)


class Chaos:
    def __init__(self, work: Path, landing: Path) -> None:
        self.work, self.landing = work, landing
        self._baseline: str | None = None

    def env(self, name: str) -> Env:
        return Env(self.work, self.landing, name)

    def baseline(self) -> str:
        if self._baseline is None:
            clean = self.env("baseline")
            done = clean.run()
            assert done.returncode == 0, done.stderr[-2000:]
            self._baseline = clean.marts_digest()
        return self._baseline

    def kill(self, name: str, marker: str) -> Result:
        env = self.env(name)
        output = kill_when(env.start(), marker)
        killed_at = "killed" if marker in output else f"marker {marker!r} never seen"
        started = time.monotonic()
        done = env.run(timeout=1200)
        recovered = "recovered:" in done.stdout
        same = done.returncode == 0 and env.marts_digest() == self.baseline()
        return Result(
            name,
            "next run recovers by itself (one 'recovered' line), marts equal a clean run",
            f"{killed_at}; next run exit {done.returncode} in {time.monotonic() - started:.0f} s, "
            f"recovered line: {recovered}, marts equal clean run: {same}",
            recovered and same,
        )

    def kill_ingest(self) -> Result:
        return self.kill("kill_ingest", "raw_tables")

    def kill_dbt(self) -> Result:
        return self.kill("kill_dbt", "dbt_models")

    def kill_publish(self) -> Result:
        env = self.env("kill_publish")
        first = env.run()
        before = published_marts_digest(env.reports)
        output = kill_when(env.start(), "publish")
        after = published_marts_digest(env.reports)
        return Result(
            "kill_publish",
            "a run killed while publishing leaves the previous publication whole",
            f"first run exit {first.returncode}; killed: {'publish' in output}; "
            f"published version unchanged and readable: {before is not None and before == after}",
            before is not None and before == after,
        )

    def truncated_export(self) -> Result:
        env = self.env("truncated_export")
        broken = truncate_provincial_export(env.landing)
        done = env.run()
        status = [line for line in done.stdout.splitlines() if "publication of the marts" in line]
        failed = [line for line in done.stdout.splitlines() if "failed" in line.lower() and broken.name in line]
        report = (env.reports / "auditors_report.html").read_text(encoding="utf-8")
        top = broken.name in report[: len(report) // 3]
        ok = bool(status) and "blocked" in status[0] and bool(failed) and top
        return Result(
            "truncated_export",
            "publication of the marts it feeds blocked; file named in the summary and at the top of the report",
            f"{status[0].strip() if status else 'no status line'}; named in summary: {bool(failed)}; "
            f"near the top of the report: {top}",
            ok,
        )

    def hostile_files(self) -> Result:
        env = self.env("hostile_files")
        expected = add_hostile_files(env.landing)
        done = subprocess.run(
            [sys.executable, "-m", "ingest", "load", str(env.landing), "--warehouse", str(env.warehouse), "--json"],
            cwd=REPO, env=env.env(), capture_output=True, text=True, timeout=1800,
        )
        statuses = {}
        with duckdb.connect(str(env.warehouse), read_only=True) as con:
            for name in expected:
                row = con.execute(
                    "select status from raw.load_manifest where source_file like ? order by loaded_at desc limit 1",
                    [f"%{name}"],
                ).fetchone()
                statuses[name] = row[0] if row else "absent"
            loaded = con.execute("select count(*) from raw.load_manifest where status = 'loaded'").fetchone()[0]
        observed = ", ".join(f"{name}: {statuses[name]}" for name in expected)
        ok = done.returncode in (0, 1) and all(statuses[n] in want for n, want in expected.items())
        return Result(
            "hostile_files",
            "crafted/encrypted files rejected with a reason, HTML-as-xls and UTF-8 CSV loaded, others load",
            f"exit {done.returncode}; {observed}; {loaded} files loaded",
            ok and loaded > 10,
        )

    def bad_policy(self) -> Result:
        env = self.env("bad_policy")
        first = env.run()
        before = env.warehouse.read_bytes()
        policy = env.dir / "policy.yml"
        text = (REPO / "config" / "policy.yml").read_text(encoding="utf-8")
        policy.write_text(text.replace("hours_per_cycle: 360", 'hours_per_cycle: "(select 1)"'), encoding="utf-8")
        done = env.run(TT_POLICY=str(policy))
        unchanged = env.warehouse.read_bytes() == before
        return Result(
            "bad_policy",
            "run refused in one line naming the key; warehouse byte-identical",
            f"first exit {first.returncode}; bad-policy exit {done.returncode}: "
            f"{done.stderr.strip().splitlines()[-1][:90] if done.stderr.strip() else '-'}; unchanged: {unchanged}",
            done.returncode == 2 and "hours_per_cycle" in done.stderr and unchanged,
        )

    def reader_open(self) -> Result:
        env = self.env("reader_open")
        env.run()
        reader = subprocess.Popen(
            [sys.executable, "-c", "import duckdb,sys,time; duckdb.connect(sys.argv[1], read_only=True); "
             "print('open', flush=True); time.sleep(600)", str(env.warehouse)],
            stdout=subprocess.PIPE, text=True,
        )
        try:
            reader.stdout.readline()
            started = time.monotonic()
            done = env.run(timeout=300)
            seconds = time.monotonic() - started
        finally:
            reader.kill()
            reader.wait()
        named = f"process {reader.pid}" in done.stderr
        return Result(
            "reader_open",
            "run stops at once naming the process that holds the warehouse",
            f"exit {done.returncode} after {seconds:.0f} s; holder named: {named}",
            done.returncode == 2 and named and seconds < 60,
        )

    def key_never_leaks(self) -> Result:
        env = self.env("key_never_leaks")
        key = secrets.token_hex(24)
        key_file = env.dir / "hash.key"
        key_file.write_text(key + "\n", encoding="utf-8")
        done = env.run(TT_HASH_KEY_FILE=str(key_file))
        needle = key.encode()
        hits = [
            str(path) for folder in (env.warehouse.parent, env.reports, env.home, REPO / "dbt_project" / "target")
            if folder.exists() for path in folder.rglob("*") if path.is_file() and needle in path.read_bytes()
        ]
        hits += ["output"] if key in done.stdout + done.stderr else []
        return Result(
            "key_never_leaks", "the hash key appears in no file or output",
            f"exit {done.returncode}; files with the key: {len(hits)} {hits[:3]}",
            done.returncode == 0 and not hits,
        )

    def deterministic(self) -> Result:
        second = self.env("deterministic")
        done = second.run()
        same = done.returncode == 0 and second.marts_digest() == self.baseline()
        return Result(
            "deterministic", "two clean runs on the same files give identical marts",
            f"exit {done.returncode}; digests equal: {same}", same,
        )


PROBES: dict[str, Callable[[Chaos], Result]] = {
    "kill_ingest": Chaos.kill_ingest,
    "kill_dbt": Chaos.kill_dbt,
    "kill_publish": Chaos.kill_publish,
    "truncated_export": Chaos.truncated_export,
    "hostile_files": Chaos.hostile_files,
    "bad_policy": Chaos.bad_policy,
    "reader_open": Chaos.reader_open,
    "key_never_leaks": Chaos.key_never_leaks,
    "deterministic": Chaos.deterministic,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tt_chaos"))
    parser.add_argument("--only", default="", help="comma-separated probe names")
    args = parser.parse_args(argv)
    landing = args.work / "sample"
    if not landing.exists():
        subprocess.run(
            [sys.executable, "-m", "ingest.sample", "--teachers", str(args.teachers), "--seed", str(args.seed),
             "--out", str(landing)], cwd=REPO, check=True,
        )
    chaos = Chaos(args.work, landing)
    chosen = [p for p in args.only.split(",") if p] or list(PROBES)
    results: list[Result] = []
    for name in chosen:
        started = time.monotonic()
        try:
            result = PROBES[name](chaos)
        except Exception as exc:  # a probe that crashes is a failed probe, the others still run
            result = Result(name, "-", f"probe crashed: {type(exc).__name__}: {str(exc)[:200]}", False)
        print(f"{'ok ' if result.ok else 'BAD'} {name} ({time.monotonic() - started:.0f} s)", flush=True)
        results.append(result)
    print()
    print("| probe | expected | observed | ok |")
    print("| --- | --- | --- | --- |")
    for r in results:
        print(f"| {r.probe} | {r.expected} | {r.observed} | {'yes' if r.ok else 'NO'} |")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
