"""Write what the readers produce into DuckDB: raw.* tables plus the landing manifest.

Public API for the orchestration layer:
    ensure_raw_schema(con)                       every raw table, empty, so dbt sources exist
    load_paths(paths, con, landing_root) -> LoadReport

Files are hashed first; content already loaded is a no-op. The rest are parsed in batches
(ingest/read_pool.py: a process pool of `workers`, default 2, for anything but a small load) and
each batch is written in the calling thread in one DuckDB transaction (ingest/batch_writer.py):
the loads it supersedes deleted, canonical + quarantine + skipped rows inserted, the manifest
updated. A failure inside a batch rolls it back and its files are written one by one, so a file
that cannot be written fails alone and leaves the warehouse as it was before it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingest.batch_writer import BatchWriter, run_sql
from ingest.load_report import FileResult, LoadReport
from ingest.profiles import load_profiles
from ingest.read_pool import batch_files, batches, read_parallel, read_serial
from ingest.read_pool import read_task as _read_task
from ingest.reader import file_hash, relative_source
from ingest.schemas import BOOKKEEPING_DDL, MODELS, ddl
from ingest.teacher_key import prepare_warehouse, require_key
from ingest.versions import is_copy_name

__all__ = ["FileResult", "LoadReport", "discover", "ensure_raw_schema", "load_paths"]

IGNORED_SUFFIXES = {".json", ".md"}
# Manifest columns of version order and replacement (ingest/replacement.py).
MANIFEST_VERSION_COLUMNS = {
    "superseded_by": "varchar", "replaces_load_id": "varchar", "file_modified_at": "timestamp",
}
PARALLEL_MIN_BYTES = 4 << 20  # below this total, parsing in-process beats starting a pool


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schema raw with every canonical and bookkeeping table (empty), if missing."""
    run_sql(con, "create schema if not exists raw")
    for table in MODELS:
        run_sql(con, ddl(table))
    for stmt in BOOKKEEPING_DDL.values():
        run_sql(con, stmt)
    for column, kind in MANIFEST_VERSION_COLUMNS.items():  # warehouses made before these columns
        run_sql(con, f"alter table raw.load_manifest add column if not exists {column} {kind}")


def discover(paths: list[Path | str]) -> list[Path]:
    """Files under the given files/folders, recursively, minus *.json, *.md, ~$* and dot files."""
    found: list[Path] = []
    for p in map(Path, paths):
        candidates = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in candidates:
            if f.suffix.lower() in IGNORED_SUFFIXES or f.name.startswith(("~$", ".")):
                continue
            found.append(f)
    seen, out = set(), []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _default_root(paths: list[Path | str]) -> Path:
    """Without an explicit landing root: the folder given, or the common folder of the paths."""
    resolved = [Path(p).resolve() for p in paths] or [Path.cwd()]
    common = Path(os.path.commonpath([str(p) for p in resolved]))
    return common if common.is_dir() else common.parent


def _prior_loads(con: duckdb.DuckDBPyConnection, digests: list[str]) -> dict[str, tuple]:
    """content hash -> (load_id, profile, source_file, status) of its loaded (else latest
    superseded) manifest row, for all the run's files in one query."""
    if not digests:
        return {}
    rows = run_sql(
        con,
        "select content_hash, load_id, profile, source_file, status from raw.load_manifest "
        "where content_hash in (select unnest(?::varchar[])) and status in ('loaded', 'superseded') "
        "order by content_hash, status = 'loaded' desc, loaded_at desc",
        [sorted(set(digests))],
    )
    out: dict[str, tuple] = {}
    for digest, *rest in rows:
        out.setdefault(digest, tuple(rest))
    return out


def _primary_copies(hashed: list[tuple[Path, str, str | None, str | None]]) -> dict[str, str]:
    """digest -> the one file that loads among identical files of a run: a name without a copy
    mark ('- 副本', '- Copy', '(1)') first, then the oldest file, then the path."""
    best: dict[str, tuple] = {}
    for f, source, digest, _ in hashed:
        if digest is None:
            continue
        modified = _modified_at(f)
        key = (is_copy_name(f.stem), modified or datetime.max, source)
        if digest not in best or key < best[digest]:
            best[digest] = key
    return {digest: key[2] for digest, key in best.items()}


def _modified_at(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
    except OSError:
        return None


def load_paths(
    paths: list[Path | str] | Path | str,
    con: duckdb.DuckDBPyConnection,
    landing_root: Path | str | None = None,
    *,
    encoding: str | None = None,
    profiles_dir: Path | str | None = None,
    workers: int = 2,
    on_progress: Callable[..., None] | None = None,
) -> LoadReport:
    """Load files/folders into raw.*; returns a per-file report (see FileResult).
    on_progress(done, total, stage, name) is called as files are hashed and written (ingest.progress)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    progress = run_sql(con, "select current_setting('enable_progress_bar')")[0][0]
    run_sql(con, "set enable_progress_bar = false")  # no bar on stdout mid-report (CLI --json)
    try:
        return _load_paths(paths, con, landing_root, encoding, profiles_dir, workers,
                           on_progress or (lambda *_: None))
    finally:
        run_sql(con, f"set enable_progress_bar = {'true' if progress else 'false'}")


def _load_paths(paths, con, landing_root, encoding, profiles_dir, workers, progress) -> LoadReport:
    key = require_key()  # the demo key in production is refused before anything is written
    ensure_raw_schema(con)
    prepare_warehouse(con, key)  # raw tables keyed with this key (else refused: see rekey)
    root = Path(landing_root) if landing_root else _default_root(list(paths))
    load_profiles(profiles_dir)  # fail fast on a malformed profile before reading anything
    files = discover(list(paths))
    report = LoadReport()
    todo: list[tuple[Path, str]] = []
    hashes_this_run: set[str] = set()
    hashed: list[tuple[Path, str, str | None, str | None]] = []
    for f in files:
        source = relative_source(f, root)
        try:
            hashed.append((f, source, file_hash(f), None))
        except OSError as exc:
            hashed.append((f, source, None, str(exc)))
    priors = _prior_loads(con, [h[2] for h in hashed if h[2]])
    primary = _primary_copies(hashed)
    for f, source, digest, error in hashed:
        if digest is None:
            report.files.append(FileResult(source_file=source, status="failed", message=error))
            continue
        prior = priors.get(digest)
        # Content seen before is a no-op, also when a later file superseded it: two versions
        # left side by side in the landing folder must not replace each other on every run.
        if prior or digest in hashes_this_run or primary.get(digest, source) != source:
            if prior is None:
                msg = f"same content as {primary[digest]} in this run (loaded under that name)"
            elif prior[3] == "loaded":
                msg = f"same content already loaded as {prior[2]} (load {prior[0]})"
            else:
                msg = (f"same content as {prior[2]} (load {prior[0]}), superseded by a later "
                       "version: not loaded again")
            report.files.append(
                FileResult(source_file=source, status="unchanged", profile=prior[1] if prior else None,
                           load_id=prior[0] if prior else None, content_hash=digest, message=msg)
            )
            continue
        hashes_this_run.add(digest)
        todo.append((f, digest))
        report.files.append(FileResult(source_file=source, status="pending", content_hash=digest,
                                       modified_at=_modified_at(f)))

    pending = {r.content_hash: r for r in report.files if r.status == "pending"}
    args = [(str(f), str(root), encoding, str(profiles_dir) if profiles_dir else None, d) for f, d in todo]
    sizes = [f.stat().st_size for f, _ in todo]
    progress(0, len(todo), f"reading ({len(files) - len(todo)} of {len(files)} unchanged, skipped)")
    work = batches(args, sizes, batch_files(len(todo), workers))
    if workers > 1 and len(todo) > 1 and sum(sizes) >= PARALLEL_MIN_BYTES:
        reads = read_parallel(_read_task, work, min(workers, len(work)), root)
    else:
        reads = read_serial(_read_task, work)
    writer = BatchWriter(con, key)
    done = 0
    for batch in reads:
        writer.write([(read, pending[read.content_hash]) for read in batch])
        for read in batch:
            done += 1
            progress(done, len(todo), "loaded", read.source_file)
    return report
