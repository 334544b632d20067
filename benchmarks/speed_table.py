"""The README's speed table, rendered from benchmarks/results/<size>.json.

    python benchmarks/speed_table.py            # print the table (Markdown)
    python benchmarks/speed_table.py --write    # replace it in README.md between its two markers
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
START, END = "<!-- speed-table:start -->", "<!-- speed-table:end -->"
STAGES = ("generate", "ingest", "dbt", "checks_report", "publish", "end_to_end")
SIZE_ORDER = ("S", "M", "L")


def _num(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    return f"{round(value):,}"


def _cell(figures: dict | None) -> str:
    """wall / CPU seconds, rows per second, peak RSS of one figure."""
    if not figures or figures.get("wall_s") is None:
        return "not measured"
    rate = f", {_num(figures['rows_per_s'], 0)} rows/s" if figures.get("rows_per_s") else ""
    rss = f", {_num(figures['peak_rss_mb'], 0)} MB" if figures.get("peak_rss_mb") else ""
    return f"{_num(figures['wall_s'])} s / {_num(figures.get('cpu_s'))} s CPU{rate}{rss}"


def load_results(folder: Path = RESULTS) -> list[dict]:
    found = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    return sorted(found, key=lambda r: SIZE_ORDER.index(r["size"]) if r["size"] in SIZE_ORDER else 9)


def render(results: list[dict]) -> str:
    if not results:
        return "(no results yet: run `make bench`)"
    head = "| | " + " | ".join(f"{r['size']} ({r['teachers']:,} teachers)" for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("files / canonical raw rows", [f"{r['data']['files']:,} / {r['data']['canonical_rows']:,}"
                                       for r in results])
    for stage in STAGES:
        row(stage, [_cell(r["stages"].get(stage)) for r in results])
    row("fixed overhead (start-up + dbt's own + between steps)",
        [f"{_num(r['fixed_overhead']['total_s'])} s ({_num(r['fixed_overhead']['startup_s'])} + "
         f"{_num(r['fixed_overhead']['dbt_overhead_s'])} + "
         f"{_num(r['fixed_overhead']['between_steps_s'])}), "
         f"{r['fixed_overhead']['share_of_end_to_end'] or 0:.0%} of end to end" for r in results])
    row("floor (fastexcel / DuckDB raw read)", [_cell(r.get("floor")) for r in results])
    row("peer (pandas, default engines)", [_cell(r.get("peer")) for r in results])
    row("incremental (one new sign-in sheet)",
        [_cell({"cpu_s": r["incremental"].get("process_cpu_s"), **r["incremental"]})
         if "wall_s" in r.get("incremental", {}) else
         (r.get("incremental", {}).get("error") or "not measured") for r in results])
    for ratio in ("ingest_over_floor", "ingest_over_floor_cpu", "peer_over_ingest",
                  "peer_over_ingest_cpu", "incremental_over_full"):
        row(ratio, [_num(r["ratios"].get(ratio), 2) for r in results])
    row("load average at start / end",
        [f"{' '.join(map(str, r['machine']['load_average_at_start']))} / "
         f"{' '.join(map(str, r['machine'].get('load_average_at_end', [])))}" for r in results])
    row("commit", [f"`{r['git']['commit'][:7]}`" for r in results])
    machine = results[-1]["machine"]
    lines.append("")
    lines.append(f"Machine: {machine['cores']} cores ({machine['cpu_model']}), "
                 f"{machine['ram_gb']} GB RAM, Python {machine['python']}; {machine['shared']}.")
    return "\n".join(lines)


def write_readme(table: str, readme: Path = ROOT / "README.md") -> None:
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{readme} has no {START} ... {END} markers")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(f"{before}{START}\n{table}\n{END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="replace the table in README.md")
    args = ap.parse_args(argv)
    table = render(load_results())
    if args.write:
        write_readme(table)
    else:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
