"""The one log file an operator reads for failed runs and runs whose ERROR checks failed.

Default: TT_REPORTS_DIR/logs/pipeline_failures.log; TT_FAILURE_LOG overrides it. One line per
event, UTC time first, tab-free, so `tail -f` and grep work; nothing leaves the machine.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from orchestration.settings import Locations


def failure_log_path(locations: Locations | None = None) -> Path:
    override = os.environ.get("TT_FAILURE_LOG")
    if override:
        return Path(override).resolve()
    return (locations or Locations.from_env()).reports_dir / "logs" / "pipeline_failures.log"


def failure_line(kind: str, run_id: str, job: str, detail: str, at: datetime | None = None) -> str:
    when = (at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    flat = " ".join(detail.split())  # one line, whatever the error text looked like
    return f"{when} {kind} run={run_id} job={job} {flat}"


def append_failure(line: str, locations: Locations | None = None) -> Path:
    path = failure_log_path(locations)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return path
