"""Source completeness: failed files and source kinds gone since the last
publication block the marts they feed.

A file counts as failed while raw.load_manifest has a 'failed' row for it and no 'loaded' row
of the same source_file, and (when the landing folder is given) the file is still there: fixing
or removing the file lifts the block. A failed file whose profile is unknown (an unreadable
file is failed before it is matched) is taken to feed every mart.
A source kind (raw table) is missing when the current published version recorded rows in it and
the working warehouse now has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.profiles import load_profiles

EVERY_MART = "*"


@dataclass(frozen=True)
class FailedFile:
    source_file: str
    profile: str | None
    message: str

    @property
    def raw_table(self) -> str:
        """The raw table the file feeds, or EVERY_MART when its profile is unknown."""
        targets = {p.name: p.target for p in load_profiles()}
        return targets.get(self.profile or "", EVERY_MART)


def failed_files(
    con: duckdb.DuckDBPyConnection, landing_dir: Path | None = None
) -> list[FailedFile]:
    try:
        rows = con.execute(
            "select source_file, any_value(profile), any_value(message) from raw.load_manifest as m "
            "where status = 'failed' and not exists (select 1 from raw.load_manifest as l "
            "where l.source_file = m.source_file and l.status = 'loaded') "
            "group by source_file order by source_file"
        ).fetchall()
    except duckdb.CatalogException:
        return []
    files = [FailedFile(f, p, m or "") for f, p, m in rows]
    if landing_dir is not None:
        files = [f for f in files if (Path(landing_dir) / f.source_file).exists()]
    return files


def raw_row_counts(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, int]:
    """Rows per raw table (0 when the table does not exist)."""
    counts: dict[str, int] = {}
    for table in tables:
        try:
            counts[table] = int(con.execute(f'select count(*) from raw."{table}"').fetchone()[0])
        except duckdb.CatalogException:
            counts[table] = 0
    return counts


def missing_sources(now: dict[str, int], published: dict[str, int]) -> list[str]:
    """Raw tables that had rows at the last publication and have none now."""
    return sorted(t for t, n in published.items() if n > 0 and now.get(t, 0) == 0)


def blocked_marts(
    raw_inputs: dict[str, frozenset[str]], failed: list[FailedFile], missing: list[str]
) -> dict[str, list[str]]:
    """{mart: reasons} for every mart fed by a failed file or a missing source kind."""
    blocked: dict[str, list[str]] = {}
    for mart, inputs in raw_inputs.items():
        reasons = [
            f"failed file {f.source_file}"
            for f in failed
            if f.raw_table == EVERY_MART or f.raw_table in inputs
        ]
        reasons += [
            f"source raw.{t} missing (had rows at the last publication)"
            for t in missing
            if t in inputs
        ]
        if reasons:
            blocked[mart] = reasons
    return blocked
