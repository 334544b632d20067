"""Write what the readers produce into DuckDB: raw.* tables plus the landing manifest.

Public API for the orchestration layer:
    ensure_raw_schema(con)                       every raw table, empty, so dbt sources exist
    load_paths(paths, con, landing_root) -> LoadReport

Files are parsed in parallel (a process pool of `workers`, default 2); writes happen in the
calling thread, one DuckDB transaction per file: delete the rows of the load(s) it supersedes,
insert canonical + quarantine + skipped rows, update the manifest. A file whose content hash is
already loaded is a no-op; a failure inside the transaction rolls the file back entirely.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from ingest.isolation import read_alone
from ingest.logical_files import logical_key
from ingest.profiles import load_profiles
from ingest.reader import FileRead, file_hash, read_file, relative_source
from ingest.replacement import (
    Version,
    drop_share,
    link_predecessor,
    max_row_drop_share,
    newer_than,
    version_group,
)
from ingest.schemas import BOOKKEEPING_DDL, KEYED_TABLES, MODELS, ddl
from ingest.teacher_key import TeacherKey, add_k_teacher, prepare_warehouse, require_key
from ingest.versions import file_version, is_copy_name

IGNORED_SUFFIXES = {".json", ".md"}
# Manifest columns of version order and replacement (ingest/replacement.py).
MANIFEST_VERSION_COLUMNS = {
    "superseded_by": "varchar", "replaces_load_id": "varchar", "file_modified_at": "timestamp",
}
PARALLEL_MIN_BYTES = 4 << 20  # below this total, parsing in-process beats starting a pool


@dataclass
class FileResult:
    source_file: str
    status: str  # new | unchanged | replaced | superseded (an older version) | unmatched | failed
    profile: str | None = None
    load_id: str | None = None
    content_hash: str | None = None
    logical_key: str | None = None
    encoding: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0  # source rows that became canonical rows
    canonical_rows: int = 0  # rows inserted into canonical tables (a sign-in row -> N sessions)
    rows_quarantined: int = 0
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    rows_skipped: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    message: str | None = None
    closest_profile: str | None = None
    missing_columns: list[str] = field(default_factory=list)
    replaced_load_ids: list[str] = field(default_factory=list)
    modified_at: datetime | None = None  # the file's modification time (UTC), for version order
    superseded_by: str | None = None  # status superseded: the load of the newer version
    replaces_load_id: str | None = None  # the immediate predecessor version, if any
    rows_before: int | None = None  # that predecessor's data rows (loaded + quarantined)
    sheets_ignored: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected: str | None = None  # refused on purpose: over a limit or encrypted (limits.py code)

    @property
    def conserved(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined + self.rows_skipped

    def to_dict(self) -> dict:
        d = asdict(self)
        d["modified_at"] = self.modified_at.isoformat() if self.modified_at else None
        if self.status in ("new", "replaced", "superseded"):
            d["conserved"] = self.conserved
        if self.rejected:  # its rows were refused as a whole: neither conserved nor violated
            d["conservation"] = f"rejected ({self.rejected})"
        return d


@dataclass
class LoadReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def unmatched(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "unmatched"]

    def by_status(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.status] = out.get(f.status, 0) + 1
        return out

    def to_dict(self) -> dict:
        counted = [f for f in self.files if f.status != "superseded"]  # older versions load nothing
        return {
            "files": [f.to_dict() for f in self.files],
            "summary": {
                "files": len(self.files),
                "by_status": self.by_status(),
                "rows_read": sum(f.rows_read for f in counted),
                "rows_loaded": sum(f.rows_loaded for f in counted),
                "canonical_rows": sum(f.canonical_rows for f in counted),
                "rows_quarantined": sum(f.rows_quarantined for f in counted),
                "rows_skipped": sum(f.rows_skipped for f in counted),
            },
        }


# ---------------------------------------------------------------------------------------------


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    """Execute and drain the result (DuckDB 2 refuses new work while a result is unfinished)."""
    cur = con.execute(sql, params) if params is not None else con.execute(sql)
    try:
        return cur.fetchall()
    except duckdb.InvalidInputException:
        return []


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schema raw with every canonical and bookkeeping table (empty), if missing."""
    _run(con, "create schema if not exists raw")
    for table in MODELS:
        _run(con, ddl(table))
    for stmt in BOOKKEEPING_DDL.values():
        _run(con, stmt)
    for column, kind in MANIFEST_VERSION_COLUMNS.items():  # warehouses made before these columns
        _run(con, f"alter table raw.load_manifest add column if not exists {column} {kind}")


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


def _read_task(path: str, landing_root: str, encoding: str | None, profiles_dir: str | None, digest: str) -> FileRead:
    try:
        return read_file(path, landing_root, load_profiles(profiles_dir), encoding, content_hash=digest)
    except Exception as exc:  # a reader bug must fail its file, not the run
        fr = FileRead(source_file=relative_source(Path(path), Path(landing_root)), content_hash=digest)
        fr.error = f"{type(exc).__name__}: {exc}"
        return fr


# Imported once by the forkserver (code only: profiles are data and are read by each worker,
# so an edited profile is picked up by the next run). pandera's polars backends are otherwise
# imported by each worker on its first validation.
_PRELOAD = [
    "ingest.reader",
    "pandera.backends.polars.builtin_checks",
    "pandera.backends.polars.container",
    "pandera.backends.polars.components",
]


def _pool_context() -> multiprocessing.context.BaseContext:
    """forkserver: one server process imports polars/pandera/ingest once, and each worker is a
    cheap fork of it (plain fork of this process is unsafe: polars' and DuckDB's threads)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    return ctx


def _prior_loads(con: duckdb.DuckDBPyConnection, digests: list[str]) -> dict[str, tuple]:
    """content hash -> (load_id, profile, source_file, status) of its loaded (else latest
    superseded) manifest row, for all the run's files in one query."""
    if not digests:
        return {}
    rows = _run(
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


def _new_load_id(digest: str) -> str:
    return f"{datetime.now():%Y%m%dT%H%M%S}-{digest[:12]}-{uuid.uuid4().hex[:6]}"


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
    progress = _run(con, "select current_setting('enable_progress_bar')")[0][0]
    _run(con, "set enable_progress_bar = false")  # no bar on stdout mid-report (CLI --json)
    try:
        return _load_paths(paths, con, landing_root, encoding, profiles_dir, workers,
                           on_progress or (lambda *_: None))
    finally:
        _run(con, f"set enable_progress_bar = {'true' if progress else 'false'}")


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
    total_bytes = sum(f.stat().st_size for f, _ in todo)
    progress(0, len(todo), f"reading ({len(files) - len(todo)} of {len(files)} unchanged, skipped)")
    if workers > 1 and len(todo) > 1 and total_bytes >= PARALLEL_MIN_BYTES:
        ctx = _pool_context()
        with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=ctx) as pool:
            futures = [pool.submit(_read_task, *a) for a in args]
            for i, (a, fut) in enumerate(zip(args, futures, strict=True), start=1):  # path order
                try:
                    read = fut.result()
                except BrokenProcessPool:  # a worker died: read this file alone (isolation.py)
                    read = read_alone(_read_task, a, ctx, root)
                except Exception as exc:
                    read = FileRead(source_file=relative_source(Path(a[0]), root), content_hash=a[4])
                    read.error = f"parser process failed: {type(exc).__name__}: {exc}"
                _write(con, read, pending[read.content_hash], key)
                progress(i, len(todo), "loaded", read.source_file)
    else:
        for i, a in enumerate(args, start=1):
            read = _read_task(*a)
            _write(con, read, pending[read.content_hash], key)
            progress(i, len(todo), "loaded", read.source_file)
    return report


# ---------------------------------------------------------------------------------------------


def _fill_counts(res: FileResult, read: FileRead) -> None:
    res.profile = read.profile
    res.encoding = read.encoding
    res.rows_read = read.rows_read
    res.rows_loaded = read.rows_loaded
    canon = read.canonical()
    res.tables = {t: df.height for t, df in canon.items()}
    res.canonical_rows = sum(res.tables.values())
    res.rows_quarantined = read.quarantine().height
    res.quarantined_by_reason = read.quarantined_by_reason()
    res.rows_skipped = read.skipped().height
    res.skipped_by_reason = read.skipped_by_reason()
    res.sheets_ignored = [{"sheet": s.sheet, "reason": s.ignored} for s in read.sheets if s.ignored]
    res.sheets_ignored += [
        {"sheet": s.sheet, "reason": s.unmatched.message}
        for s in read.sheets if s.unmatched and read.matched
    ]
    res.warnings = list(read.warnings)


def _manifest_row(con, res: FileResult, status: str, message: str | None) -> None:
    _run(con,
        "insert into raw.load_manifest (load_id, source_file, content_hash, profile, logical_key, "
        "rows_read, rows_loaded, rows_quarantined, rows_skipped, status, message, loaded_at, "
        "superseded_by, file_modified_at) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()::timestamp, ?, ?)",
        [res.load_id, res.source_file, res.content_hash, res.profile, res.logical_key,
         res.rows_read, res.rows_loaded, res.rows_quarantined, res.rows_skipped, status, message,
         res.superseded_by, res.modified_at],
    )


def _insert_frame(con, table: str, df: pl.DataFrame, load_id: str, extra: dict[str, str] | None = None) -> None:
    if df.height == 0:
        return
    df = df.with_columns(pl.lit(load_id).alias("load_id"), *[pl.lit(v).alias(k) for k, v in (extra or {}).items()])
    ingest_frame_arrow = df.to_arrow()  # noqa: F841 (read by DuckDB's replacement scan below)
    # A replacement scan of the local Arrow table: half the cost of register/unregister.
    con.execute(f"insert into raw.{table} by name select * from ingest_frame_arrow").fetchall()


def _write(con: duckdb.DuckDBPyConnection, read: FileRead, res: FileResult, key: TeacherKey) -> None:
    res.load_id = _new_load_id(read.content_hash)
    res.source_file = read.source_file
    if read.error:
        res.status, res.message, res.rejected = "failed", read.error, read.rejected
        _record_attempt(con, res, "failed", read.error)
        return
    _fill_counts(res, read)
    if not read.matched:
        res.status, res.message = "unmatched", read.unmatched_reason
        closest = read.closest
        if closest:
            res.closest_profile, res.missing_columns = closest.closest, list(closest.missing)
        _record_attempt(con, res, "unmatched", res.message)
        return
    res.logical_key = logical_key(read)
    message = f"canonical rows: {res.tables}"
    if res.sheets_ignored:
        message += "; ignored sheets: " + ", ".join(f"{s['sheet']} ({s['reason']})" for s in res.sheets_ignored)
    _run(con, "begin transaction")
    try:
        group = version_group(con, res.source_file, res.profile, res.logical_key)
        loaded = [v for v in group if v.status == "loaded"]
        newer = [v for v in loaded if newer_than(res.source_file, res.modified_at, v) < 0]
        if newer:  # an older version of a loaded file: evidence only, none of its rows load
            _record_older_version(con, res, newer[0], group)
            _run(con, "commit")
            return
        _note_ties(res, loaded)
        old = [v.load_id for v in loaded]
        if old:
            placeholders = ", ".join("?" for _ in old)
            for table in [*MODELS, "quarantine", "skipped_rows"]:
                _run(con, f"delete from raw.{table} where load_id in ({placeholders})", old)
            _run(con,
                f"update raw.load_manifest set status = 'superseded', superseded_by = ?, "
                f"message = coalesce(message, '') || ' | superseded by ' || ? "
                f"where load_id in ({placeholders})",
                [res.load_id, res.load_id, *old],
            )
        for table, df in read.canonical().items():
            keyed = add_k_teacher(df, key) if table in KEYED_TABLES else df
            _insert_frame(con, table, keyed, res.load_id)
        extra = {"source_file": res.source_file}
        _insert_frame(con, "quarantine", read.quarantine(), res.load_id, extra)
        _insert_frame(con, "skipped_rows", read.skipped(), res.load_id, extra)
        # Earlier unmatched/failed attempts of this file are now history.
        _run(con,
            "delete from raw.load_manifest where source_file = ? and status in ('unmatched', 'failed')",
            [res.source_file],
        )
        _manifest_row(con, res, "loaded", message)
        _link(con, res, [*(v for v in group if v.status != "loaded"),
                         *(_as_superseded(v) for v in loaded)])
        _run(con, "commit")
    except Exception as exc:
        _run(con, "rollback")
        res.status, res.message = "failed", f"load rolled back: {type(exc).__name__}: {exc}"
        res.replaced_load_ids = []
        _record_attempt(con, res, "failed", res.message)
        return
    res.replaced_load_ids = old
    res.status = "replaced" if old else "new"
    res.message = message


def _as_superseded(v: Version) -> Version:
    return Version(v.load_id, v.source_file, v.profile, v.logical_key, "superseded", v.modified_at,
                   v.data_rows)


def _version_of(res: FileResult, status: str) -> Version:
    return Version(res.load_id or "", res.source_file, res.profile, res.logical_key, status,
                   res.modified_at, res.rows_loaded + res.rows_quarantined)


def _link(con, res: FileResult, group: list[Version]) -> None:
    """Record res's immediate predecessor and warn when it dropped too many of its rows."""
    if not group:  # a first version: nothing to link (replaces_load_id is inserted null)
        return
    current = _version_of(res, "loaded")
    pred = link_predecessor(con, current, group)
    if pred is not None:
        res.replaces_load_id, res.rows_before = pred.load_id, pred.data_rows
        _warn_dropped(res, current, pred)


def _warn_dropped(res: FileResult, current: Version, pred: Version) -> None:
    share, limit = drop_share(pred.data_rows, current.data_rows), max_row_drop_share()
    if share > limit:
        res.warnings.append(
            f"{current.source_file} (load {current.load_id}) has {current.data_rows} data rows, "
            f"the version it replaces, {pred.source_file} (load {pred.load_id}), had "
            f"{pred.data_rows}: {share:.0%} of the rows dropped (more than "
            f"ingest.replacement_max_row_drop_share {limit:.0%}); rule REPLACEMENT_DROPPED_ROWS "
            "reports it"
        )


def _record_older_version(con, res: FileResult, newer: Version, group: list[Version]) -> None:
    """res is an older version of the loaded `newer`: a superseded manifest row, no data rows;
    the newer version's predecessor is re-linked (this version may sit right before it)."""
    res.status, res.superseded_by = "superseded", newer.load_id
    res.message = (
        f"older version of {newer.source_file} (load {newer.load_id}), which stays loaded: "
        f"this file's version ({_describe(res.source_file, res.modified_at)}) is older than "
        f"{_describe(newer.source_file, newer.modified_at)}; recorded, no rows loaded"
    )
    _run(con,
        "delete from raw.load_manifest where source_file = ? and status in ('unmatched', 'failed')",
        [res.source_file],
    )
    _manifest_row(con, res, "superseded", res.message)
    mine = _version_of(res, "superseded")
    pred = link_predecessor(con, newer, [*(v for v in group if v.load_id != newer.load_id), mine])
    if pred is not None and pred.load_id == res.load_id:
        _warn_dropped(res, newer, pred)


def _describe(source_file: str, modified_at: datetime | None) -> str:
    mark = file_version(source_file)
    if mark.marked:
        return f"mark '{mark.text}'"
    return f"no mark, modified {modified_at:%Y-%m-%d %H:%M:%S} UTC" if modified_at else "no mark"


def _note_ties(res: FileResult, loaded: list[Version]) -> None:
    for v in loaded:
        if v.modified_at is None:  # loaded before modification times were recorded: no warning
            continue
        if v.source_file != res.source_file and newer_than(res.source_file, res.modified_at, v) == 0:
            res.warnings.append(
                f"{v.source_file} and this file are versions of one logical file that neither a "
                "version mark nor the modification time orders: the later load wins; add a mark "
                "such as (更正) or a date to the newer file's name"
            )


def _record_attempt(con, res: FileResult, status: str, message: str | None) -> None:
    """Manifest row for an unmatched/failed file; a retry of the same content replaces it."""
    try:
        _run(con, "begin transaction")
        _run(con,
            "delete from raw.load_manifest where source_file = ? and content_hash = ? "
            "and status in ('unmatched', 'failed')",
            [res.source_file, res.content_hash],
        )
        _manifest_row(con, res, status, message)
        _run(con, "commit")
    except Exception:
        _run(con, "rollback")
        raise
