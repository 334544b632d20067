"""`make bench`: the sample of one size, the pipeline end to end, and what it is compared with.

    python benchmarks/bench.py [--size S|M|L] [--seed 42] [--dir /tmp/tt_bench] [--snapshot]
                               [--landing DIR] [--no-incremental] [--out FILE]

Sizes: S = 3,000 teachers, M = 50,000, L = 400,000. Everything generated goes under
DIR/<size>/ (landing, warehouse, reports, DAGSTER_HOME, logs); the result is written to
benchmarks/results/<size>.json (`--out` to write elsewhere). `--snapshot` measures the committed
HEAD, exported to DIR/src-<size> (other people's half-finished edits in the working tree cannot break
it); `--landing` copies an already generated folder instead of generating (no generate figures).

How each figure is measured (one run, the same files):
  generate      `python -m ingest.sample --teachers N --seed S --out DIR/<size>/landing`.
  end_to_end    `python -m orchestration.run` (what `make run` runs: ingest, dbt build, checks,
                GX suites, report, products, publish) on a fresh warehouse and DAGSTER_HOME.
  ingest, dbt, checks_report, publish
                the steps of that same run, timed from the run's own Dagster events (each step's
                STEP_START to its STEP_SUCCESS / STEP_FAILURE): the ingest step (raw_tables), every
                dbt step (Dagster may split the dbt asset into several), publication
                (published_marts), and every other step (rule checks, GX suites, report, bureau
                products) as checks_report. Steps run one after another (in-process executor).
  fixed_overhead
                start-up (process start to the first step: imports, preflight, loading the
                definitions, preparing dbt's manifest when it is stale), dbt's own overhead per dbt
                step (step wall minus dbt's `elapsed_time` in run_results.json: dbt start-up, parse,
                graph), and Dagster's time between steps.
  floor         benchmarks/floor.py: fastexcel / DuckDB reading every sheet of every file the
                ingest read (from the run's ingest_report.json), no validation, one process.
  peer          benchmarks/peer.py: plain pandas (default engines) reading the same files and
                summing hours per teacher, one process.
  incremental   one school sign-in sheet is held back from the full run; afterwards it lands and
                the next run (load + dbt build of what it changed: run_step of
                orchestration/defs/incremental_run.py, or measure_incremental(landing, warehouse)
                of benchmarks/incremental_bench.py when that exists) is timed on the full run's
                warehouse.
Per figure: wall seconds, CPU seconds (user + system of the process and all its children: the
kernel's wait4 figures for whole commands; for the steps of the run, the process tree's CPU
sampled from /proc every 0.5 s, interpolated at the step's start and end), rows per second
(canonical raw rows of the run, from ingest_report.json, over the figure's wall seconds; floor and
peer: the rows they read) and peak RSS (the summed resident memory of the process tree, sampled;
`max_process_rss_mb` is the largest single process, from the kernel).

The machine (cores, RAM, CPU model, load average at start and end) and the git commit are recorded:
on a shared machine wall seconds move with the load, so read the CPU seconds and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.proctree import Measured, Sample, measure, window  # noqa: E402

SIZES = {"S": 3_000, "M": 50_000, "L": 400_000}
STAGES = ("generate", "ingest", "dbt", "checks_report", "publish", "end_to_end")
PIPELINE_STAGES = ("ingest", "dbt", "checks_report", "publish")
FIGURES = ("wall_s", "cpu_s", "rows_per_s", "peak_rss_mb")
RESULT_KEYS = (
    "size", "teachers", "seed", "measured_at", "git", "machine", "data", "stages",
    "fixed_overhead", "dbt_models", "floor", "peer", "incremental", "ratios",
)
READ_STATUSES = ("new", "replaced", "superseded")  # files the ingest parsed


# --- pure parts (tests/benchmarks) -----------------------------------------------------------


def stage_of(step_key: str) -> str:
    """Which stage a step of the full_pipeline job belongs to."""
    if step_key.startswith("raw_tables") or step_key.startswith("ingest"):
        return "ingest"
    if step_key.startswith("dbt_"):
        return "dbt"
    if step_key.startswith("published_marts"):
        return "publish"
    return "checks_report"


def step_windows(events: list[tuple[float, str, str]]) -> dict[str, tuple[float, float]]:
    """(start, end) per step from (timestamp, step_key, event type) events; a step that started
    again after a retry keeps its first start and last end."""
    out: dict[str, tuple[float, float]] = {}
    for at, step, kind in sorted(events):
        if kind == "STEP_START":
            start, end = out.get(step, (at, at))
            out[step] = (min(start, at), end)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and step in out:
            out[step] = (out[step][0], at)
    return out


def stage_figures(windows: dict[str, tuple[float, float]], samples: list[Sample],
                  rows: int) -> dict[str, dict]:
    """Wall, CPU, rows/s and peak RSS per pipeline stage: the sum of its steps' windows."""
    out = {}
    for stage in PIPELINE_STAGES:
        mine = [w for step, w in windows.items() if stage_of(step) == stage]
        wall = sum(end - start for start, end in mine)
        costs = [window(samples, start, end) for start, end in mine]
        out[stage] = {
            "wall_s": round(wall, 2),
            "cpu_s": round(sum(c["cpu_s"] for c in costs), 2),
            "rows": rows,
            "rows_per_s": round(rows / wall) if wall > 0 else None,
            "peak_rss_mb": max((c["peak_rss_mb"] for c in costs), default=0),
            "steps": len(mine),
        }
    return out


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 3)


def compute_ratios(stages: dict, floor: dict, peer: dict, incremental: dict) -> dict:
    """ingest_over_floor: ingest step wall / floor wall (target <= 3);
    peer_over_ingest: peer wall / (ingest + dbt walls), the pandas script against ingest plus
    the credits (target >= 5); peer_over_ingest_only: the same against the ingest step alone;
    incremental_over_full: the incremental run's wall (load + dbt of what changed) / the full
    run's ingest + dbt walls, like with like (target < 0.1); incremental_over_end_to_end: over the
    whole full run. CPU-seconds variants are given beside the wall ones (`_cpu`)."""
    ingest, dbt, e2e = stages["ingest"], stages["dbt"], stages["end_to_end"]
    credits_wall = (ingest["wall_s"] or 0) + (dbt["wall_s"] or 0)
    credits_cpu = (ingest["cpu_s"] or 0) + (dbt["cpu_s"] or 0)
    return {
        "ingest_over_floor": _ratio(ingest["wall_s"], floor.get("wall_s")),
        "ingest_over_floor_cpu": _ratio(ingest["cpu_s"], floor.get("cpu_s")),
        "peer_over_ingest": _ratio(peer.get("wall_s"), credits_wall),
        "peer_over_ingest_cpu": _ratio(peer.get("cpu_s"), credits_cpu),
        "peer_over_ingest_only": _ratio(peer.get("wall_s"), ingest["wall_s"]),
        "incremental_over_full": _ratio(incremental.get("wall_s"), credits_wall),
        "incremental_over_end_to_end": _ratio(incremental.get("wall_s"), e2e["wall_s"]),
    }


def check_result(result: dict) -> list[str]:
    """What a results file lacks (empty when complete): the keys the README table reads."""
    problems = [f"missing {k}" for k in RESULT_KEYS if k not in result]
    for stage in STAGES:
        figures = result.get("stages", {}).get(stage)
        if figures is None:
            problems.append(f"missing stage {stage}")
            continue
        problems += [f"{stage}: missing {f}" for f in FIGURES if f not in figures]
    for part in ("floor", "peer"):
        problems += [f"{part}: missing {f}" for f in ("wall_s", "cpu_s") if f not in result.get(part, {})]
    ratios = result.get("ratios", {})
    problems += [f"ratios: missing {k}" for k in
                 ("ingest_over_floor", "peer_over_ingest", "incremental_over_full") if k not in ratios]
    return problems


# --- the machine and the repository -----------------------------------------------------------


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text().split()
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                  .splitlines() if line.startswith("model name")), platform.processor())
    return {
        "cores": os.cpu_count(),
        "ram_gb": round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 2**20, 1),
        "cpu_model": model,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "shared": "other engineers ran tests and pipelines on the same machine at the same time",
    }


CODE_DIRS = ("ingest", "dbt_project", "orchestration", "expectations", "samplegen", "config")


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True).stdout.strip()


def git_state() -> dict:
    """The commit measured; `dirty` when the code folders had uncommitted edits (a snapshot run
    measures the commit itself: SNAPSHOT_COMMIT is written by `snapshot`)."""
    stamp = ROOT / "SNAPSHOT_COMMIT"
    if stamp.exists():
        return {"commit": stamp.read_text().strip(), "dirty": False, "snapshot": True}
    return {"commit": git("rev-parse", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--", *CODE_DIRS))}


def snapshot(base: Path) -> Path:
    """HEAD exported into `base` (git archive): a run that other people's half-finished edits
    in the working tree cannot break. The venv is the repository's; the snapshot's modules come
    first on sys.path because the commands run in it."""
    src = base
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
    (src / "SNAPSHOT_COMMIT").write_text(git("rev-parse", "HEAD") + "\n")
    return src


# --- the measured parts -----------------------------------------------------------------------


class Bench:
    def __init__(self, size: str, seed: int, base: Path):
        self.size, self.seed = size, seed
        self.dir = base / size
        self.landing = self.dir / "landing"
        self.warehouse = self.dir / "warehouse" / "training.duckdb"
        self.reports = self.dir / "reports"
        self.dagster_home = self.dir / "dagster_home"
        self.logs = self.dir / "logs"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "TT_LANDING_DIR": str(self.landing),
            "TT_WAREHOUSE": str(self.warehouse),
            "TT_REPORTS_DIR": str(self.reports),
            "DAGSTER_HOME": str(self.dagster_home),
            "TT_AUTOMATION": "off",
            "DBT_USE_COLORS": "false",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }

    def fresh(self) -> None:
        """Remove what an earlier bench of this size left (only under DIR/<size>/)."""
        for path in (self.landing, self.warehouse.parent, self.reports, self.dagster_home, self.logs,
                     self.dir / "held_back"):
            shutil.rmtree(path, ignore_errors=True)
        self.logs.mkdir(parents=True)
        self.dagster_home.mkdir(parents=True)
        shutil.copy(ROOT / "orchestration" / "dagster.yaml", self.dagster_home / "dagster.yaml")

    def run(self, name: str, cmd: list[str]) -> Measured:
        print(f"bench {self.size}: {name} ...", flush=True)
        measured = measure(cmd, env=self.env(), cwd=ROOT, log=self.logs / f"{name}.log")
        print(f"bench {self.size}: {name} {measured.wall_s:.1f} s wall, {measured.cpu_s:.1f} s CPU",
              flush=True)
        return measured

    def generate(self) -> Measured:
        return self.run("generate", [sys.executable, "-m", "ingest.sample", "--teachers",
                                     str(SIZES[self.size]), "--seed", str(self.seed),
                                     "--out", str(self.landing)])

    def files_read(self) -> tuple[list[str], dict]:
        report = json.loads((self.reports / "ingest_report.json").read_text(encoding="utf-8"))
        files = [f["source_file"] for f in report["files"] if f["status"] in READ_STATUSES]
        return files, report["summary"]

    def compare(self, name: str, script: str, files: list[str]) -> dict:
        listing = self.dir / f"{name}_files.txt"
        listing.write_text("\n".join(files) + "\n", encoding="utf-8")
        measured = self.run(name, [sys.executable, str(ROOT / "benchmarks" / script), str(listing),
                                   "--root", str(self.landing)])
        if measured.returncode != 0:
            return {"error": f"exit {measured.returncode}, see {self.logs / f'{name}.log'}"}
        own = json.loads((self.logs / f"{name}.log").read_text().strip().splitlines()[-1])
        return {**measured.figures(own["rows"]), **own}

    def hold_back_sheet(self) -> Path:
        """One school sign-in sheet kept out of the full run: the new file of the incremental run.
        Not one with a planted identical copy (`<name> - 副本.xlsx`): its content would be loaded."""
        sheets = sorted(p for p in self.landing.rglob("*签到*") if p.is_file() and "副本" not in p.name)
        sheet = next(p for p in sheets if not p.with_name(f"{p.stem} - 副本{p.suffix}").exists())
        held = self.dir / "held_back" / sheet.relative_to(self.landing)
        held.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(sheet, held)
        return held

    def incremental(self, held: Path) -> dict:
        relative = str(held.relative_to(self.dir / "held_back"))
        measured = self.run("incremental", [sys.executable, str(Path(__file__)), "--incremental-child",
                                            str(self.landing), str(self.warehouse), str(held), relative])
        if measured.returncode != 0:
            return {"error": f"exit {measured.returncode}, see {self.logs / 'incremental.log'}"}
        own = json.loads((self.logs / "incremental.log").read_text().strip().splitlines()[-1])
        wall = next((own[k] for k in ("wall_s", "seconds", "incremental_s", "incremental_seconds")
                     if isinstance(own.get(k), int | float)), None)
        return {"wall_s": wall, "process_wall_s": round(measured.wall_s, 2),
                "process_cpu_s": round(measured.cpu_s, 2), "peak_rss_mb": round(measured.peak_rss_mb),
                **own}


def run_events(dagster_home: Path) -> tuple[str, list[tuple[float, str, str]]]:
    """The last run's id and its step events (timestamp, step key, event type)."""
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    import dagster as dg

    kinds = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS,
             dg.DagsterEventType.STEP_FAILURE}
    with dg.DagsterInstance.get() as instance:
        run = instance.get_runs(limit=1)[0]
        entries = instance.all_logs(run.run_id, of_type=kinds)
    return run.run_id, [(e.timestamp, e.step_key, e.dagster_event.event_type_value) for e in entries]


def dbt_invocations(run_id: str) -> list[dict]:
    """run_results.json of every dbt step of the run (dagster-dbt writes each step's artifacts
    to dbt_project/target/<step>-<run id prefix>-<hash>/)."""
    out = []
    for path in sorted((ROOT / "dbt_project" / "target").glob(f"*-{run_id[:7]}-*/run_results.json")):
        out.append({"step": path.parent.name.split("-")[0], **json.loads(path.read_text())})
    return out


def dbt_figures(invocations: list[dict], windows: dict[str, tuple[float, float]]) -> tuple[float, dict]:
    """dbt's own overhead over its steps (step wall - dbt elapsed_time) and the slowest nodes."""
    overhead = 0.0
    nodes: dict[str, float] = {}
    for inv in invocations:
        start, end = windows.get(inv["step"], (0.0, 0.0))
        overhead += max(0.0, (end - start) - inv.get("elapsed_time", 0.0))
        for r in inv.get("results", []):
            nodes[r["unique_id"]] = round(r.get("execution_time", 0.0), 2)
    top = dict(sorted(nodes.items(), key=lambda kv: -kv[1])[:15])
    return round(overhead, 2), top


def incremental_child(landing: str, warehouse: str, held: str, relative: str) -> int:
    """The run after one new sign-in sheet on the full run's warehouse: measure_incremental of
    benchmarks/incremental_bench.py when it offers one, else the held-back sheet lands and
    run_step (orchestration/defs/incremental_run.py: load, dbt build of what it changed) runs."""
    import benchmarks.incremental_bench as incremental_bench

    if hasattr(incremental_bench, "measure_incremental"):
        result = incremental_bench.measure_incremental(Path(landing), Path(warehouse))
    else:
        from orchestration.defs.incremental_run import run_step
        from orchestration.settings import Locations

        sheet = Path(landing) / relative
        shutil.move(held, sheet)
        step = run_step(Locations(Path(landing), Path(warehouse), Path(warehouse).parent / "incr"))
        result = {"wall_s": round(step.seconds, 2), "load_s": round(step.load_seconds, 2),
                  "dbt_s": round(step.dbt_seconds, 2), "files_read": len(step.files_read),
                  "files_skipped": step.files_skipped, "selector": step.selector,
                  "models_built": sum(k.startswith("model.") for k in step.built),
                  "new_file": relative, "via": "run_step"}
    print(json.dumps(result, default=str, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="S")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/tt_bench"))
    ap.add_argument("--out", type=Path, default=None, help="default benchmarks/results/<size>.json")
    ap.add_argument("--no-incremental", action="store_true")
    ap.add_argument("--no-peer", action="store_true",
                    help="skip the pandas peer (at L it costs ~40 min of CPU); ratios against it are null")
    ap.add_argument("--snapshot", action="store_true",
                    help="measure the committed HEAD (exported under DIR/src), not the working tree")
    ap.add_argument("--landing", type=Path, default=None,
                    help="reuse this generated landing folder (copied) instead of generating")
    ap.add_argument("--incremental-child", nargs=4, metavar=("LANDING", "WAREHOUSE", "HELD", "REL"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.incremental_child:
        return incremental_child(*args.incremental_child)
    base = args.dir.resolve()
    if ROOT in base.parents or base == ROOT:
        raise SystemExit(f"--dir {base} is inside the repository: generated data goes elsewhere")
    if args.snapshot:
        src = snapshot(base / f"src-{args.size}")
        out = args.out or ROOT / "benchmarks" / "results" / f"{args.size}.json"
        rest = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--snapshot"]
        return subprocess.run([sys.executable, str(src / "benchmarks" / "bench.py"), *rest,
                               "--out", str(out.resolve())], cwd=src).returncode
    bench = Bench(args.size, args.seed, base)
    result: dict = {"size": args.size, "teachers": SIZES[args.size], "seed": args.seed,
                    "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "git": git_state(), "machine": machine()}
    bench.fresh()
    if args.landing:
        shutil.copytree(args.landing, bench.landing)
        generated = None
    else:
        generated = bench.generate()
        if generated.returncode != 0:
            raise SystemExit(f"generation failed: see {bench.logs / 'generate.log'}")
    held = bench.hold_back_sheet()
    e2e = bench.run("end_to_end", [sys.executable, "-m", "orchestration.run"])
    files, summary = bench.files_read()
    rows = int(summary["canonical_rows"])
    run_id, events = run_events(bench.dagster_home)
    windows = step_windows(events)
    stages = {"generate": generated.figures(rows) if generated else
              {**dict.fromkeys(FIGURES), "reused_landing": str(args.landing)}}
    stages.update(stage_figures(windows, e2e.samples, rows))
    stages["end_to_end"] = {**e2e.figures(rows), "exit_code": e2e.returncode}
    first_step = min((start for start, _ in windows.values()), default=e2e.started_at)
    steps_wall = sum(end - start for start, end in windows.values())
    dbt_overhead, slowest = dbt_figures(dbt_invocations(run_id), windows)
    startup = first_step - e2e.started_at
    gaps = max(0.0, e2e.wall_s - startup - steps_wall)
    fixed = {
        "startup_s": round(startup, 2),
        "startup_cpu_s": window(e2e.samples, e2e.started_at, first_step)["cpu_s"],
        "dbt_overhead_s": dbt_overhead,
        "between_steps_s": round(gaps, 2),
        "total_s": round(startup + dbt_overhead + gaps, 2),
    }
    fixed["share_of_end_to_end"] = _ratio(fixed["total_s"], e2e.wall_s)
    result.update({
        "data": {"files": len(files), "files_seen": summary.get("files"),
                 "rows_read": summary.get("rows_read"), "canonical_rows": rows,
                 "rows_quarantined": summary.get("rows_quarantined"),
                 "landing_mb": round(sum(p.stat().st_size for p in bench.landing.rglob("*")
                                         if p.is_file()) / 2**20, 1)},
        "stages": stages, "fixed_overhead": fixed, "dbt_models": slowest, "run_id": run_id,
    })
    result["floor"] = bench.compare("floor", "floor.py", files)
    result["peer"] = {"skipped": True} if args.no_peer else bench.compare("peer", "peer.py", files)
    result["incremental"] = {"skipped": True} if args.no_incremental else bench.incremental(held)
    result["ratios"] = compute_ratios(stages, result["floor"], result["peer"], result["incremental"])
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out = args.out or ROOT / "benchmarks" / "results" / f"{args.size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    problems = check_result(result)
    print(f"bench {args.size}: wrote {out}" + (f" (incomplete: {'; '.join(problems)})" if problems else ""))
    print(json.dumps({"stages": {k: v["wall_s"] for k, v in stages.items()}, "ratios": result["ratios"]}))
    return 0 if e2e.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
