"""The warehouse's loaded and superseded versions, read once per run and kept in step with it.

Deciding whether a file replaces, or is older than, an earlier version of its logical file
(ingest/replacement.py) needs the file's version group. Asking the manifest for it per file costs
a query per file and a name comparison against every load of the profile (quadratic in files);
here the group is found through three dictionaries instead: by path, by (profile, logical key)
and by (profile, name without its version mark). A batch that is rolled back undoes its changes
from a journal (`begin` / `rollback`): a copy of the index per batch grew with the warehouse and
made a province's load quadratic (~14 ms a batch at 50,000 teachers, ~10x that at 400,000).
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
        self._journal: list[tuple[str, Version]] | None = None  # changes since begin()
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
        if self._journal is not None:
            self._journal.append(("add", v))
        self._seq[v.load_id] = len(self._seq)
        self._versions[v.load_id] = v
        for index, key in self._keys(v):
            index[key].append(v.load_id)

    def _keys(self, v: Version) -> list[tuple[dict[tuple | str, list[str]], tuple | str]]:
        keys: list[tuple[dict, tuple | str]] = [(self._by_source, v.source_file)]
        if v.profile is not None:  # SQL `profile = ?` never matches a null profile
            keys.append((self._by_key, (v.profile, v.logical_key)))
            keys.append((self._by_ident, (v.profile, name_identity(v.source_file))))
        return keys

    def supersede(self, load_id: str) -> None:
        before = self._versions[load_id]
        if self._journal is not None:
            self._journal.append(("supersede", before))
        self._versions[load_id] = dataclasses.replace(before, status="superseded")

    def begin(self) -> None:
        """Record the changes from here on, so that rollback() can undo them."""
        self._journal = []

    def commit(self) -> None:
        self._journal = None

    def rollback(self) -> None:
        """Undo every add and supersede since begin(), newest first."""
        for change, v in reversed(self._journal or []):
            if change == "supersede":
                self._versions[v.load_id] = v
                continue
            del self._versions[v.load_id]
            del self._seq[v.load_id]
            for index, key in self._keys(v):
                ids = index[key]
                ids.pop()  # added last: nothing added after it is left (undone newest first)
                if not ids:
                    del index[key]
        self._journal = None

    def group(self, source_file: str, profile: str | None, logical_key: str | None) -> list[Version]:
        """Same path, or same profile with the same logical key or the same name modulo version
        marks; in load order."""
        ids = set(self._by_source.get(source_file, ()))
        if profile is not None:
            ids.update(self._by_key.get((profile, logical_key), ()))
            ids.update(self._by_ident.get((profile, name_identity(source_file)), ()))
        return [self._versions[i] for i in sorted(ids, key=self._seq.__getitem__)]
