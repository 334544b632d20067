"""The logical file a read belongs to: which earlier loads a new file may replace.

Two files are versions of one logical file when they come from the same source profile and
- their profile's key agrees (e.g. 国培 list: the project code; roster: the school codes;
  sign-in sheet: school and year) and they name the same class/batch (一班/二班, 第1期, 批次2),
  or
- their names in one folder are equal once version marks ((修订), -更正, _v2, 20230915...) are
  removed (ingest.versions).
Everything else loads side by side. ingest/README.md documents the rules.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ingest.reader import FileRead
from ingest.versions import batch_mark, name_identity


def file_batch(read: FileRead) -> str | None:
    """The class/batch of a file, from its name or (profile metadata `batch`) its title rows."""
    stem = PurePosixPath(read.source_file).stem
    marks = {batch_mark(stem)} | {batch_mark(s.metadata.get("batch") or "") for s in read.matched}
    marks.discard(None)
    return "+".join(sorted(marks)) if marks else None  # type: ignore[arg-type]


def logical_key(read: FileRead) -> str:
    """`project_code=GP1;batch=班2`, `school_code=3101|3102`, or `file=<folder>/<name without
    version mark>` when the profile keys on the file (or its key columns are empty)."""
    folder, base = name_identity(read.source_file)
    fallback = f"file={folder}/{base}" if folder not in ("", ".") else f"file={base}"
    parts = read.key_parts()
    if parts is None:
        return fallback
    batch = file_batch(read)
    if batch:
        parts.append(f"batch={batch}")
    return ";".join(parts)
