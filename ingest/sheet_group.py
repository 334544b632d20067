"""Matched sheets of one profile read together: one stacked frame, one pass of classification,
normalisation, checks and validation, then split back into each sheet's `SheetRead`.

Polars' per-call overhead (~0.1-1 ms) times ~60 calls per sheet was most of a small workbook's
cost; stacking the sheets of a batch that share a profile and the same normaliser stages pays it
once per group. What differs between the sheets of a group is data, not expressions: each
sheet's mapped cells are projected into common columns (`__in_<column>`, `__sin<k>` for sign-in
sessions, `__rc<j>` for the repeated-header test) and its constants (header rows, title
metadata, file name, session dates...) are columns joined on `__sheet`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ingest import normalize as N
from ingest.columns import (
    column_kw,
    column_stages,
    duplicate_headers,
    normalise_distinct,
    normaliser_stages,
    text_and_duplicate_checks,
)
from ingest.grid import Sheet
from ingest.headers import HeaderMatch
from ingest.read_result import QUARANTINE_SCHEMA, ConservationError, SheetRead
from ingest.row_kinds import classify_group, ignored_columns, repeat_columns, sheet_constants
from ingest.sheet_output import quarantine_rows, to_canonical
from ingest.validation import validate

WIDE = 64  # sheets wider than this are stacked only with sheets of their own width
_EMPTY_QUARANTINE = pl.DataFrame(schema=QUARANTINE_SCHEMA)


@dataclass
class MatchedSheet:
    """A sheet whose header matched a profile, with what is per sheet and cheap."""

    sheet: Sheet
    clean: pl.DataFrame
    match: HeaderMatch
    out: SheetRead
    source_file: str
    meta: dict[str, str]
    file_unit: str | None  # money unit the sheet declares (columns.money_unit)
    unit_declared: str | None

    def group_key(self) -> tuple:
        """Sheets with equal keys run the same expressions (the same profile, units, ambiguous
        duplicate columns); width keeps a very wide sheet from padding narrow ones."""
        profile = self.match.profile
        kws = tuple(column_kw(spec, self.match, self.file_unit) for spec in profile.read_columns)
        ambiguous = tuple((k, tuple(v)) for k, v in sorted(duplicate_headers(self.match)[1].items()))
        width = self.clean.width
        return profile.name, kws, ambiguous, width if width > WIDE else 0


def read_group(group: list[MatchedSheet]) -> None:
    """Fill each sheet's SheetRead (canonical, quarantine, skipped, counts)."""
    first = group[0]
    profile, match = first.match.profile, first.match
    nsess = max(len(m.match.sessions) for m in group)
    g, cols = _stack(group, nsess)
    ignored: dict[int, list[int]] = {}
    for i, m in enumerate(group):
        for c in ignored_columns(m.match, m.clean.width):
            ignored.setdefault(c, []).append(i)
    hours_labels = list(profile.sessions.hours_row_labels) if profile.sessions else []
    reasons = classify_group(g, cols, ignored, hours_labels)
    frame = g.with_columns(reasons.alias("__skip"), (pl.col("__idx") + 1).cast(pl.Int32).alias("source_row"))
    skipped = frame.filter(pl.col("__skip").is_not_null()).select(
        "__sheet", pl.col("__sname").alias("source_sheet"), "source_row", pl.col("__skip").alias("reason")
    )
    data = frame.filter(pl.col("__skip").is_null())

    kws = [column_kw(spec, match, first.file_unit) for spec in profile.read_columns]
    inputs, stage_lists, outs, finals = [], [], [], []
    for spec, kw in zip(profile.read_columns, kws, strict=True):
        if spec.metadata:
            src = f"__in_{spec.name}"
            inputs.append(pl.coalesce(pl.col(src), pl.col(f"__meta_{spec.name}")).alias(src))
        stage_lists.append(column_stages(spec, kw))
        outs.append((spec.name, f"__in_{spec.name}", pl.lit(spec.name)))
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
        for k in range(nsess):
            out_name = f"__mark{k}"
            stage_lists.append(normaliser_stages(N.vocab, f"__sin{k}", out_name, None, (), voc=voc))
            outs.append((out_name, f"__sin{k}", pl.col(f"__slbl{k}")))
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
            pl.format("{}: {} ({})", o[2], pl.col(N.err(o[0])), pl.col(o[1]).fill_null("blank"))
        )
        for o in outs
    ]
    value_cols = [o[0] for o in outs]
    extra = []
    if "unit_declared" in [c.name for c in profile.columns]:
        extra.append(pl.col("__unit_declared").alias("unit_declared"))
    any_error = pl.any_horizontal([c.is_not_null() for c in codes]) if codes else pl.lit(False)
    work = work.with_columns(any_error.alias("__any_error"))
    session_meta = [c for k in range(nsess) for c in (f"__sdate{k}", f"__stitle{k}")]
    good = work.filter(~pl.col("__any_error")).select(
        "__sheet", "source_row", *value_cols, *extra, "__file", "__sname", *session_meta
    )
    # Reason codes and details only for the (few) failing rows: list ops are not free.
    bad = work.filter(pl.col("__any_error")).select(
        "__sheet", "source_row",
        pl.concat_list(codes).list.drop_nulls().list.unique().list.sort().list.join(",").alias("__codes"),
        pl.concat_str(details, separator="; ", ignore_nulls=True).alias("__detail"),
    )
    if nsess:
        good = good.join(_session_hours(frame, group, nsess), on="__sheet", how="left", maintain_order="left")
    canonical = to_canonical(good, profile, session_cols)
    sheet_ids = canonical.get_column("__sheet")
    canonical = canonical.drop("__sheet")
    canonical, failed = validate(canonical, profile.target, profile, sheet_ids)
    if failed.height:
        bad = pl.concat([bad, failed.select("__sheet", "source_row", "__codes", "__detail")])
        kept = failed.select("__sheet", "source_row")
        canonical = (
            canonical.with_columns(sheet_ids)
            .join(kept, on=["__sheet", "source_row"], how="anti", maintain_order="left")
        )
    else:
        canonical = canonical.with_columns(sheet_ids)
    _split(group, canonical, bad, skipped)


def _stack(group: list[MatchedSheet], nsess: int) -> tuple[pl.DataFrame, list[str]]:
    """The sheets' grids stacked, with their projected columns and constants."""
    profile = group[0].match.profile
    frames, heights = [], []
    for m in group:
        clean, match = m.clean, m.match
        extra = []
        for spec in profile.read_columns:
            col = match.columns.get(spec.name)
            if col is not None:
                extra.append(clean.get_column(f"c{col}").alias(f"__in_{spec.name}"))
        extra += [clean.get_column(f"c{c}").alias(f"__rc{j}") for j, c in enumerate(repeat_columns(match))]
        extra += [clean.get_column(f"c{s.col}").alias(f"__sin{k}") for k, s in enumerate(match.sessions)]
        frames.append(pl.DataFrame(clean.get_columns() + extra))
        heights.append(clean.height)
    g = pl.concat(frames, how="diagonal") if len(frames) > 1 else frames[0]
    cols = sorted((c for c in g.columns if not c.startswith("__")), key=lambda c: int(c[1:]))
    wanted = (
        [f"__in_{s.name}" for s in profile.read_columns]
        + [f"__rc{j}" for j in range(4)] + [f"__sin{k}" for k in range(nsess)]
    )
    missing = [pl.lit(None, dtype=pl.String).alias(c) for c in wanted if c not in g.columns]
    if missing:
        g = g.with_columns(missing)
    sheet = np.repeat(np.arange(len(group), dtype=np.int32), heights)
    idx = np.concatenate([np.arange(h, dtype=np.int32) for h in heights])
    g = g.hstack([pl.Series("__sheet", sheet), pl.Series("__idx", idx)])
    return g.join(_constants(group, nsess), on="__sheet", how="left", maintain_order="left"), cols


def _constants(group: list[MatchedSheet], nsess: int) -> pl.DataFrame:
    """One row per sheet: what its rows need as columns."""
    profile = group[0].match.profile
    rows: dict[str, list] = {"__sheet": list(range(len(group)))}
    schema: dict[str, pl.DataType] = {"__sheet": pl.Int32}

    def put(name: str, dtype: pl.DataType, value: object) -> None:
        rows.setdefault(name, []).append(value)
        schema[name] = dtype

    for m in group:
        for k, v in sheet_constants(m.match, m.clean.width).items():
            put(k, pl.String if isinstance(v, str) or v is None else pl.Int32, v)
        put("__file", pl.String, m.source_file)
        put("__sname", pl.String, m.sheet.name)
        put("__unit_declared", pl.String, m.unit_declared)
        for spec in profile.read_columns:
            if spec.metadata:
                put(f"__meta_{spec.name}", pl.String, m.meta.get(spec.metadata))
        for k in range(nsess):
            s = m.match.sessions[k] if k < len(m.match.sessions) else None
            put(f"__sdate{k}", pl.Date, s.date if s else None)
            put(f"__stitle{k}", pl.String, s.title if s else None)
            put(f"__slbl{k}", pl.String, s.header.replace("\n", " ") if s else None)
    return pl.DataFrame(rows, schema=schema)


def _session_hours(frame: pl.DataFrame, group: list[MatchedSheet], nsess: int) -> pl.DataFrame:
    """Hours of each session from each sheet's first `学时` row under the header (blank -> None)."""
    sin = [f"__sin{k}" for k in range(nsess)]
    rows = (
        frame.filter(pl.col("__skip") == "hours_row")
        .unique(subset="__sheet", keep="first", maintain_order=True)
        .select("__sheet", *sin)
        .rows()
    )
    cells = [(r[0], k, r[1 + k]) for r in rows for k in range(len(group[r[0]].match.sessions))]
    parsed = N.normalize_series("hours", pl.Series([c[2] for c in cells], dtype=pl.String))[0].to_list() if cells else []
    by_sheet: dict[str, list] = {"__sheet": list(range(len(group)))}
    for k in range(nsess):
        by_sheet[f"__shours{k}"] = [None] * len(group)
    for (sheet, k, _), value in zip(cells, parsed, strict=True):
        by_sheet[f"__shours{k}"][sheet] = value
    schema = {"__sheet": pl.Int32, **{f"__shours{k}": pl.Float64 for k in range(nsess)}}
    return pl.DataFrame(by_sheet, schema=schema)


def _split(group: list[MatchedSheet], canonical: pl.DataFrame, bad: pl.DataFrame, skipped: pl.DataFrame) -> None:
    canon_by = canonical.partition_by("__sheet", as_dict=True, include_key=False, maintain_order=True)
    bad_by = bad.partition_by("__sheet", as_dict=True, include_key=False, maintain_order=True)
    skip_by = skipped.partition_by("__sheet", as_dict=True, include_key=False, maintain_order=True)
    empty_canon = canonical.clear().drop("__sheet")
    empty_skip = skipped.clear().drop("__sheet")
    for i, m in enumerate(group):
        out = m.out
        canon = canon_by.get((i,), empty_canon)
        skip = skip_by.get((i,), empty_skip)
        bad_i = bad_by.get((i,))
        if bad_i is None:
            out.quarantine = _EMPTY_QUARANTINE.clear()  # a new empty frame, 50x cheaper than the schema
        else:
            out.quarantine = quarantine_rows(m.sheet.cells, m.match, bad_i, m.sheet.name)
        out.skipped = skip
        out.canonical = canon
        out.rows_loaded = canon["source_row"].n_unique() if canon.height else 0
        total = out.rows_loaded + out.quarantine.height + skip.height
        if total != out.rows_read:
            raise ConservationError(
                f"{m.source_file} sheet '{m.sheet.name}': read {out.rows_read} rows but loaded "
                f"{out.rows_loaded} + quarantined {out.quarantine.height} + skipped {skip.height}"
            )
