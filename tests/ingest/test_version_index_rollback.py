"""A batch that is rolled back leaves the run's VersionIndex as it was before the batch."""

from __future__ import annotations

from datetime import datetime

from ingest.replacement import Version
from ingest.version_index import VersionIndex


def _v(load_id: str, source: str, key: str | None = "k=1", status: str = "loaded") -> Version:
    return Version(load_id, source, "roster", key, status, datetime(2024, 1, 1), 10)


def _state(index: VersionIndex) -> tuple:
    return (dict(index._seq), dict(index._versions),  # noqa: SLF001
            {n: {k: list(v) for k, v in getattr(index, n).items()}
             for n in ("_by_source", "_by_key", "_by_ident")})


def test_rollback_undoes_adds_and_supersedes_of_the_batch_only():
    index = VersionIndex([_v("a", "2023/花名册.xlsx"), _v("b", "2024/花名册.xlsx", "k=2")])
    before = _state(index)
    group_before = index.group("2023/花名册(更正).xlsx", "roster", "k=1")
    index.begin()
    index.supersede("a")
    index.add(_v("c", "2023/花名册(更正).xlsx"))
    index.add(_v("d", "2025/新.xlsx", "k=9"))
    index.supersede("c")
    assert [v.load_id for v in index.group("2023/花名册(更正).xlsx", "roster", "k=1")] == ["a", "c"]
    index.rollback()
    assert _state(index) == before
    assert index.group("2023/花名册(更正).xlsx", "roster", "k=1") == group_before
    assert index.group("2025/新.xlsx", "roster", "k=9") == []


def test_commit_keeps_the_batch_and_a_later_rollback_undoes_only_what_follows():
    index = VersionIndex([_v("a", "x.xlsx")])
    index.begin()
    index.add(_v("b", "x.xlsx"))
    index.commit()
    kept = _state(index)
    index.begin()
    index.supersede("b")
    index.add(_v("c", "x.xlsx"))
    index.rollback()
    assert _state(index) == kept
    assert [v.status for v in index.group("x.xlsx", "roster", "k=1")] == ["loaded", "loaded"]
