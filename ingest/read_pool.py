"""Parse landing files in batches, in this process or in a pool of worker processes.

Files are grouped into batches (consecutive in path order, up to BATCH_FILES files or
BATCH_BYTES bytes) so that a worker returns many small files per round trip and the loader writes
each batch in one transaction. Batches come back in path order; at most two per worker are in
flight, so a province's files stream through instead of piling up in memory. A worker that dies
breaks its batch: each file of it is read again alone (ingest/isolation.py), and a fresh pool
takes the next batches.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ingest.isolation import read_alone
from ingest.profiles import load_profiles
from ingest.reader import FileRead, read_file, read_files, relative_source

BATCH_FILES = 32
BATCH_BYTES = 16 << 20
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


def batches(args: list[TaskArgs], sizes: list[int]) -> list[list[TaskArgs]]:
    """Consecutive files, up to BATCH_FILES files or BATCH_BYTES bytes per batch."""
    out: list[list[TaskArgs]] = []
    current: list[TaskArgs] = []
    size = 0
    for a, n in zip(args, sizes, strict=True):
        if current and (len(current) >= BATCH_FILES or size + n > BATCH_BYTES):
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
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    pending = iter(todo)
    inflight: deque[tuple[list[TaskArgs], Future]] = deque()

    def submit() -> None:
        nonlocal pool
        batch = next(pending, None)
        if batch is None:
            return
        try:
            inflight.append((batch, pool.submit(read_batch, task, batch)))
        except BrokenProcessPool:  # the pool broke on an earlier batch: a fresh one
            pool.shutdown(wait=False, cancel_futures=True)
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
            inflight.append((batch, pool.submit(read_batch, task, batch)))

    try:
        for _ in range(2 * workers):
            submit()
        while inflight:
            batch, fut = inflight.popleft()
            try:
                reads = fut.result()
            except BrokenProcessPool:  # a worker died: each file of the batch alone
                reads = [read_alone(task, a, ctx, root) for a in batch]
            except Exception as exc:
                msg = f"parser process failed: {type(exc).__name__}: {exc}"
                reads = [failed_read(a[0], a[1], a[4], msg) for a in batch]
            submit()
            yield reads
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
