"""Which rows of a sheet are not data (titles, headers, totals, notes...) and the metadata its
title rows carry (e.g. the class, batch or unit a profile reads from the title)."""

from __future__ import annotations

import polars as pl

from ingest.headers import HeaderMatch
from ingest.profiles import Profile

_EXPORT_TIME = r"(导出|打印|生成|统计|制表|填报|报送|下载)(时间|日期)|截至|截止|导出人"
_TOTAL = r"^(合计|总计|总合计|全.{1,8}合计|共计)"
_SUBTOTAL = r"小计"
_NOTE = r"^(注|说明|备注|填表说明|数据来源|制表人|填表人|审核人|负责人|单位负责人|联系人|附注)"


def sheet_metadata(profile: Profile, clean: pl.DataFrame, header_row: int, stem: str) -> dict[str, str]:
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


def classify(clean: pl.DataFrame, match: HeaderMatch) -> pl.Series:
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


