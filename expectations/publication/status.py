"""One line on the publication of this build, for the run's summary and the auditors' report."""

from __future__ import annotations

from pathlib import Path

import duckdb

from expectations.publication.log import latest_attempt, latest_dbt_run, previous_published
from expectations.publication.sources import failed_files


def _earlier(con: duckdb.DuckDBPyConnection) -> str:
    before = previous_published(con)
    if before is None:
        return "no version has been published yet"
    return (
        f"the current published version is still the earlier one, {before.build_id} of "
        f"{before.attempted_at:%Y-%m-%d %H:%M} UTC ({before.version_dir})"
    )


def status_line(con: duckdb.DuckDBPyConnection) -> str:
    """published (when, where, rows withheld) or blocked (by what) / not run, with the version
    analysts still see."""
    attempt = latest_attempt(con)
    build = latest_dbt_run(con)
    if attempt is None or (build is not None and attempt.dbt_run_id != build):
        return f"not published: the publication step did not run after this build; {_earlier(con)}"
    if attempt.status == "published":
        line = (
            f"published {attempt.attempted_at:%Y-%m-%d %H:%M} UTC to {attempt.version_dir}: "
            f"{attempt.rows_withheld} rows withheld, {attempt.rows_flagged} flagged "
            "(see manifest.json)"
        )
        if attempt.blocked_marts:
            line += f"; kept earlier copies of {attempt.blocked_marts} (blocked by {attempt.blocked_by})"
        return line
    if attempt.status == "failed":
        return f"FAILED ({attempt.blocked_by}): nothing published; {_earlier(con)}"
    return f"blocked by {attempt.blocked_by}: nothing published; {_earlier(con)}"


def failed_files_line(con: duckdb.DuckDBPyConnection, landing_dir: Path | None = None) -> list[str]:
    """['files FAILED to load: n (a, b, ...)'] when a landing file failed, else []."""
    failed = failed_files(con, landing_dir)
    if not failed:
        return []
    names = ", ".join(f.source_file for f in failed[:5]) + (" ..." if len(failed) > 5 else "")
    return [
        f"files FAILED to load:         {len(failed)} ({names}): they block the marts they feed"
    ]

