"""What reading one landing file returns: per-sheet results and the file's totals.

Every row of every sheet read ends in exactly one of `canonical[target]`, `quarantine` or
`skipped`; `ConservationError` is raised when a sheet's rows do not add up.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ingest.headers import NoMatch

QUARANTINE_SCHEMA = {
    "source_sheet": pl.String, "source_row": pl.Int32, "profile": pl.String,
    "target_table": pl.String, "reason_codes": pl.String, "reason_detail": pl.String,
    "raw_values": pl.String,
}
SKIPPED_SCHEMA = {"source_sheet": pl.String, "source_row": pl.Int32, "reason": pl.String}


class ConservationError(AssertionError):
    """A sheet's rows did not add up: read != loaded + quarantined + skipped."""


@dataclass
class SheetRead:
    sheet: str
    profile: str | None = None
    target: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0  # source rows that became canonical rows
    canonical: pl.DataFrame | None = None
    quarantine: pl.DataFrame | None = None
    skipped: pl.DataFrame | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    header_row: int | None = None  # 1-based
    unmatched: NoMatch | None = None
    ignored: str | None = None  # why the sheet was not read
    key_spec: tuple[str, ...] = ("file",)


@dataclass
class FileRead:
    source_file: str
    content_hash: str
    sheets: list[SheetRead] = field(default_factory=list)
    error: str | None = None
    rejected: str | None = None  # reason code when refused on purpose (limits.RejectedFile)
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def matched(self) -> list[SheetRead]:
        return [s for s in self.sheets if s.profile is not None]

    @property
    def profile(self) -> str | None:
        names = sorted({s.profile for s in self.matched if s.profile})
        return ",".join(names) if names else None

    @property
    def unmatched_reason(self) -> str | None:
        if self.error or self.matched:
            return None
        msgs = [f"sheet '{s.sheet}': {s.unmatched.message}" if s.sheet else s.unmatched.message
                for s in self.sheets if s.unmatched]
        ignored = [f"sheet '{s.sheet}' ignored: {s.ignored}" for s in self.sheets if s.ignored]
        return "; ".join(msgs + ignored) or "no readable sheet"

    @property
    def closest(self) -> NoMatch | None:
        cands = [s.unmatched for s in self.sheets if s.unmatched and s.unmatched.closest]
        return max(cands, key=lambda m: len(m.matched) - len(m.missing), default=None)

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.matched)

    @property
    def rows_loaded(self) -> int:
        return sum(s.rows_loaded for s in self.matched)

    def canonical(self) -> dict[str, pl.DataFrame]:
        out: dict[str, list[pl.DataFrame]] = {}
        for s in self.matched:
            if s.canonical is not None:
                out.setdefault(s.target or "", []).append(s.canonical)
        return {t: pl.concat(frames) for t, frames in out.items()}

    def quarantine(self) -> pl.DataFrame:
        frames = [s.quarantine for s in self.matched if s.quarantine is not None]
        return pl.concat(frames) if frames else pl.DataFrame(schema=QUARANTINE_SCHEMA)

    def skipped(self) -> pl.DataFrame:
        frames = [s.skipped for s in self.matched if s.skipped is not None]
        return pl.concat(frames) if frames else pl.DataFrame(schema=SKIPPED_SCHEMA)

    def quarantined_by_reason(self) -> dict[str, int]:
        q = self.quarantine()
        if q.height == 0:
            return {}
        counts = q.select(pl.col("reason_codes").str.split(",").explode()).to_series().value_counts()
        return dict(sorted(zip(counts[:, 0].to_list(), counts[:, 1].to_list(), strict=True)))

    def skipped_by_reason(self) -> dict[str, int]:
        s = self.skipped()
        if s.height == 0:
            return {}
        counts = s["reason"].value_counts()
        return dict(sorted(zip(counts[:, 0].to_list(), counts[:, 1].to_list(), strict=True)))

    def key_parts(self) -> list[str] | None:
        """`name=value|value` for each item of the profile's logical key (ingest.logical_files);
        None when the file is its own key: a `file` item, several profiles, an empty key column."""
        matched = self.matched
        specs = {s.key_spec for s in matched}
        if len(specs) != 1 or len({s.profile for s in matched}) != 1:
            return None
        parts = []
        for item in next(iter(specs)) or ("file",):
            if item == "file":
                return None
            kind, _, name = item.partition(":")
            if kind == "meta":
                values = sorted({s.metadata.get(name) for s in matched} - {None})
            else:
                values = sorted(
                    set().union(*[
                        set(s.canonical[name].drop_nulls().unique().to_list())
                        for s in matched if s.canonical is not None and name in s.canonical.columns
                    ])
                )
            if not values:
                return None
            parts.append(f"{name}={'|'.join(str(v) for v in values)}")
        return parts

    def logical_key(self) -> str:
        """The profile's key of this file alone (the loader adds the batch and version marks)."""
        parts = self.key_parts()
        return ";".join(parts) if parts is not None else f"file={self.source_file}"


def relative_source(path: Path, landing_root: Path | None) -> str:
    path = Path(path).resolve()
    if landing_root is not None:
        try:
            return path.relative_to(Path(landing_root).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def file_hash(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


