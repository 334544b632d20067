"""Write a batch of read files into raw.*: one transaction, set operations, one insert per table.

Each file is first decided in memory, in path order, against the run's VersionIndex: new,
replacing earlier loads, an older version of a loaded file, unmatched or failed (the rules are
ingest/replacement.py's). The batch is then written at once: the superseded loads' rows deleted,
their manifest rows updated, the new manifest rows and every table's rows of the batch inserted,
with k_teacher computed once per distinct ID. When anything in the batch fails, the transaction
is rolled back and each file is written alone, so only the failing file fails ("load rolled back")
and the warehouse keeps the others.
"""

from __future__ import annotations

import copy
import uuid
from datetime import datetime

import duckdb
import polars as pl

from ingest.load_report import FileResult
from ingest.logical_files import logical_key
from ingest.read_result import FileRead
from ingest.replacement import Version, max_row_drop_share, newer_than, predecessor
from ingest.schemas import KEYED_TABLES, MODELS
from ingest.teacher_key import TeacherKey, add_k_teacher
from ingest.version_index import VersionIndex
from ingest.version_notes import describe, note_ties, warn_dropped

MANIFEST_SCHEMA = {
    "seq": pl.Int64, "load_id": pl.String, "source_file": pl.String, "content_hash": pl.String,
    "profile": pl.String, "logical_key": pl.String, "rows_read": pl.Int32,
    "rows_loaded": pl.Int32, "rows_quarantined": pl.Int32, "rows_skipped": pl.Int32,
    "status": pl.String, "message": pl.String, "superseded_by": pl.String,
    "replaces_load_id": pl.String, "file_modified_at": pl.Datetime("us"),
}
_ATTEMPT = "status in ('unmatched', 'failed')"


def run_sql(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    """Execute and drain the result (DuckDB 2 refuses new work while a result is unfinished)."""
    cur = con.execute(sql, params) if params is not None else con.execute(sql)
    try:
        return cur.fetchall()
    except duckdb.InvalidInputException:
        return []


def new_load_id(digest: str) -> str:
    return f"{datetime.now():%Y%m%dT%H%M%S}-{digest[:12]}-{uuid.uuid4().hex[:6]}"


class _Batch:
    """What one batch changes, gathered in memory before anything is written."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}  # load_id -> its new manifest row
        self.frames: dict[str, tuple[FileRead, dict[str, pl.DataFrame]]] = {}  # rows to load
        self.superseded: dict[str, str] = {}  # earlier load -> the load superseding it
        self.replaces: dict[str, str | None] = {}  # earlier load -> its new predecessor
        self.clear_sources: set[str] = set()  # drop earlier unmatched/failed rows of these files
        self.clear_attempts: set[str] = set()  # ... of these source_file + content_hash

    def row(self, res: FileResult, status: str, message: str | None) -> None:
        self.rows[res.load_id] = {
            "seq": len(self.rows), "load_id": res.load_id, "source_file": res.source_file,
            "content_hash": res.content_hash, "profile": res.profile,
            "logical_key": res.logical_key, "rows_read": res.rows_read,
            "rows_loaded": res.rows_loaded, "rows_quarantined": res.rows_quarantined,
            "rows_skipped": res.rows_skipped, "status": status, "message": message,
            "superseded_by": res.superseded_by, "replaces_load_id": None,
            "file_modified_at": res.modified_at,
        }

    def supersede(self, load_id: str, by: str) -> None:
        row = self.rows.get(load_id)
        if row is None:
            self.superseded[load_id] = by
            return
        row.update(status="superseded", superseded_by=by,
                   message=(row["message"] or "") + " | superseded by " + by)
        self.frames.pop(load_id, None)

    def link(self, load_id: str, pred: str | None) -> None:
        if load_id in self.rows:
            self.rows[load_id]["replaces_load_id"] = pred
        else:
            self.replaces[load_id] = pred


class BatchWriter:
    """Writes batches for one run; holds the run's VersionIndex and the teacher key."""

    def __init__(self, con: duckdb.DuckDBPyConnection, key: TeacherKey) -> None:
        self.con, self.key = con, key
        self.index = VersionIndex.read(con)
        self._drop_limit: float | None = None

    @property
    def drop_limit(self) -> float:
        if self._drop_limit is None:
            self._drop_limit = max_row_drop_share()
        return self._drop_limit

    def write(self, pairs: list[tuple[FileRead, FileResult]]) -> None:
        """Write the batch; on failure, each file alone (one of them may still fail)."""
        self.index.begin()
        saved = [copy.deepcopy(res) for _, res in pairs]
        try:
            batch = _Batch()
            for read, res in pairs:
                self._plan(batch, read, res)
            self._apply(batch)
            self.index.commit()
            return
        except Exception as exc:
            error = exc
        self.index.rollback()
        if len(pairs) > 1:
            for (_, res), before in zip(pairs, saved, strict=True):
                res.__dict__.update(before.__dict__)
            for pair in pairs:
                self.write([pair])
            return
        read, res = pairs[0]  # keeps what was decided for it, as a failed attempt
        res.load_id = res.load_id or new_load_id(read.content_hash)
        res.source_file = read.source_file
        res.status = "failed"
        res.message = f"load rolled back: {type(error).__name__}: {error}"
        res.replaced_load_ids = []
        batch = _Batch()
        _attempt(batch, res, "failed", res.message)
        self._apply(batch)  # if even this fails, the run stops: the warehouse is in trouble

    # -- deciding -------------------------------------------------------------------------------

    def _plan(self, batch: _Batch, read: FileRead, res: FileResult) -> None:
        res.load_id = new_load_id(read.content_hash)
        res.source_file = read.source_file
        if read.error:
            res.status, res.message, res.rejected = "failed", read.error, read.rejected
            _attempt(batch, res, "failed", read.error)
            return
        canonical = read.canonical()
        _fill_counts(res, read, canonical)
        if not read.matched:
            res.status, res.message = "unmatched", read.unmatched_reason
            closest = read.closest
            if closest:
                res.closest_profile, res.missing_columns = closest.closest, list(closest.missing)
            _attempt(batch, res, "unmatched", res.message)
            return
        res.logical_key = logical_key(read)
        message = f"canonical rows: {res.tables}"
        if res.sheets_ignored:
            message += "; ignored sheets: " + ", ".join(
                f"{s['sheet']} ({s['reason']})" for s in res.sheets_ignored)
        group = self.index.group(res.source_file, res.profile, res.logical_key)
        loaded = [v for v in group if v.status == "loaded"]
        newer = [v for v in loaded if newer_than(res.source_file, res.modified_at, v) < 0]
        if newer:  # an older version of a loaded file: evidence only, none of its rows load
            self._older_version(batch, res, newer[0], group)
            return
        note_ties(res, loaded)
        old = [v.load_id for v in loaded]
        for load_id in old:
            batch.supersede(load_id, res.load_id)
            self.index.supersede(load_id)
        batch.clear_sources.add(res.source_file)  # earlier failed attempts are now history
        batch.row(res, "loaded", message)
        batch.frames[res.load_id] = (read, canonical)
        current = _version_of(res, "loaded")
        self.index.add(current)
        earlier = [*(v for v in group if v.status != "loaded"), *(_as_superseded(v) for v in loaded)]
        if earlier:  # record the immediate predecessor; warn when it dropped too many rows
            pred = predecessor(current, earlier)
            batch.link(res.load_id, pred.load_id if pred else None)
            if pred is not None:
                res.replaces_load_id, res.rows_before = pred.load_id, pred.data_rows
                warn_dropped(res, current, pred, self.drop_limit)
        res.replaced_load_ids = old
        res.status = "replaced" if old else "new"
        res.message = message

    def _older_version(self, batch: _Batch, res: FileResult, newer: Version,
                       group: list[Version]) -> None:
        """res is an older version of the loaded `newer`: a superseded manifest row, no data rows;
        the newer version's predecessor is re-linked (this version may sit right before it)."""
        res.status, res.superseded_by = "superseded", newer.load_id
        res.message = (
            f"older version of {newer.source_file} (load {newer.load_id}), which stays loaded: "
            f"this file's version ({describe(res.source_file, res.modified_at)}) is older than "
            f"{describe(newer.source_file, newer.modified_at)}; recorded, no rows loaded"
        )
        batch.clear_sources.add(res.source_file)
        batch.row(res, "superseded", res.message)
        mine = _version_of(res, "superseded")
        self.index.add(mine)
        pred = predecessor(newer, [*(v for v in group if v.load_id != newer.load_id), mine])
        batch.link(newer.load_id, pred.load_id if pred else None)
        if pred is not None and pred.load_id == res.load_id:
            warn_dropped(res, newer, pred, self.drop_limit)

    # -- writing --------------------------------------------------------------------------------

    def _apply(self, batch: _Batch) -> None:
        con = self.con
        run_sql(con, "begin transaction")
        try:
            _clear_attempts(con, batch)
            _supersede_earlier(con, batch)
            _insert_manifest(con, batch)
            self._insert_rows(batch)
            run_sql(con, "commit")
        except Exception:
            run_sql(con, "rollback")
            raise

    def _insert_rows(self, batch: _Batch) -> None:
        parts: dict[str, list[pl.DataFrame]] = {}
        for load_id, (read, canonical) in batch.frames.items():
            lid = pl.lit(load_id).alias("load_id")
            for table, df in canonical.items():
                parts.setdefault(table, []).append(df.with_columns(lid))
            extra = [lid, pl.lit(read.source_file).alias("source_file")]
            parts.setdefault("quarantine", []).append(read.quarantine().with_columns(extra))
            parts.setdefault("skipped_rows", []).append(read.skipped().with_columns(extra))
        for table, frames in parts.items():
            df = pl.concat(frames, how="vertical_relaxed")
            if df.height == 0:
                continue
            if table in KEYED_TABLES:
                df = add_k_teacher(df, self.key)
            _insert_frame(self.con, table, df)


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> None:
    ingest_frame_arrow = df.to_arrow()  # noqa: F841 (read by DuckDB's replacement scan below)
    con.execute(f"insert into raw.{table} by name select * from ingest_frame_arrow").fetchall()


def _attempt(batch: _Batch, res: FileResult, status: str, message: str | None) -> None:
    """Manifest row for an unmatched/failed file; a retry of the same content replaces it."""
    batch.clear_attempts.add(f"{res.source_file}\x01{res.content_hash}")
    batch.row(res, status, message)


def _clear_attempts(con: duckdb.DuckDBPyConnection, batch: _Batch) -> None:
    if batch.clear_sources:
        run_sql(con, f"delete from raw.load_manifest where {_ATTEMPT} "
                "and source_file in (select unnest(?::varchar[]))", [sorted(batch.clear_sources)])
    if batch.clear_attempts:
        run_sql(con, f"delete from raw.load_manifest where {_ATTEMPT} and "
                "source_file || chr(1) || content_hash in (select unnest(?::varchar[]))",
                [sorted(batch.clear_attempts)])


def _supersede_earlier(con: duckdb.DuckDBPyConnection, batch: _Batch) -> None:
    """Loads of earlier runs that this batch supersedes or re-links."""
    if batch.superseded:
        old = list(batch.superseded)
        for table in [*MODELS, "quarantine", "skipped_rows"]:
            run_sql(con, f"delete from raw.{table} where load_id in (select unnest(?::varchar[]))",
                    [old])
        run_sql(con,
                "update raw.load_manifest as m set status = 'superseded', superseded_by = s.by_id, "
                "message = coalesce(m.message, '') || ' | superseded by ' || s.by_id "
                "from (select unnest(?::varchar[]) as load_id, unnest(?::varchar[]) as by_id) as s "
                "where m.load_id = s.load_id",
                [old, [batch.superseded[i] for i in old]])
    if batch.replaces:
        ids = list(batch.replaces)
        run_sql(con,
                "update raw.load_manifest as m set replaces_load_id = s.pred "
                "from (select unnest(?::varchar[]) as load_id, unnest(?::varchar[]) as pred) as s "
                "where m.load_id = s.load_id",
                [ids, [batch.replaces[i] for i in ids]])


def _insert_manifest(con: duckdb.DuckDBPyConnection, batch: _Batch) -> None:
    """The batch's manifest rows; loaded_at keeps their order (a microsecond apart)."""
    if not batch.rows:
        return
    manifest_arrow = pl.DataFrame(list(batch.rows.values()), schema=MANIFEST_SCHEMA).to_arrow()  # noqa: F841
    con.execute("insert into raw.load_manifest by name select * exclude (seq), "
                "now()::timestamp + to_microseconds(seq) as loaded_at from manifest_arrow").fetchall()


def _fill_counts(res: FileResult, read: FileRead, canonical: dict[str, pl.DataFrame]) -> None:
    res.profile = read.profile
    res.encoding = read.encoding
    res.rows_read = read.rows_read
    res.rows_loaded = read.rows_loaded
    res.tables = {t: df.height for t, df in canonical.items()}
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


def _as_superseded(v: Version) -> Version:
    return Version(v.load_id, v.source_file, v.profile, v.logical_key, "superseded", v.modified_at,
                   v.data_rows)


def _version_of(res: FileResult, status: str) -> Version:
    return Version(res.load_id or "", res.source_file, res.profile, res.logical_key, status,
                   res.modified_at, res.rows_loaded + res.rows_quarantined)
