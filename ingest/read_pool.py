"""Parse landing files in batches, in this process or in a pool of worker processes.

Files are grouped into batches (consecutive in path order, up to BATCH_FILES files or
BATCH_BYTES bytes) so that a worker returns many small files per round trip and the loader writes
each batch in one transaction. Batches come back in path order (the manifest's order and
messages do not depend on which worker was faster). Batches are submitted ahead of the one the
writer waits for, up to LOOKAHEAD_BATCHES batches or LOOKAHEAD_BYTES of files: while one worker
reads a single-sheet export of a million rows, the other keeps reading the small files after it
(with two batches per worker it ran dry and waited: L's ingest used 79% of one core of two),
and a province's files still stream through instead of piling up in memory. A worker that dies
breaks the batches its pool held: each is read again alone, then file by file if it breaks again
(ingest/isolation.py), and a fresh pool takes the next batches.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ingest.isolation import read_batch_alone
from ingest.profiles import load_profiles
from ingest.reader import FileRead, read_file, read_files, relative_source

# Up to BATCH_FILES files a batch: a batch's sheets are grouped, normalised and validated together
# at a fixed cost per group (~25 ms), so bigger batches cost less per file (M's school workbooks:
# ~15% less CPU at 128 than at 32), and each batch is one transaction. A small load is cut into
# at least BATCHES_PER_WORKER batches per worker so that both workers get some.
BATCH_FILES = 128
BATCH_MIN_FILES = 8
BATCHES_PER_WORKER = 4
BATCH_BYTES = 16 << 20
# Batches submitted ahead of the one being written: at least two per worker, then more while
# their files total under LOOKAHEAD_BYTES (what is read ahead waits in memory for the writer:
# an XLSX's frames take ~10-15x its compressed bytes). 64 MB is ~2,500 school workbooks, more
# than a worker reads while the other reads a million-row export.
LOOKAHEAD_BATCHES = 64
LOOKAHEAD_BYTES = 64 << 20
# Imported once by the forkserver (code only: profiles are data and are read by each worker,
# so an edited profile is picked up by the next run). pandera's polars backends are otherwise
# imported by each worker on its first validation.
_PRELOAD = [
    "ingest.read_pool",
    "pandera.backends.polars.builtin_checks",
    "pandera.backends.polars.container",
    "pandera.backends.polars.components",
]
Task = Callable[..., FileRead]
TaskArgs = tuple  # (path, landing_root, encoding, profiles_dir, content_hash)


def read_task(path: str, landing_root: str, encoding: str | None, profiles_dir: str | None,
              digest: str) -> FileRead:
    """Read one file; a reader bug fails its file, not the run."""
    try:
        return read_file(path, landing_root, load_profiles(profiles_dir), encoding, content_hash=digest)
    except Exception as exc:
        return failed_read(path, landing_root, digest, f"{type(exc).__name__}: {exc}")


def read_tasks(batch: list[TaskArgs]) -> list[FileRead]:
    """read_task over a batch, its sheets read together (ingest.reader.read_files); the batch's
    files share a landing root, encoding and profile folder (one load_paths call)."""
    _, root, encoding, profiles_dir, _ = batch[0]
    return read_files([(a[0], a[4]) for a in batch], root, load_profiles(profiles_dir), encoding)


read_task.batch = read_tasks  # type: ignore[attr-defined]


def failed_read(path: str, landing_root: str, digest: str, error: str) -> FileRead:
    fr = FileRead(source_file=relative_source(Path(path), Path(landing_root)), content_hash=digest)
    fr.error = error
    return fr


def read_batch(task: Task, batch: list[TaskArgs]) -> list[FileRead]:
    together = getattr(task, "batch", None)
    if together is not None and batch:
        return together(batch)
    return [task(*a) for a in batch]


def batch_files(files: int, workers: int) -> int:
    """Files per batch for a load of `files` files on `workers` workers."""
    share = -(-files // max(1, workers * BATCHES_PER_WORKER))  # ceil
    return max(1, min(BATCH_FILES, max(BATCH_MIN_FILES, share)))


def batches(args: list[TaskArgs], sizes: list[int], max_files: int | None = None
            ) -> list[list[TaskArgs]]:
    """Consecutive files, up to max_files (default BATCH_FILES) files or BATCH_BYTES bytes per
    batch."""
    limit = BATCH_FILES if max_files is None else max_files
    out: list[list[TaskArgs]] = []
    current: list[TaskArgs] = []
    size = 0
    for a, n in zip(args, sizes, strict=True):
        if current and (len(current) >= limit or size + n > BATCH_BYTES):
            out.append(current)
            current, size = [], 0
        current.append(a)
        size += n
    if current:
        out.append(current)
    return out


def read_serial(task: Task, todo: list[list[TaskArgs]]) -> Iterator[list[FileRead]]:
    for batch in todo:
        yield read_batch(task, batch)


def pool_context() -> multiprocessing.context.BaseContext:
    """forkserver: one server process imports polars/pandera/ingest once, and each worker is a
    cheap fork of it (plain fork of this process is unsafe: polars' and DuckDB's threads). The
    server starts with one polars thread, so two workers on two cores do not each spin a pool
    of threads over a few hundred rows."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    saved = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"
    try:
        multiprocessing.forkserver.ensure_running()  # no-op when it already runs
    finally:
        if saved is None:
            del os.environ["POLARS_MAX_THREADS"]
        else:
            os.environ["POLARS_MAX_THREADS"] = saved
    return ctx


def read_parallel(task: Task, todo: list[list[TaskArgs]], workers: int, root: Path
                  ) -> Iterator[list[FileRead]]:
    """Batches read by `workers` processes, yielded in order."""
    ctx = pool_context()
    yield from read_ordered(
        task, todo, workers, lambda: ProcessPoolExecutor(max_workers=workers, mp_context=ctx),
        lambda batch: read_batch_alone(read_batch, task, batch, ctx, root),
    )


def batch_bytes(batch: list[TaskArgs]) -> int:
    total = 0
    for args in batch:
        try:
            total += os.path.getsize(args[0])
        except OSError:  # gone since it was hashed: its read fails and says so
            pass
    return total


def read_ordered(task: Task, todo: list[list[TaskArgs]], workers: int,
                 new_pool: Callable[[], Executor],
                 alone: Callable[[list[TaskArgs]], list[FileRead]]
                 ) -> Iterator[list[FileRead]]:
    """Batches read by the pools new_pool() makes, yielded in order, read ahead of the writer
    (LOOKAHEAD_*); when the pool breaks, each batch it held is read alone(batch) and a fresh
    pool takes the next batches."""
    pool = new_pool()
    pending = iter(todo)
    inflight: deque[tuple[list[TaskArgs], int, Future]] = deque()
    ahead_bytes = 0
    following: tuple[list[TaskArgs], int] | None = None

    def peek() -> tuple[list[TaskArgs], int] | None:
        nonlocal following
        if following is None:
            batch = next(pending, None)
            following = None if batch is None else (batch, batch_bytes(batch))
        return following

    def submit_ahead() -> None:
        nonlocal pool, following, ahead_bytes
        while (nxt := peek()) is not None:
            batch, size = nxt
            room = (len(inflight) < 2 * workers
                    or (len(inflight) < LOOKAHEAD_BATCHES and ahead_bytes + size <= LOOKAHEAD_BYTES))
            if not room:
                return
            try:
                fut = pool.submit(read_batch, task, batch)
            except BrokenProcessPool:  # the pool broke on an earlier batch: a fresh one
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                fut = pool.submit(read_batch, task, batch)
            inflight.append((batch, size, fut))
            ahead_bytes += size
            following = None

    try:
        submit_ahead()
        while inflight:
            batch, size, fut = inflight.popleft()
            try:
                reads = fut.result()
            except BrokenProcessPool:  # a worker died: the batch alone, then its files alone
                reads = alone(batch)
            except Exception as exc:
                msg = f"parser process failed: {type(exc).__name__}: {exc}"
                reads = [failed_read(a[0], a[1], a[4], msg) for a in batch]
            ahead_bytes -= size
            submit_ahead()
            yield reads
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
