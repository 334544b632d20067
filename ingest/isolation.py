"""Re-read a batch, then its files, alone in a fresh process after the parsing pool broke.

When a worker dies (a native abort, the OOM killer), every future of the pool fails with
BrokenProcessPool, whichever file caused it. Each of those batches is read again in its own
one-worker pool (the innocent batches load at batch speed); a batch that breaks that pool too is
read file by file, each in its own one-worker pool: the files that were innocent load, and the
one that kills its process again fails with a message that says so, instead of taking the run's
other files with it.
"""

from __future__ import annotations

import multiprocessing.context
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ingest.reader import FileRead, relative_source


def read_alone(
    task: Callable[..., FileRead], args: tuple, ctx: multiprocessing.context.BaseContext, root: Path
) -> FileRead:
    """task(*args) in a fresh process; a crash there fails only this file."""
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            return pool.submit(task, *args).result()
    except BrokenProcessPool:
        read = FileRead(source_file=relative_source(Path(args[0]), root), content_hash=args[4])
        read.error = (
            "the parser process crashed on this file (killed or aborted while reading it, "
            "twice); the run's other files were read again and are not affected"
        )
        return read


def read_batch_alone(
    read_batch: Callable[..., list[FileRead]], task: Callable[..., FileRead], batch: Sequence[tuple],
    ctx: multiprocessing.context.BaseContext, root: Path,
) -> list[FileRead]:
    """read_batch(task, batch) in a fresh process; when that process dies too, each file alone."""
    if len(batch) > 1:
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
                return pool.submit(read_batch, task, list(batch)).result()
        except BrokenProcessPool:
            pass
    return [read_alone(task, args, ctx, root) for args in batch]
