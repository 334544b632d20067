"""Read one landing file into canonical rows, quarantine rows and skipped rows.

A reader takes a path and returns a `FileRead`; it knows nothing about DuckDB, dbt or Dagster.
Every row of every sheet it reads ends in exactly one of: `canonical[target]` (for a sign-in
matrix, a teacher row becomes one canonical row per session), `quarantine` or `skipped`; the
conservation is checked per sheet and a violation fails the file.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest import normalize as N
from ingest.columns import (
    column_stages,
    duplicate_headers,
    money_unit,
    normalise_distinct,
    normaliser_stages,
    raw_keys,
    text_and_duplicate_checks,
)
from ingest.grid import Sheet, UnreadableFile, read_workbook
from ingest.headers import MAX_HEADER_SCAN, HeaderMatch, NoMatch, detect_header
from ingest.limits import RejectedFile
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
from ingest.row_kinds import classify, sheet_metadata
from ingest.schemas import LINEAGE, polars_schema
from ingest.validation import validate

__all__ = [
    "QUARANTINE_SCHEMA",
    "SKIPPED_SCHEMA",
    "ConservationError",
    "FileRead",
    "SheetRead",
    "file_hash",
    "read_file",
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
    path = Path(path)
    profiles = profiles if profiles is not None else load_profiles()
    source = relative_source(path, Path(landing_root) if landing_root else None)
    result = FileRead(source_file=source, content_hash=content_hash or file_hash(path))
    try:
        wb = read_workbook(path, encoding=encoding)
    except RejectedFile as exc:
        result.error, result.rejected = str(exc), exc.code
        return result
    except UnreadableFile as exc:
        result.error = str(exc)
        return result
    except OSError as exc:
        result.error = f"cannot read {path.name}: {exc}"
        return result
    result.encoding = wb.encoding
    for name, why in wb.ignored_sheets:
        result.sheets.append(SheetRead(sheet=name, ignored=why))
    for sheet in wb.sheets:
        result.sheets.append(read_sheet(sheet, profiles, source, path.stem, result.warnings))
    return result


def _is_blank_sheet(df: pl.DataFrame) -> bool:
    if df.width == 0 or df.height == 0:
        return True
    return df.select(pl.all_horizontal(pl.all().is_null()).all()).item()


def read_sheet(
    sheet: Sheet, profiles: tuple[Profile, ...], source_file: str, stem: str, warnings: list[str]
) -> SheetRead:
    out = SheetRead(sheet=sheet.name)
    cells = sheet.cells
    if _is_blank_sheet(cells):
        out.ignored = "empty sheet"
        return out
    clean = N.clean_frame(cells)
    top = clean.head(MAX_HEADER_SCAN + 1).rows()
    match = detect_header([list(r) for r in top], profiles)
    if sheet.hidden:
        out.ignored = "hidden sheet"
        if isinstance(match, HeaderMatch):
            warnings.append(
                f"hidden sheet '{sheet.name}' looks like {match.profile.name} data "
                f"({cells.height} rows) and was NOT loaded: unhide it to load it"
            )
        return out
    if isinstance(match, NoMatch):
        out.unmatched = match
        return out
    where = f"sheet '{sheet.name}': " if sheet.name else ""
    warnings.extend(where + w for w in duplicate_headers(match)[0])
    return _read_matched(sheet, cells, clean, match, source_file, stem, out)


def _read_matched(sheet, cells, clean, match: HeaderMatch, source_file, stem, out: SheetRead) -> SheetRead:
    profile = match.profile
    target = profile.target
    out.profile, out.target = profile.name, target
    out.key_spec = profile.logical_key
    out.header_row = match.header_rows[0] + 1
    out.rows_read = cells.height
    meta = sheet_metadata(profile, clean, match.header_rows[0], stem)
    out.metadata = meta
    reasons = classify(clean, match)
    rownum = pl.int_range(1, pl.len() + 1, dtype=pl.Int32).alias("source_row")
    frame = clean.with_columns(reasons.alias("__skip"), rownum)
    skipped = frame.filter(pl.col("__skip").is_not_null()).select(
        pl.lit(sheet.name).alias("source_sheet"), "source_row", pl.col("__skip").alias("reason")
    )
    data = frame.filter(pl.col("__skip").is_null())

    file_unit = money_unit(match, meta)
    inputs, stage_lists, outs, finals = [], [], [], []
    for spec in profile.read_columns:
        t, stages = column_stages(spec, match, meta, file_unit)
        inputs.append(t)
        stage_lists.append(stages)
        outs.append((spec.name, f"__in_{spec.name}"))
        if spec.not_null:
            missing = N.MISSING_CODE.get(spec.type, "REQUIRED_MISSING")
            e = pl.col(N.err(spec.name))
            finals.append(
                pl.when(e.is_null() & pl.col(spec.name).is_null()).then(pl.lit(missing))
                .otherwise(e).alias(N.err(spec.name))
            )
    session_cols: list[str] = []
    if profile.sessions is not None:
        voc = profile.sessions.mark_vocab
        for i, sess in enumerate(match.sessions):
            out_name = f"__mark{i}"
            stage_lists.append(normaliser_stages(N.vocab, f"c{sess.col}", out_name, None, (), voc=voc))
            outs.append((out_name, f"c{sess.col}", sess.header.replace("\n", " ")))
            session_cols.append(out_name)
    work = data.with_columns(inputs) if inputs else data
    work = normalise_distinct(work, [(o[1], o[0], st) for o, st in zip(outs, stage_lists, strict=True)])
    if finals:
        work = work.with_columns(finals)
    checks = text_and_duplicate_checks(profile, match, work)
    if checks:
        work = work.with_columns(checks)
    codes = [pl.col(N.err(o[0])) for o in outs]
    details = [
        pl.when(pl.col(N.err(o[0])).is_not_null()).then(
            pl.format("{}: {} ({})", pl.lit(o[2] if len(o) > 2 else o[0]), pl.col(N.err(o[0])),
                      pl.col(o[1]).fill_null("blank"))
        )
        for o in outs
    ]
    value_cols = [o[0] for o in outs]
    extra = []
    if "unit_declared" in [c.name for c in profile.columns]:
        extra.append(pl.lit(file_unit or _default_unit(profile), dtype=pl.String).alias("unit_declared"))
    any_error = pl.any_horizontal([c.is_not_null() for c in codes]) if codes else pl.lit(False)
    work = work.with_columns(any_error.alias("__any_error"))
    good = work.filter(~pl.col("__any_error")).select("source_row", *value_cols, *extra)
    # Reason codes and details only for the (few) failing rows: list ops are not free.
    bad = work.filter(pl.col("__any_error")).select(
        "source_row",
        pl.concat_list(codes).list.drop_nulls().list.unique().list.sort().list.join(",").alias("__codes"),
        pl.concat_str(details, separator="; ", ignore_nulls=True).alias("__detail"),
    )

    hours_by_session = _session_hours(clean, reasons, match)
    canonical = _to_canonical(good, profile, match, session_cols, hours_by_session, source_file, sheet.name)
    canonical, failed = validate(canonical, target, profile)
    if failed.height:
        bad = pl.concat([bad, failed.select("source_row", "__codes", "__detail")])
        canonical = canonical.join(failed.select("source_row"), on="source_row", how="anti")

    if bad.height == 0:
        out.quarantine = pl.DataFrame(schema=QUARANTINE_SCHEMA)
    else:
        out.quarantine = _quarantine_rows(cells, match, bad, rownum, sheet.name, profile, target)
    out.skipped = skipped
    out.canonical = canonical
    out.rows_loaded = canonical["source_row"].n_unique() if canonical.height else 0
    total = out.rows_loaded + out.quarantine.height + skipped.height
    if total != out.rows_read:
        raise ConservationError(
            f"{source_file} sheet '{sheet.name}': read {out.rows_read} rows but loaded "
            f"{out.rows_loaded} + quarantined {out.quarantine.height} + skipped {skipped.height}"
        )
    return out


def _quarantine_rows(cells, match: HeaderMatch, bad: pl.DataFrame, rownum: pl.Expr, sheet_name: str,
                     profile: Profile, target: str) -> pl.DataFrame:
    keys = raw_keys(cells, match)
    raw = (
        cells.with_columns(rownum)
        .join(bad.select("source_row"), on="source_row", how="semi")
        .select(
            "source_row",
            pl.struct([pl.col(f"c{i}").alias(k) for i, k in enumerate(keys)]).struct.json_encode().alias("raw_values"),
        )
    )
    return (
        bad.join(raw, on="source_row", how="left")
        .sort("source_row")
        .select(
            pl.lit(sheet_name).alias("source_sheet"),
            pl.col("source_row").cast(pl.Int32),
            pl.lit(profile.name).alias("profile"),
            pl.lit(target).alias("target_table"),
            pl.col("__codes").alias("reason_codes"),
            pl.col("__detail").alias("reason_detail"),
            "raw_values",
        )
    )


def _default_unit(profile: Profile) -> str:
    units = [c.unit for c in profile.columns if c.type == "money" and c.unit]
    return units[0] if units else "yuan"


def _to_canonical(good, profile: Profile, match: HeaderMatch, session_cols, hours_by_session, source_file, sheet_name):
    schema = polars_schema(profile.target)
    lineage = [pl.lit(source_file).alias("source_file"), pl.lit(sheet_name).alias("source_sheet")]
    if profile.sessions is None:
        return good.select(
            [pl.col(c).cast(dt) if c in good.columns else pl.lit(None, dtype=dt).alias(c)
             for c, dt in schema.items() if c not in LINEAGE]
            + lineage + [pl.col("source_row").cast(pl.Int32)]
        )
    parts = []
    for i, s in enumerate(match.sessions):
        parts.append(
            good.select(
                pl.col("source_row"),
                pl.lit(i, dtype=pl.Int32).alias("__order"),
                pl.lit(s.date).alias("session_date"),
                pl.lit(s.title, dtype=pl.String).alias("session_title"),
                pl.lit(hours_by_session.get(s.col), dtype=pl.Float64).alias("session_hours"),
                pl.col(session_cols[i]).alias("mark"),
                *[pl.col(c) for c in good.columns if c in schema and c not in ("mark", "source_row")],
            )
        )
    long = pl.concat(parts).sort("source_row", "__order") if parts else good.clear()
    return long.select(
        [pl.col(c).cast(dt) if c in long.columns else pl.lit(None, dtype=dt).alias(c)
         for c, dt in schema.items() if c not in LINEAGE]
        + lineage + [pl.col("source_row").cast(pl.Int32)]
    )


def _session_hours(clean: pl.DataFrame, reasons: pl.Series, match: HeaderMatch) -> dict[int, float | None]:
    """Hours of each session from the `学时` row under the header (blank -> None)."""
    if not match.sessions:
        return {}
    rows = clean.filter(reasons == "hours_row")
    if rows.height == 0 or not match.sessions:
        return {}
    cols = [f"c{s.col}" for s in match.sessions]
    cells = rows.head(1).select(cols).transpose(column_names=["t"])
    parsed = N.normalize_series("hours", cells["t"])[0].to_list()
    return {s.col: parsed[i] for i, s in enumerate(match.sessions)}


