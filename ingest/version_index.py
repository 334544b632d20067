"""The warehouse's loaded and superseded versions, read once per run and kept in step with it.

Deciding whether a file replaces, or is older than, an earlier version of its logical file
(ingest/replacement.py) needs the file's version group. Asking the manifest for it per file costs
a query per file and a name comparison against every load of the profile (quadratic in files);
here the group is found through three dictionaries instead: by path, by (profile, logical key)
and by (profile, name without its version mark).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import duckdb

from ingest.replacement import Version
from ingest.versions import name_identity


class VersionIndex:
    """Versions by load_id, in load order; `group()` answers what replacement.version_group
    answers from the manifest, for the warehouse plus this run's writes so far."""

    def __init__(self, versions: list[Version]) -> None:
        self._seq: dict[str, int] = {}
        self._versions: dict[str, Version] = {}
        self._by_source: dict[str, list[str]] = defaultdict(list)
        self._by_key: dict[tuple, list[str]] = defaultdict(list)
        self._by_ident: dict[tuple, list[str]] = defaultdict(list)
        for v in versions:
            self.add(v)

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> VersionIndex:
        rows = con.execute(
            "select load_id, source_file, profile, logical_key, status, file_modified_at, "
            "coalesce(rows_loaded, 0) + coalesce(rows_quarantined, 0) from raw.load_manifest "
            "where status in ('loaded', 'superseded') order by loaded_at"
        ).fetchall()
        return cls([Version(*r) for r in rows])

    def add(self, v: Version) -> None:
        self._seq[v.load_id] = len(self._seq)
        self._versions[v.load_id] = v
        self._by_source[v.source_file].append(v.load_id)
        if v.profile is not None:  # SQL `profile = ?` never matches a null profile
            self._by_key[(v.profile, v.logical_key)].append(v.load_id)
            self._by_ident[(v.profile, name_identity(v.source_file))].append(v.load_id)

    def supersede(self, load_id: str) -> None:
        self._versions[load_id] = dataclasses.replace(self._versions[load_id], status="superseded")

    def group(self, source_file: str, profile: str | None, logical_key: str | None) -> list[Version]:
        """Same path, or same profile with the same logical key or the same name modulo version
        marks; in load order."""
        ids = set(self._by_source.get(source_file, ()))
        if profile is not None:
            ids.update(self._by_key.get((profile, logical_key), ()))
            ids.update(self._by_ident.get((profile, name_identity(source_file)), ()))
        return [self._versions[i] for i in sorted(ids, key=self._seq.__getitem__)]

    def copy(self) -> VersionIndex:
        """A snapshot to go back to when a batch is rolled back."""
        other = VersionIndex([])
        other._seq = dict(self._seq)
        other._versions = dict(self._versions)
        for name in ("_by_source", "_by_key", "_by_ident"):
            setattr(other, name, defaultdict(list, {k: list(v) for k, v in getattr(self, name).items()}))
        return other
