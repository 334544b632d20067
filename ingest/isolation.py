"""Re-read a file alone in a fresh process after the parsing pool broke.

When a worker dies (a native abort, the OOM killer), every future of the pool fails with
BrokenProcessPool, whichever file caused it. Each of those files is read again in its own
one-worker pool: the files that were innocent load, and the one that kills its process again
fails with a message that says so, instead of taking the run's other files with it.
"""

from __future__ import annotations

import multiprocessing.context
from collections.abc import Callable
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
