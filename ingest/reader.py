"""Read one landing file into canonical rows, quarantine rows and skipped rows.

A reader takes a path and returns a `FileRead`; it knows nothing about DuckDB, dbt or Dagster.
Every row of every sheet it reads ends in exactly one of: `canonical[target]` (for a sign-in
matrix, a teacher row becomes one canonical row per session), `quarantine` or `skipped`; the
conservation is checked per sheet and a violation fails the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pandera.polars as pa
import polars as pl

from ingest import normalize as N
from ingest.grid import Sheet, UnreadableFile, read_workbook
from ingest.headers import MAX_HEADER_SCAN, HeaderMatch, NoMatch, detect_header
from ingest.limits import RejectedFile
from ingest.profiles import ColumnSpec, Profile, load_profiles
from ingest.schemas import LINEAGE, MODELS, polars_schema
from ingest.text import implausible_text_expr

QUARANTINE_SCHEMA = {
    "source_sheet": pl.String, "source_row": pl.Int32, "profile": pl.String,
    "target_table": pl.String, "reason_codes": pl.String, "reason_detail": pl.String,
    "raw_values": pl.String,
}
SKIPPED_SCHEMA = {"source_sheet": pl.String, "source_row": pl.Int32, "reason": pl.String}

_EXPORT_TIME = r"(导出|打印|生成|统计|制表|填报|报送|下载)(时间|日期)|截至|截止|导出人"
_TOTAL = r"^(合计|总计|总合计|全.{1,8}合计|共计)"
_SUBTOTAL = r"小计"
_NOTE = r"^(注|说明|备注|填表说明|数据来源|制表人|填表人|审核人|负责人|单位负责人|联系人|附注)"


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

    def logical_key(self) -> str:
        """The key under which a corrected version of this file replaces the earlier one."""
        matched = self.matched
        fallback = f"file={self.source_file}"
        specs = {s.key_spec for s in matched}
        if len(specs) != 1 or len({s.profile for s in matched}) != 1:
            return fallback
        spec = next(iter(specs))
        parts = []
        for item in spec or ("file",):
            if item == "file":
                return fallback
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
                return fallback
            parts.append(f"{name}={'|'.join(str(v) for v in values)}")
        return ";".join(parts)


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


def duplicate_headers(match: HeaderMatch) -> tuple[list[str], dict[str, list[int]]]:
    """Warnings for header names that occur twice, and the ambiguous ones.

    Several columns mapping to one canonical column: when exactly one of them carries the
    profile's most preferred synonym among them, it wins (unambiguous; the warning says which).
    When the best ones carry equally preferred names (the same header text twice, or two
    synonyms of equal rank), nothing is decided: the returned {canonical: [grid columns]} makes
    the reader load a row only where those columns agree and quarantine it
    (DUPLICATE_COLUMN_CONFLICT) where they differ. Unmapped header texts seen twice only warn."""
    profile = match.profile
    by_canon: dict[str, list[int]] = {}
    unmapped: dict[str, list[int]] = {}
    for col in sorted(match.headers):
        t = match.headers[col]
        canon = profile.synonym_index.get(t.name)
        if canon is not None:
            by_canon.setdefault(canon, []).append(col)
        elif t.name and col not in match.ignored_cols and t.name not in profile.ignore:
            unmapped.setdefault(t.name, []).append(col)
    warnings: list[str] = []
    ambiguous: dict[str, list[int]] = {}

    def label(c: int) -> str:
        return f"{_excel_col(c)} '{match.headers[c].raw}'"

    for canon, cols in by_canon.items():
        if len(cols) < 2 or canon not in match.columns:
            continue
        synonyms = profile.column(canon).synonyms
        rank = {c: synonyms.index(match.headers[c].name) for c in cols}
        best = min(rank.values())
        tied = [c for c in cols if rank[c] == best]
        names = ", ".join(label(c) for c in cols)
        if len(tied) == 1:
            warnings.append(
                f"duplicate header: columns {names} all map to '{canon}'; {label(tied[0])} is "
                "loaded (its header is the profile's preferred name), the others are ignored"
            )
        else:
            ambiguous[canon] = tied
            warnings.append(
                f"duplicate header: columns {', '.join(label(c) for c in tied)} both map to "
                f"'{canon}' with equal standing; rows where they agree are loaded, rows where "
                "they differ are quarantined (DUPLICATE_COLUMN_CONFLICT)"
            )
    for name, cols in unmapped.items():
        if len(cols) > 1:
            warnings.append(
                f"duplicate header: '{name}' appears in columns "
                f"{', '.join(_excel_col(c) for c in cols)} (not a column of {profile.name}: not loaded)"
            )
    return warnings, ambiguous


# ---------------------------------------------------------------------------------------------


def _metadata(profile: Profile, clean: pl.DataFrame, header_row: int, stem: str) -> dict[str, str]:
    title_rows = clean.head(header_row).rows()
    seen: list[str] = []
    for row in title_rows:
        for v in row:
            if v and v not in seen:
                seen.append(v)
    title = "\n".join(seen)
    meta: dict[str, str] = {}
    for spec in profile.metadata:
        for src in spec.sources:
            text = title if src == "title" else stem
            for line in text.splitlines() or [""]:
                m = spec.regex.search(line)
                if m:
                    meta[spec.name] = m.group(1).strip()
                    break
            if spec.name in meta:
                break
    return meta


def _classify(clean: pl.DataFrame, match: HeaderMatch) -> pl.Series:
    """Why each row is skipped (null = a data row). Staged: helper columns first, then rules."""
    cols = clean.columns
    ignored = {f"c{i}" for i in match.ignored_cols}
    data_cols = [c for c in cols if c not in ignored] or cols
    header_start, header_end = match.header_rows[0], match.header_rows[-1]
    # `first` is computed once and then referenced: inlining coalesce(all columns) into each
    # column's comparison made this quadratic in the sheet's width (2,000 columns: 7 GB).
    first = clean.select(pl.coalesce([pl.col(c) for c in cols]).alias("__first"))["__first"]
    with_first = clean.with_columns(first)
    f = pl.col("__first")
    base = with_first.select(
        pl.int_range(pl.len(), dtype=pl.Int32).alias("idx"),
        pl.sum_horizontal([pl.col(c).is_not_null() for c in cols]).alias("nonblank"),
        # Cells outside 序号-like columns: a pre-numbered template row with nothing else is blank.
        pl.sum_horizontal([pl.col(c).is_not_null() for c in data_cols]).alias("nonblank_data"),
        f.alias("first"),
        pl.all_horizontal([pl.col(c).is_null() | (pl.col(c) == f) for c in cols]).alias("all_same"),
        _repeated_candidate_expr(match).alias("maybe_header"),
    )
    # Only rows that could be anything but data get the regex rules (a cheap prefilter).
    cand = (
        (pl.col("idx") <= header_end) | (pl.col("nonblank") <= 2) | (pl.col("nonblank_data") == 0)
        | pl.col("all_same") | pl.col("maybe_header")
        | pl.col("first").str.slice(0, 1).is_in(_LABEL_FIRST_CHARS)
        | pl.col("first").str.contains("小计", literal=True)
    )
    sub = base.filter(cand.fill_null(True))
    helpers = sub.with_columns(
        pl.col("first").str.replace_all(r"\s", "").alias("first_sq"),
        pl.lit(False).alias("repeated"),
    )
    if match.columns:
        rep = clean.with_row_index("idx").filter(pl.col("idx").is_in(sub.filter("maybe_header")["idx"].cast(pl.UInt32)))
        rep_idx = rep.filter(_repeated_header_expr(match))["idx"].cast(pl.Int32)
        helpers = helpers.with_columns(pl.col("idx").is_in(rep_idx).alias("repeated"))
    hours_labels = list(match.profile.sessions.hours_row_labels) if match.profile.sessions else []
    idx, nonblank, first_sq = pl.col("idx"), pl.col("nonblank"), pl.col("first_sq")
    short = pl.col("all_same") | (nonblank <= 2)
    helpers = helpers.with_columns(
        first_sq.str.contains(_TOTAL).fill_null(False).alias("is_total"),
        first_sq.str.contains(_SUBTOTAL).fill_null(False).alias("is_subtotal"),
        first_sq.str.contains(_NOTE).fill_null(False).alias("is_note"),
        first_sq.str.contains(_EXPORT_TIME).fill_null(False).alias("is_export"),
        first_sq.is_in(hours_labels).fill_null(False).alias("is_hours") if hours_labels else pl.lit(False).alias("is_hours"),
    ).with_columns(
        # Lines under the table (after its 合计 row) with one or two texts are notes too.
        ((pl.col("is_total") & (idx > header_end)).cast(pl.Int32).cum_sum().shift(1).fill_null(0) > 0)
        .alias("after_total")
    )
    reason = (
        pl.when(idx < header_start)
        .then(
            pl.when(nonblank == 0).then(pl.lit("blank"))
            .when(pl.col("is_export")).then(pl.lit("export_time"))
            .otherwise(pl.lit("title"))
        )
        .when(idx <= header_end).then(pl.lit("header"))
        .when(nonblank == 0).then(pl.lit("blank"))
        .when(pl.col("is_hours")).then(pl.lit("hours_row"))
        .when(pl.col("is_total")).then(pl.lit("total"))
        .when(pl.col("is_subtotal")).then(pl.lit("subtotal"))
        .when(pl.col("is_note") & short).then(pl.lit("note"))
        .when(pl.col("after_total") & short).then(pl.lit("note"))
        .when(pl.col("repeated")).then(pl.lit("header"))
        .when(pl.col("nonblank_data") == 0).then(pl.lit("blank"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    reasons = helpers.select("idx", reason.alias("reason"))
    return (
        base.select("idx")
        .join(reasons, on="idx", how="left", maintain_order="left")["reason"]
    )


_LABEL_FIRST_CHARS = list("合总全共小注说备填数制审负单联附学课")


def _repeated_candidate_expr(match: HeaderMatch) -> pl.Expr:
    """Cheap test for a repeated header row: the first mapped cell contains its header name."""
    for col in list(match.columns.values())[:1]:
        return pl.col(f"c{col}").str.contains(match.headers[col].name, literal=True).fill_null(False)
    return pl.lit(False)


def _repeated_header_expr(match: HeaderMatch) -> pl.Expr:
    """A repeated header row (page breaks in some exports): two mapped cells equal their header."""
    checks = []
    for col in list(match.columns.values())[:4]:
        name = match.headers[col].name
        checks.append(
            (pl.col(f"c{col}").str.replace_all(r"[*\s]", "").str.replace(r"[(\[【].*$", "") == name)
            .fill_null(False).cast(pl.Int32)
        )
    if not checks:
        return pl.lit(False)
    return pl.sum_horizontal(checks) >= min(2, len(checks))


def _excel_col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _raw_keys(sheet_cells: pl.DataFrame, match: HeaderMatch) -> list[str]:
    """JSON keys for raw_values: each column's original header text (unique), else its letter."""
    keys, seen = [], {}
    header_rows = sheet_cells.slice(match.header_rows[0], len(match.header_rows)).rows()
    for i in range(sheet_cells.width):
        texts = [r[i] for r in header_rows if r[i] not in (None, "")]
        key = "/".join(dict.fromkeys(str(t) for t in texts)) or _excel_col(i)
        if key in seen:
            seen[key] += 1
            key = f"{key}#{seen[key]}"
        else:
            seen[key] = 1
        keys.append(key)
    return keys


def _money_unit(match: HeaderMatch, meta: dict[str, str]) -> str | None:
    units = {match.headers[c].unit for c in match.columns.values() if c in match.headers}
    units &= {"yuan", "wan_yuan"}
    if "wan_yuan" in units and "yuan" not in units:
        return "wan_yuan"
    if "yuan" in units and "wan_yuan" not in units:
        return "yuan"
    if meta.get("unit"):
        return "wan_yuan" if meta["unit"] == "万元" else "yuan"
    return None


def _column_stages(spec: ColumnSpec, match: HeaderMatch, meta: dict[str, str], file_unit: str | None):
    """(input expression, normaliser stages) for one canonical column."""
    col = match.columns.get(spec.name)
    t = pl.col(f"c{col}") if col is not None else pl.lit(None, dtype=pl.String)
    if spec.metadata and meta.get(spec.metadata) is not None:
        t = pl.coalesce(t, pl.lit(meta[spec.metadata], dtype=pl.String))
    src = f"__in_{spec.name}"
    header_unit = match.headers[col].unit if col is not None and col in match.headers else None
    fn = N.NORMALISERS[spec.type]
    kw = {}
    if spec.type == "hours":
        kw["unit"] = header_unit if header_unit in ("minutes", "hours") else None
    elif spec.type == "money":
        kw["unit"] = header_unit if header_unit in ("yuan", "wan_yuan") else (file_unit or spec.unit)
    return t.alias(src), _stages(fn, src, spec.name, spec, tuple(sorted(kw.items())))


_STAGE_CACHE: dict[tuple, tuple[object, list[list[pl.Expr]]]] = {}


def _stages(fn, src: str, out: str, spec, kw: tuple, **extra) -> list[list[pl.Expr]]:
    """fn(src, out, spec, **kw), memoised per process: polars expressions are immutable and
    building them in Python costs more than running them on a small sheet. Keyed on the
    spec's identity (kept alive by the cache) and today's date (ID birth-date bound)."""
    key = (fn, src, out, id(spec), kw, tuple(sorted((k, id(v)) for k, v in extra.items())), date.today())
    hit = _STAGE_CACHE.get(key)
    if hit is None:
        if len(_STAGE_CACHE) > 4096:
            _STAGE_CACHE.clear()
        hit = _STAGE_CACHE[key] = ((spec, extra), fn(src, out, spec, **dict(kw), **extra))
    return hit[1]


DIRECT_MAX_ROWS = 5000  # below this, normalising every row beats distinct + join per column


def _normalise_distinct(work: pl.DataFrame, jobs: list[tuple[str, str, list[list[pl.Expr]]]]) -> pl.DataFrame:
    """Run each column's normaliser on its distinct input values only, then join the results
    back (exports repeat the same IDs, schools, dates and labels on many rows). Small sheets
    run every column's stage k in one `with_columns` instead (the normalisers are elementwise,
    so the values are the same; per-call overhead is what counts there)."""
    if not jobs:
        return work
    if work.height <= DIRECT_MAX_ROWS:
        keep = work.columns + [c for _, out, _ in jobs for c in (out, N.err(out))]
        for k in range(max(len(stages) for _, _, stages in jobs)):
            work = work.with_columns([e for _, _, stages in jobs if k < len(stages) for e in stages[k]])
        return work.select(keep)
    for src, out, stages in jobs:
        distinct = N.apply(work.select(pl.col(src)).unique(), stages).select(src, out, N.err(out))
        work = work.join(distinct, on=src, how="left", nulls_equal=True, maintain_order="left")
    return work


def _read_matched(sheet, cells, clean, match: HeaderMatch, source_file, stem, out: SheetRead) -> SheetRead:
    profile = match.profile
    target = profile.target
    out.profile, out.target = profile.name, target
    out.key_spec = profile.logical_key
    out.header_row = match.header_rows[0] + 1
    out.rows_read = cells.height
    meta = _metadata(profile, clean, match.header_rows[0], stem)
    out.metadata = meta
    reasons = _classify(clean, match)
    rownum = pl.int_range(1, pl.len() + 1, dtype=pl.Int32).alias("source_row")
    frame = clean.with_columns(reasons.alias("__skip"), rownum)
    skipped = frame.filter(pl.col("__skip").is_not_null()).select(
        pl.lit(sheet.name).alias("source_sheet"), "source_row", pl.col("__skip").alias("reason")
    )
    data = frame.filter(pl.col("__skip").is_null())

    file_unit = _money_unit(match, meta)
    inputs, stage_lists, outs, finals = [], [], [], []
    for spec in profile.read_columns:
        t, stages = _column_stages(spec, match, meta, file_unit)
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
            stage_lists.append(_stages(N.vocab, f"c{sess.col}", out_name, None, (), voc=voc))
            outs.append((out_name, f"c{sess.col}", sess.header.replace("\n", " ")))
            session_cols.append(out_name)
    work = data.with_columns(inputs) if inputs else data
    work = _normalise_distinct(work, [(o[1], o[0], st) for o, st in zip(outs, stage_lists, strict=True)])
    if finals:
        work = work.with_columns(finals)
    checks = _text_and_duplicate_checks(profile, match, work)
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
    canonical, failed = _validate(canonical, target, profile)
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


def _text_and_duplicate_checks(profile: Profile, match: HeaderMatch, work: pl.DataFrame) -> list[pl.Expr]:
    """Error codes added after normalisation: DUPLICATE_COLUMN_CONFLICT where equally named
    columns disagree, TEXT_IMPLAUSIBLE where a name/text input looks like a wrong decoding
    (tested on each column's distinct values: exports repeat names and schools)."""
    _, ambiguous = duplicate_headers(match)
    exprs = []
    for spec in profile.read_columns:
        e = pl.col(N.err(spec.name))
        code = e
        if spec.name in ambiguous:
            first, *others = ambiguous[spec.name]
            differ = pl.any_horizontal([pl.col(f"c{first}").ne_missing(pl.col(f"c{o}")) for o in others])
            code = pl.when(differ).then(pl.lit("DUPLICATE_COLUMN_CONFLICT")).otherwise(code)
        src = f"__in_{spec.name}"
        if spec.type in ("name", "text") and src in work.columns:
            distinct = work.select(pl.col(src).unique())
            odd = distinct.filter(implausible_text_expr(pl.col(src)))[src]
            if odd.len():
                code = pl.when(code.is_null() & pl.col(src).is_in(odd)).then(pl.lit("TEXT_IMPLAUSIBLE")).otherwise(code)
        if code is not e:
            exprs.append(code.alias(N.err(spec.name)))
    return exprs


def _quarantine_rows(cells, match: HeaderMatch, bad: pl.DataFrame, rownum: pl.Expr, sheet_name: str,
                     profile: Profile, target: str) -> pl.DataFrame:
    keys = _raw_keys(cells, match)
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


# Pandera failure -> quarantine reason code.
def _reason_for(column: str, check: str, profile: Profile) -> str:
    try:
        ctype = profile.column(column).type
    except KeyError:
        ctype = ""
    if check == "not_nullable":
        return "ID_MISSING" if ctype in ("id_number", "id_mask") else "REQUIRED_MISSING"
    if ctype in ("id_number", "id_mask"):
        return "ID_INVALID"
    if ctype in ("date", "session_date") or column == "year":
        return "DATE_INVALID"
    if ctype in ("hours", "session_hours"):
        return "HOURS_NEGATIVE" if "greater_than" in check else "HOURS_INVALID"
    if ctype in ("money", "integer"):
        return "AMOUNT_INVALID"
    return "VALUE_NOT_IN_VOCABULARY"


def _validate(canonical: pl.DataFrame, target: str, profile: Profile) -> tuple[pl.DataFrame, pl.DataFrame]:
    """pandera lazy validation; failure cases become quarantine rows (returned, not dropped)."""
    empty = pl.DataFrame(schema={"source_row": pl.Int32, "__codes": pl.String, "__detail": pl.String})
    if canonical.height == 0:
        return canonical, empty
    if _passes_fast(canonical, target):
        return canonical, empty  # pandera would find nothing: skip its per-check queries
    try:
        MODELS[target].validate(canonical, lazy=True)
        return canonical, empty
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
    if fc["index"].null_count() == fc.height:
        raise AssertionError(f"schema-level failure validating {target}: {fc}")
    fc = fc.filter(pl.col("index").is_not_null())
    rows = canonical["source_row"].gather(fc["index"].cast(pl.Int64))
    reasons = [
        _reason_for(c, ch, profile) for c, ch in zip(fc["column"].to_list(), fc["check"].to_list(), strict=True)
    ]
    failed = (
        pl.DataFrame({
            "source_row": rows,
            "code": reasons,
            "detail": [f"{c}: {ch} ({v})" for c, ch, v in zip(fc["column"], fc["check"], fc["failure_case"], strict=True)],
        })
        .group_by("source_row")
        .agg(
            pl.col("code").unique().sort().str.join(",").alias("__codes"),
            pl.col("detail").unique().sort().str.join("; ").alias("__detail"),
        )
    )
    return canonical, failed


# Fast pre-check: the same column checks as the pandera model, evaluated in a single polars
# query. Only when it proves every check passes is pandera skipped (its result would be "no
# failures"); any failure, or any check kind not mirrored here, runs pandera as before.
_FAST_CHECKS = {
    "str_matches": lambda c, st: c.str.contains(st["pattern"] if str(st["pattern"]).startswith("^") else f"^{st['pattern']}"),
    "isin": lambda c, st: c.is_in(list(st["allowed_values"])),
    "greater_than_or_equal_to": lambda c, st: c.ge(st["min_value"]),
    "less_than_or_equal_to": lambda c, st: c.le(st["max_value"]),
    "greater_than": lambda c, st: c.gt(st["min_value"]),
    "less_than": lambda c, st: c.lt(st["max_value"]),
}


@cache
def _fast_plan(target: str) -> tuple[dict[str, pl.DataType], list[pl.Expr]] | None:
    schema = MODELS[target].to_schema()
    cfg_ok = schema.strict is True and not schema.coerce and not schema.checks and not schema.unique
    if not cfg_ok:
        return None
    dtypes = polars_schema(target)
    exprs = []
    for name, col in schema.columns.items():
        if col.coerce or col.unique or col.regex or col.default is not None or col.drop_invalid_rows:
            return None
        c = pl.col(name)
        if not col.nullable:
            ok = c.is_not_null()
            if dtypes[name] in (pl.Float32, pl.Float64):
                ok = ok & c.is_not_nan()
            exprs.append(ok.all())
        for check in col.checks:
            make = _FAST_CHECKS.get(check.name)
            if make is None or check.element_wise or check.groupby is not None:
                return None
            e = make(c, check.statistics)
            exprs.append((e | e.is_null()).all() if check.ignore_na else e.fill_null(False).all())
    return dtypes, [e.alias(f"__ok{i}") for i, e in enumerate(exprs)]


def _passes_fast(df: pl.DataFrame, target: str) -> bool:
    plan = _fast_plan(target)
    if plan is None:
        return False
    dtypes, exprs = plan
    if dict(df.schema) != dtypes:
        return False
    if not exprs:
        return True
    return all(v is True for v in df.select(exprs).row(0))
