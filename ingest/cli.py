"""`python -m ingest load PATH... --warehouse FILE [--landing-root DIR] [--json] [--encoding ENC]`
`python -m ingest rekey --warehouse FILE` (after changing the hash key).
`python -m ingest export-parquet --warehouse FILE --out DIR` (raw tables for Spark, docs/spark.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from ingest.loader import LoadReport, ensure_raw_schema, load_paths
from ingest.progress import Progress
from ingest.teacher_key import HashKeyError, TeacherKey, rekey, require_key
from ingest.warehouse_lock import WarehouseLocked, connect_for_writing

EXIT_WAREHOUSE_LOCKED = 3  # another process holds the warehouse (ingest/warehouse_lock.py)


def _fmt_counts(d: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in d.items()) or "-"


def render(report: LoadReport) -> str:
    lines = []
    for f in report.files:
        head = f"[{f.status}] {f.source_file}"
        if f.status in ("new", "replaced"):
            lines.append(f"{head} -> {f.profile}")
            lines.append(
                f"    read {f.rows_read}, loaded {f.rows_loaded} ({f.canonical_rows} canonical rows), "
                f"quarantined {f.rows_quarantined} [{_fmt_counts(f.quarantined_by_reason)}], "
                f"skipped {f.rows_skipped} [{_fmt_counts(f.skipped_by_reason)}]"
            )
            if f.replaced_load_ids:
                lines.append(f"    replaced load(s) {', '.join(f.replaced_load_ids)} (key {f.logical_key})")
            if f.replaces_load_id:
                lines.append(f"    previous version: load {f.replaces_load_id}, {f.rows_before} data rows "
                             f"(now {f.rows_loaded + f.rows_quarantined})")
            for s in f.sheets_ignored:
                lines.append(f"    sheet '{s['sheet']}' not loaded: {s['reason']}")
        elif f.status == "unchanged":
            lines.append(f"{head}: {f.message}")
        else:
            lines.append(f"{head}: {f.message}")
        for w in f.warnings:
            lines.append(f"    warning: {w}")
    s = report.to_dict()["summary"]
    lines.append(
        f"{s['files']} file(s) {s['by_status']}; read {s['rows_read']}, loaded {s['rows_loaded']}, "
        f"quarantined {s['rows_quarantined']}, skipped {s['rows_skipped']}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="load landing files into the warehouse's raw schema")
    load.add_argument("paths", nargs="+", type=Path)
    load.add_argument("--warehouse", required=True, type=Path, help="DuckDB file")
    load.add_argument("--landing-root", type=Path, default=None,
                      help="source_file is recorded relative to this folder")
    load.add_argument("--json", action="store_true", help="print the report as JSON")
    load.add_argument("--encoding", default=None, help="CSV encoding override (e.g. gbk, utf-8)")
    load.add_argument("--workers", type=int, default=2)
    rk = sub.add_parser("rekey", help="recompute k_teacher in the raw tables with the current key")
    rk.add_argument("--warehouse", required=True, type=Path, help="DuckDB file")
    corr = sub.add_parser("corrections", help="load schools' returned correction workbooks")
    corr.add_argument("paths", nargs="+", type=Path)
    corr.add_argument("--warehouse", required=True, type=Path, help="DuckDB file")
    corr.add_argument("--json", action="store_true", help="print the report as JSON")
    exp = sub.add_parser("export-parquet", help="write the raw tables as Parquet, one folder each")
    exp.add_argument("--warehouse", required=True, type=Path, help="DuckDB file")
    exp.add_argument("--out", required=True, type=Path, help="folder of <table>/ folders")
    args = parser.parse_args(argv)
    if args.command == "export-parquet":  # copies the raw layer as it is: needs no hash key
        return _export_parquet(args.warehouse, args.out)
    if args.command == "corrections":  # reads answers only: needs no hash key
        return _corrections(args)
    try:
        key = require_key()  # one-line refusal (demo key in production, unreadable key file)
    except HashKeyError as exc:
        print(f"refusing to start: {exc}", file=sys.stderr)
        return 2
    if args.command == "rekey":
        return _rekey(args.warehouse, key)

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    args.warehouse.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = connect_for_writing(args.warehouse)
    except WarehouseLocked as exc:  # one line, no traceback: who holds it and what to do
        print(f"cannot load: {exc}", file=sys.stderr)
        return EXIT_WAREHOUSE_LOCKED
    progress = Progress()  # stderr: files done / total; plain lines (no ANSI) when not a terminal
    try:
        report = load_paths(args.paths, con, args.landing_root, encoding=args.encoding,
                            workers=args.workers, on_progress=progress)
    except HashKeyError as exc:
        progress.close()
        print(f"refusing to load: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    progress.close()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print(render(report))
    return 1 if report.failed else 0


def _rekey(warehouse: Path, key: TeacherKey) -> int:
    """All k_teacher values of the raw tables from their id_number with the current key."""
    if not warehouse.exists():
        print(f"no such warehouse: {warehouse}", file=sys.stderr)
        return 2
    with duckdb.connect(str(warehouse)) as con:
        ensure_raw_schema(con)
        counts = rekey(con, key)
    print(f"re-keyed with key {key.fingerprint}: " + ", ".join(f"raw.{t} {n}" for t, n in counts.items()))
    print("now rebuild the marts (make run): every k_teacher changes")
    return 0


def _export_parquet(warehouse: Path, out: Path) -> int:
    from ingest.parquet_export import export_parquet

    try:
        counts = export_parquet(warehouse, out)
    except (FileNotFoundError, ValueError) as exc:
        print(f"cannot export: {exc}", file=sys.stderr)
        return 2
    print(f"exported to {out}: " + ", ".join(f"raw.{t} {n}" for t, n in counts.items()))
    return 0


def _corrections(args: argparse.Namespace) -> int:
    """`python -m ingest corrections DIR... --warehouse FILE`: see ingest/corrections.py."""
    from ingest.corrections import load_corrections
    from ingest.corrections import render as render_corrections

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    con = duckdb.connect(str(args.warehouse))
    try:
        report = load_corrections(args.paths, con)
    finally:
        con.close()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_corrections(report))
    return 1 if report.failed else 0
