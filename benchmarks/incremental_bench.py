"""Incremental-run benchmark: a full run, then the run after one new sign-in sheet.

    python benchmarks/incremental_bench.py [--teachers 50000] [--seed 42] [--dir /tmp/incr]

Generates the sample into DIR/landing once (reused when present), holds one school's sign-in
sheet back, and times in this process (orchestration/defs/incremental_run.py):
  full:        ingest of every file into an empty warehouse + `dbt build` of every model;
  incremental: the sheet lands; ingest (every other file is skipped by its content hash) +
               `dbt build --select source:raw.<changed table>+`.
Dagster, the GX suites and the report are not part of either figure (the same for both runs).
Prints both times, the ratio, the files read and the models built by each run.
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from orchestration.defs.incremental_run import StepResult, run_step  # noqa: E402
from orchestration.settings import Locations  # noqa: E402


def _sample(landing: Path, teachers: int, seed: int) -> None:
    if landing.is_dir() and any(landing.rglob("*签到*")):
        return
    print(f"generating the sample: {teachers} teachers, seed {seed} -> {landing}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "ingest.sample", "--teachers", str(teachers), "--seed", str(seed),
         "--out", str(landing)],
        check=True, cwd=ROOT,
    )


def _models(step: StepResult) -> int:
    return sum(k.startswith("model.") for k in step.built)


def _line(name: str, step: StepResult) -> str:
    return (f"{name:<12} {step.seconds:8.1f} s  (ingest {step.load_seconds:6.1f} s, dbt "
            f"{step.dbt_seconds:6.1f} s)  files read {len(step.files_read)}, skipped "
            f"{step.files_skipped}, models built {_models(step)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/incr"))
    args = parser.parse_args(argv)
    base = args.dir.resolve()
    landing = base / "landing"
    _sample(landing, args.teachers, args.seed)
    # a sheet with no planted identical copy (`<name> - 副本.xlsx`): a copy's content would already
    # be loaded, so the sheet would land as unchanged
    sheets = sorted(p for p in landing.rglob("*签到*") if p.is_file() and "副本" not in p.name)
    sheet = next(p for p in sheets if not p.with_name(f"{p.stem} - 副本{p.suffix}").exists())
    held = base / "held_back" / sheet.name
    held.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(sheet, held)
    loc = Locations(landing, base / "warehouse" / "bench.duckdb", base / "reports")
    for stale in (loc.warehouse, loc.warehouse.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    try:
        full = run_step(loc, full=True)
    finally:
        shutil.move(held, sheet)
    incremental = run_step(loc)
    print(_line("full run", full))
    print(_line("incremental", incremental))
    print(f"new file:    {sheet.relative_to(landing)}")
    print(f"dbt select:  {incremental.selector}")
    print(f"incremental / full: {incremental.seconds / full.seconds:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
