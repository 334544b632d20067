"""Replacement between versions of one logical file, in raw.load_manifest.

A file that arrives while another version of its logical file (ingest.logical_files) is loaded
either replaces it (it is the newer version) or is recorded as an older version, superseded at
once, with none of its rows loaded. Newer is decided by ingest.versions (marks, then modification
time), never by arrival or name order, so loading a folder in one run gives the same raw tables as
loading its versions one by one in time order. Every replacement is linked in the manifest:
the superseded row's `superseded_by` and the current row's `replaces_load_id` (its immediate
predecessor), with both rows' counts kept, so the rows a replacement dropped stay visible
(dbt rule REPLACEMENT_DROPPED_ROWS).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

import duckdb

from ingest.versions import compare_versions, file_version, name_identity

DEFAULT_MAX_ROW_DROP_SHARE = 0.2


@dataclass(frozen=True)
class Version:
    load_id: str
    source_file: str
    profile: str | None
    logical_key: str | None
    status: str  # loaded | superseded
    modified_at: datetime | None
    data_rows: int  # rows loaded + quarantined (the version's data rows)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[tuple]:
    return con.execute(sql, params).fetchall()


def version_group(
    con: duckdb.DuckDBPyConnection, source_file: str, profile: str | None, logical_key: str | None
) -> list[Version]:
    """Loaded and superseded manifest rows of the logical file: the same path, or the same
    profile with the same logical key or the same name modulo version marks (same folder)."""
    rows = _rows(
        con,
        "select load_id, source_file, profile, logical_key, status, file_modified_at, "
        "coalesce(rows_loaded, 0) + coalesce(rows_quarantined, 0) from raw.load_manifest "
        "where status in ('loaded', 'superseded') and (profile = ? or source_file = ?) "
        "order by loaded_at",
        [profile, source_file],
    )
    ident = name_identity(source_file)
    return [
        v for v in (Version(*r) for r in rows)
        if v.source_file == source_file
        or (v.profile == profile and (v.logical_key == logical_key or name_identity(v.source_file) == ident))
    ]


def newer_than(a_file: str, a_mtime: datetime | None, b: Version) -> int:
    """> 0 when the file a is a newer version than b (a later content at b's own path is)."""
    if a_file == b.source_file:
        return 1
    return compare_versions(file_version(a_file), a_mtime, file_version(b.source_file), b.modified_at)


def _cmp(a: Version, b: Version) -> int:
    return newer_than(a.source_file, a.modified_at, b)


def predecessor(current: Version, group: list[Version]) -> Version | None:
    """The newest superseded version older than `current` (its immediate predecessor)."""
    older = [v for v in group if v.load_id != current.load_id and v.status == "superseded"
             and _cmp(current, v) >= 0]
    return max(older, key=functools.cmp_to_key(_cmp)) if older else None


def link_predecessor(con: duckdb.DuckDBPyConnection, current: Version, group: list[Version]) -> Version | None:
    """Record `current`'s immediate predecessor in the manifest (replaces_load_id)."""
    pred = predecessor(current, group)
    con.execute(
        "update raw.load_manifest set replaces_load_id = ? where load_id = ?",
        [pred.load_id if pred else None, current.load_id],
    ).fetchall()
    return pred


def drop_share(before: int, after: int) -> float:
    """Share of the predecessor's data rows the replacement no longer has (0 when it grew)."""
    return max(before - after, 0) / before if before > 0 else 0.0


def max_row_drop_share() -> float:
    """Policy ingest.replacement_max_row_drop_share (default 0.2), read leniently: the loader
    only warns with it; the auditors' finding is the dbt rule's, which reads the same key."""
    try:
        from ingest.policy import load_policy

        section = load_policy().get("ingest") or {}
        value = section.get("replacement_max_row_drop_share")
        return float(value) if value is not None else DEFAULT_MAX_ROW_DROP_SHARE
    except Exception:  # a broken policy is reported by the run's own policy check
        return DEFAULT_MAX_ROW_DROP_SHARE
