"""What a load returns: one FileResult per file found, and the run's LoadReport."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass
class FileResult:
    source_file: str
    status: str  # new | unchanged | replaced | superseded (an older version) | unmatched | failed
    profile: str | None = None
    load_id: str | None = None
    content_hash: str | None = None
    logical_key: str | None = None
    encoding: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0  # source rows that became canonical rows
    canonical_rows: int = 0  # rows inserted into canonical tables (a sign-in row -> N sessions)
    rows_quarantined: int = 0
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    rows_skipped: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    message: str | None = None
    closest_profile: str | None = None
    missing_columns: list[str] = field(default_factory=list)
    replaced_load_ids: list[str] = field(default_factory=list)
    modified_at: datetime | None = None  # the file's modification time (UTC), for version order
    superseded_by: str | None = None  # status superseded: the load of the newer version
    replaces_load_id: str | None = None  # the immediate predecessor version, if any
    rows_before: int | None = None  # that predecessor's data rows (loaded + quarantined)
    sheets_ignored: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected: str | None = None  # refused on purpose: over a limit or encrypted (limits.py code)

    @property
    def conserved(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined + self.rows_skipped

    def to_dict(self) -> dict:
        d = asdict(self)
        d["modified_at"] = self.modified_at.isoformat() if self.modified_at else None
        if self.status in ("new", "replaced", "superseded"):
            d["conserved"] = self.conserved
        if self.rejected:  # its rows were refused as a whole: neither conserved nor violated
            d["conservation"] = f"rejected ({self.rejected})"
        return d


@dataclass
class LoadReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def unmatched(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "unmatched"]

    def by_status(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.status] = out.get(f.status, 0) + 1
        return out

    def to_dict(self) -> dict:
        counted = [f for f in self.files if f.status != "superseded"]  # older versions load nothing
        return {
            "files": [f.to_dict() for f in self.files],
            "summary": {
                "files": len(self.files),
                "by_status": self.by_status(),
                "rows_read": sum(f.rows_read for f in counted),
                "rows_loaded": sum(f.rows_loaded for f in counted),
                "canonical_rows": sum(f.canonical_rows for f in counted),
                "rows_quarantined": sum(f.rows_quarantined for f in counted),
                "rows_skipped": sum(f.rows_skipped for f in counted),
            },
        }
