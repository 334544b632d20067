"""Open-for-writing check: a run that cannot get DuckDB's write lock says at once who holds it."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

_PID = re.compile(r"PID (\d+)")


class WarehouseLocked(RuntimeError):
    """Another process holds the warehouse file's lock."""


def lock_holder(message: str) -> str:
    """'process 1234 (python -m duckdb ...)' from DuckDB's 'Conflicting lock ... (PID 1234)'."""
    match = _PID.search(message)
    if not match:
        return "another process"
    pid = match.group(1)
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        command = raw.replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        command = ""
    return f"process {pid}" + (f" ({command[:120]})" if command else "")


def check_writable(warehouse: Path) -> None:
    """Raise WarehouseLocked, naming the holder, when the warehouse cannot be opened for writing."""
    if not warehouse.exists():
        return
    try:
        duckdb.connect(str(warehouse)).close()
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise WarehouseLocked(
            f"warehouse {warehouse} is open in {lock_holder(str(exc))}; close it and run again "
            "(analysts read the published copy, never the working warehouse)"
        ) from None
