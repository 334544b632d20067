"""What the landing sensor sees: which files are new or changed and settled, with a JSON cursor.

A file is requested once it is settled: its size and mtime are the same as at the previous tick
(or it was last modified more than `settle_seconds` ago). Temp and lock names (Office's ~$x.xlsx,
.~lock.x#, .part, .tmp, .crdownload, hidden files) are never read. Files are never moved.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

TEMP_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".filepart")
Signature = tuple[int, int]  # (size in bytes, mtime in ns)


def is_temporary(path: Path) -> bool:
    """Office lock files, download and copy temporaries, hidden files: not exports (yet)."""
    name = path.name
    return (
        name.startswith(("~$", ".~lock", "."))
        or name.lower().endswith(TEMP_SUFFIXES)
        or name.endswith("#")
    )


def scan(landing_dir: Path) -> dict[str, Signature]:
    """Every candidate export under the folder (sub-folders too), by path relative to it."""
    found: dict[str, Signature] = {}
    if not landing_dir.is_dir():
        return found
    for path in sorted(landing_dir.rglob("*")):
        rel = path.relative_to(landing_dir)
        if any(is_temporary(Path(part)) for part in rel.parts) or not path.is_file():
            continue
        stat = path.stat()
        found[rel.as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


def unreadable_reason(path: Path) -> str | None:
    """Why the file cannot be opened for reading (locked, no permission, empty), or None."""
    try:
        with path.open("rb") as handle:
            if not handle.read(1):
                return "empty file (0 bytes): still being copied, or a failed export"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    return None


@dataclass
class Tick:
    """One evaluation: files to load now, files still being written, files that cannot be read."""

    ready: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)
    cursor: str = ""

    def run_key(self) -> str:
        """Same files in the same state -> same key, so Dagster never starts the run twice."""
        return hashlib.sha256(self.cursor.encode()).hexdigest()[:16] if self.ready else ""


def evaluate(
    landing_dir: Path, cursor: str | None, settle_seconds: float = 60.0, now: float | None = None
) -> Tick:
    """Compare the folder with the cursor ({"seen": {...}, "pending": {...}}) of the last tick."""
    state = json.loads(cursor) if cursor else {}
    seen = {k: tuple(v) for k, v in state.get("seen", {}).items()}
    pending = {k: tuple(v) for k, v in state.get("pending", {}).items()}
    now = time.time() if now is None else now
    tick = Tick()
    new_pending: dict[str, Signature] = {}
    for rel, sig in scan(landing_dir).items():
        if seen.get(rel) == sig:
            continue  # loaded before, unchanged
        settled = pending.get(rel) == sig or now - sig[1] / 1e9 >= settle_seconds
        if not settled:
            new_pending[rel] = sig
            tick.waiting.append(rel)
            continue
        reason = unreadable_reason(landing_dir / rel)
        if reason:
            new_pending[rel] = sig  # tried again next tick; reported each time it changes
            tick.unreadable[rel] = reason
            continue
        seen[rel] = sig
        tick.ready.append(rel)
    present = scan(landing_dir)
    seen = {k: v for k, v in seen.items() if k in present}  # a removed file is new if it returns
    tick.cursor = json.dumps({"seen": seen, "pending": new_pending}, sort_keys=True)
    return tick
