"""Incremental-run benchmark: a full run, then the run after one new school sign-in sheet.

    python benchmarks/incremental_bench.py [--teachers 50000] [--seed 42] [--dir /tmp/incr]

Generates the sample into DIR/landing once (reused when present) and times in this process
(orchestration/defs/incremental_run.py, the same selection the Dagster rebuild after a load uses):
  full:        ingest of every file into an empty warehouse + `dbt build` of every model;
  incremental: `measure_incremental`: one new sign-in sheet lands (a school's latest sheet carried
               into the next school year: its title year and session dates one year on); ingest
               (every other file is skipped by its content hash) + `dbt build --select
               source:raw.<changed table>+ --exclude test_type:unit` (unit tests check the SQL,
               not the data: the full run has them).
Dagster, the GX suites and the report are not part of either figure (the same for both runs).
Prints both times, the ratio, the files read and the models built by each run.
"""

import argparse
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import xlsxwriter  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from orchestration.defs.incremental_run import StepResult, run_step  # noqa: E402
from orchestration.settings import Locations  # noqa: E402

SHEET = re.compile(r"校本研修签到_(\d{4})\.xlsx$")
BENCH_MARK = "_bench"  # the name of a sheet this benchmark wrote


def _sample(landing: Path, teachers: int, seed: int) -> None:
    if landing.is_dir() and any(landing.rglob("*签到*")):
        return
    print(f"generating the sample: {teachers} teachers, seed {seed} -> {landing}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "ingest.sample", "--teachers", str(teachers), "--seed", str(seed),
         "--out", str(landing)],
        check=True, cwd=ROOT,
    )


def _next_year(cell: Any, year: int) -> Any:
    """A title or session header of `year` carried one year on; other cells as they are."""
    if isinstance(cell, date):
        return cell + timedelta(days=364)  # same weekday, one year on
    if not isinstance(cell, str):
        return cell
    cell = cell.replace(f"{year}年", f"{year + 1}年")
    head, sep, tail = cell.partition("\n")
    try:
        day = date.fromisoformat(head) + timedelta(days=364)
    except ValueError:
        return cell
    return f"{day.isoformat()}{sep}{tail}"


def land_next_year_sheet(landing: Path) -> Path:
    """Writes a new sign-in sheet `<school>/校本研修签到_<year>_bench.xlsx`: the latest sheet of
    the first school that has none yet, one school year on."""
    latest: dict[Path, tuple[int, Path]] = {}
    for path in sorted(landing.rglob("校本研修签到_*.xlsx")):
        match = SHEET.search(path.name)
        if match and latest.get(path.parent, (0, path))[0] < int(match.group(1)):
            latest[path.parent] = (int(match.group(1)), path)
    folder = min(f for f in latest if not any(f.glob(f"*{BENCH_MARK}.xlsx")))
    year, source = latest[folder]
    target = source.with_name(f"校本研修签到_{year + 1}{BENCH_MARK}.xlsx")
    rows = CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0).to_python()
    book = xlsxwriter.Workbook(str(target))
    sheet = book.add_worksheet(f"{year + 1}年签到")
    text = book.add_format({"num_format": "@"})
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            value = _next_year(cell, year)
            if isinstance(value, str) and value:
                sheet.write_string(r, c, value, text)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
    book.close()
    return target


def _models(step: StepResult) -> int:
    return sum(k.startswith("model.") for k in step.built)


def measure_incremental(landing: Path, warehouse: Path) -> dict[str, Any]:
    """The run after one new school sign-in sheet, on a warehouse already built from `landing`
    (the sheet is written into `landing` and stays there)."""
    new = land_next_year_sheet(landing)
    loc = Locations(landing, warehouse, warehouse.parent / "reports")
    step = run_step(loc)
    return {
        "wall_s": round(step.seconds, 2),
        "ingest_s": round(step.load_seconds, 2),
        "dbt_s": round(step.dbt_seconds, 2),
        "new_file": str(new.relative_to(landing)),
        "files_read": len(step.files_read),
        "files_skipped": step.files_skipped,
        "dbt_selection": step.selector,
        "models_built": _models(step),
    }


def _line(name: str, seconds: float, ingest: float, dbt: float, read: int, skipped: int,
          models: int) -> str:
    return (f"{name:<12} {seconds:8.1f} s  (ingest {ingest:6.1f} s, dbt {dbt:6.1f} s)  "
            f"files read {read}, skipped {skipped}, models built {models}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/incr"))
    args = parser.parse_args(argv)
    base = args.dir.resolve()
    landing = base / "landing"
    _sample(landing, args.teachers, args.seed)
    for earlier in landing.rglob(f"*{BENCH_MARK}.xlsx"):  # the sheet an earlier measurement added
        earlier.unlink()
    loc = Locations(landing, base / "warehouse" / "bench.duckdb", base / "reports")
    for stale in (loc.warehouse, loc.warehouse.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    full = run_step(loc, full=True)
    inc = measure_incremental(landing, loc.warehouse)
    print(_line("full run", full.seconds, full.load_seconds, full.dbt_seconds,
                len(full.files_read), full.files_skipped, _models(full)))
    print(_line("incremental", inc["wall_s"], inc["ingest_s"], inc["dbt_s"], inc["files_read"],
                inc["files_skipped"], inc["models_built"]))
    print(f"new file:    {inc['new_file']}")
    print(f"dbt select:  {inc['dbt_selection']}")
    print(f"incremental / full: {inc['wall_s'] / full.seconds:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
