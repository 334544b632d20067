"""Open the warehouse for writing, or say in one line which process holds it.

DuckDB lets one process write a database file (or several read it); a second writer gets
"Could not set lock on file ...: Conflicting lock is held in <program> (PID n)". The CLI and the
orchestration turn that into WarehouseLocked, whose message names the process and its command
line (from /proc when readable), instead of a traceback or a wait.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.memory_limit import apply_memory_limit

_PID = re.compile(r"PID (\d+)")
_PROGRAM = re.compile(r"lock is held in (.+?) \(PID")
MAX_COMMAND_CHARS = 400  # a long command line is cut (with "...") to keep one readable line


@dataclass(frozen=True)
class LockHolder:
    pid: int | None
    command: str | None  # the holder's command line, when /proc shows it

    def describe(self) -> str:
        if self.pid is None:
            return "another process"
        return f"process {self.pid}" + (f" ({self.command})" if self.command else "")


class WarehouseLocked(RuntimeError):
    """Another process holds the warehouse file's lock."""

    def __init__(self, warehouse: Path, holder: LockHolder):
        self.warehouse, self.holder = warehouse, holder
        super().__init__(
            f"warehouse {warehouse} is in use by {holder.describe()}: close that session (or wait "
            "for that run to end) and run again"
        )


def is_lock_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def lock_holder(message: str, proc: Path = Path("/proc")) -> LockHolder:
    """The process DuckDB's lock error names, with its command line from /proc/<pid>/cmdline
    (else the program DuckDB printed)."""
    match = _PID.search(message)
    if not match:
        return LockHolder(None, None)
    pid = int(match.group(1))
    try:
        raw = (proc / str(pid) / "cmdline").read_bytes()
        command = raw.replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        command = ""
    if not command:
        program = _PROGRAM.search(message)
        command = program.group(1) if program else ""
    if len(command) > MAX_COMMAND_CHARS:
        command = command[: MAX_COMMAND_CHARS - 3] + "..."
    return LockHolder(pid, command or None)


def connect_for_writing(warehouse: Path | str) -> duckdb.DuckDBPyConnection:
    """duckdb.connect(warehouse) for writing, with the warehouse's memory limit
    (ingest/memory_limit.py); WarehouseLocked naming the holder when another process has it open
    (read-only sessions included)."""
    path = Path(warehouse)
    try:
        return apply_memory_limit(duckdb.connect(str(path)))
    except duckdb.IOException as exc:
        if not is_lock_conflict(exc):
            raise
        raise WarehouseLocked(path, lock_holder(str(exc))) from None


def check_writable(warehouse: Path | str) -> None:
    """Raise WarehouseLocked when the warehouse exists and cannot be opened for writing now."""
    path = Path(warehouse)
    if path.exists():
        connect_for_writing(path).close()
