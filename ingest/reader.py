"""Read landing files into canonical rows, quarantine rows and skipped rows.

A reader takes a path (or a batch of them) and returns a `FileRead` per file; it knows nothing
about DuckDB, dbt or Dagster. The matched sheets of a batch are read together (sheet_group.py).
Every row of every sheet it reads ends in exactly one of: `canonical[target]` (for a sign-in
matrix, a teacher row becomes one canonical row per session), `quarantine` or `skipped`; the
conservation is checked per sheet and a violation fails the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.columns import duplicate_headers, money_unit
from ingest.grid import Sheet, UnreadableFile, Workbook, read_workbook
from ingest.headers import MAX_HEADER_SCAN, HeaderMatch, NoMatch, detect_header
from ingest.limits import RejectedFile
from ingest.normalize import clean_grids
from ingest.profiles import Profile, load_profiles
from ingest.read_result import (
    QUARANTINE_SCHEMA,
    SKIPPED_SCHEMA,
    ConservationError,
    FileRead,
    SheetRead,
    file_hash,
    relative_source,
)
from ingest.row_kinds import sheet_metadata
from ingest.sheet_group import MatchedSheet, read_group

__all__ = [
    "QUARANTINE_SCHEMA",
    "SKIPPED_SCHEMA",
    "ConservationError",
    "FileRead",
    "SheetRead",
    "file_hash",
    "read_file",
    "read_files",
    "read_sheet",
    "relative_source",
]


def read_file(
    path: Path | str,
    landing_root: Path | str | None = None,
    profiles: tuple[Profile, ...] | None = None,
    encoding: str | None = None,
    content_hash: str | None = None,
) -> FileRead:
    """One file alone (a reader bug raises here; read_files turns it into the file's error)."""
    return read_files([(path, content_hash)], landing_root, profiles, encoding, isolate=False)[0]


def read_files(
    items: list[tuple[Path | str, str | None]],
    landing_root: Path | str | None = None,
    profiles: tuple[Profile, ...] | None = None,
    encoding: str | None = None,
    isolate: bool = True,
) -> list[FileRead]:
    """Several files read together (the sheets of a profile share one pass: sheet_group.py);
    the same FileReads as reading each file alone. With `isolate`, an unexpected error while
    reading them together re-reads each file alone, so a file that breaks the reader fails only
    itself (its error: the exception's type and message)."""
    profiles = profiles if profiles is not None else load_profiles()
    root = Path(landing_root) if landing_root else None
    opened = [_open(Path(p), root, encoding, digest, isolate) for p, digest in items]
    if not isolate:
        return _read_opened(opened, profiles)
    try:
        return _read_opened(opened, profiles)
    except Exception:
        out = []
        for one in opened:
            try:
                out.extend(_read_opened([one], profiles))
            except Exception as exc:
                fr = FileRead(source_file=one.source, content_hash=one.digest)
                fr.error = f"{type(exc).__name__}: {exc}"
                out.append(fr)
        return out


@dataclass
class _Opened:
    path: Path
    source: str
    digest: str
    wb: Workbook | None = None
    error: str | None = None
    rejected: str | None = None


def _open(path: Path, root: Path | None, encoding: str | None, digest: str | None, isolate: bool) -> _Opened:
    one = _Opened(path, relative_source(path, root), digest or file_hash(path))
    try:
        one.wb = read_workbook(path, encoding=encoding)
    except RejectedFile as exc:
        one.error, one.rejected = str(exc), exc.code
    except UnreadableFile as exc:
        one.error = str(exc)
    except OSError as exc:
        one.error = f"cannot read {path.name}: {exc}"
    except Exception as exc:
        if not isolate:
            raise
        one.error = f"{type(exc).__name__}: {exc}"
    return one


def _read_opened(opened: list[_Opened], profiles: tuple[Profile, ...]) -> list[FileRead]:
    results: list[FileRead] = []
    todo: list[tuple[Sheet, FileRead, str]] = []
    for one in opened:
        result = FileRead(source_file=one.source, content_hash=one.digest)
        results.append(result)
        if one.wb is None:
            result.error, result.rejected = one.error, one.rejected
            continue
        result.encoding = one.wb.encoding
        for name, why in one.wb.ignored_sheets:
            result.sheets.append(SheetRead(sheet=name, ignored=why))
        todo += [(sheet, result, one.path.stem) for sheet in one.wb.sheets]
    cleaned = clean_grids([sheet.cells for sheet, _, _ in todo])
    matched = []
    for (sheet, result, stem), clean in zip(todo, cleaned, strict=True):
        out, m = _prepare(sheet, clean, profiles, result.source_file, stem, result.warnings)
        result.sheets.append(out)
        if m is not None:
            matched.append(m)
    _read_matched(matched)
    return results


def _read_matched(matched: list[MatchedSheet]) -> None:
    groups: dict[tuple, list[MatchedSheet]] = {}
    for m in matched:
        groups.setdefault(m.group_key(), []).append(m)
    for group in groups.values():
        read_group(group)


def read_sheet(
    sheet: Sheet, profiles: tuple[Profile, ...], source_file: str, stem: str, warnings: list[str]
) -> SheetRead:
    """One sheet alone (tests; files go through read_files)."""
    out, m = _prepare(sheet, clean_grids([sheet.cells])[0], profiles, source_file, stem, warnings)
    if m is not None:
        read_group([m])
    return out


def _prepare(sheet: Sheet, clean: pl.DataFrame | None, profiles: tuple[Profile, ...], source_file: str,
             stem: str, warnings: list[str]) -> tuple[SheetRead, MatchedSheet | None]:
    """What is per sheet: header detection on the top rows, title metadata, units. `clean` is
    None for a blank sheet."""
    out = SheetRead(sheet=sheet.name)
    cells = sheet.cells
    if clean is None:
        out.ignored = "empty sheet"
        return out, None
    top = clean.head(MAX_HEADER_SCAN + 1).rows()
    match = detect_header([list(r) for r in top], profiles)
    if sheet.hidden:
        out.ignored = "hidden sheet"
        if isinstance(match, HeaderMatch):
            warnings.append(
                f"hidden sheet '{sheet.name}' looks like {match.profile.name} data "
                f"({cells.height} rows) and was NOT loaded: unhide it to load it"
            )
        return out, None
    if isinstance(match, NoMatch):
        out.unmatched = match
        return out, None
    where = f"sheet '{sheet.name}': " if sheet.name else ""
    warnings.extend(where + w for w in duplicate_headers(match)[0])
    profile = match.profile
    out.profile, out.target = profile.name, profile.target
    out.key_spec = profile.logical_key
    out.header_row = match.header_rows[0] + 1
    out.rows_read = cells.height
    meta = sheet_metadata(profile, clean, match.header_rows[0], stem)
    out.metadata = meta
    file_unit = money_unit(match, meta)
    unit_declared = (file_unit or _default_unit(profile)) if "unit_declared" in [
        c.name for c in profile.columns] else None
    return out, MatchedSheet(sheet, clean, match, out, source_file, meta, file_unit, unit_declared)


def _default_unit(profile: Profile) -> str:
    units = [c.unit for c in profile.columns if c.type == "money" and c.unit]
    return units[0] if units else "yuan"
