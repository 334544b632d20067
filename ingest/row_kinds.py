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


# Per-sheet values classify_group reads as columns (so one query classifies many sheets):
# header rows, the first four mapped cells and their header names (repeated headers), and the
# count of filled cells in 序号-like columns.
REPEAT_CHECKS = 4


def sheet_constants(match: HeaderMatch, width: int) -> dict[str, object]:
    """The constants of one sheet for classify_group (`__rc{j}` are columns the caller adds)."""
    mapped = list(match.columns.values())[:REPEAT_CHECKS]
    out: dict[str, object] = {
        "__hs": match.header_rows[0], "__he": match.header_rows[-1],
        # no mapped column: no repeated header (an unreachable threshold)
        "__rk": min(2, len(mapped)) if mapped else REPEAT_CHECKS + 1,
    }
    for j in range(REPEAT_CHECKS):
        out[f"__rn{j}"] = match.headers[mapped[j]].name if j < len(mapped) else None
    return out


def repeat_columns(match: HeaderMatch) -> list[int]:
    """Grid columns whose cells classify_group compares with their header (`__rc{j}`)."""
    return list(match.columns.values())[:REPEAT_CHECKS]


def ignored_columns(match: HeaderMatch, width: int) -> list[int]:
    """序号-like columns not counted as data (none when they would be every column)."""
    ignored = [i for i in match.ignored_cols if i < width]
    return [] if len(set(ignored)) >= width else ignored


def classify_group(g: pl.DataFrame, cols: list[str], ignored: dict[int, list[int]],
                   hours_labels: list[str]) -> pl.Series:
    """Why each row is skipped (null = a data row), for the rows of several sheets of one profile
    stacked in `g` (grid columns `cols`, `__sheet`, `__idx` the row within its sheet, and the
    columns of sheet_constants). `ignored`: grid column -> the sheets where it is 序号-like.
    Staged: helper columns first, then rules."""
    # `first` is computed once and then referenced: inlining coalesce(all columns) into each
    # column's comparison made this quadratic in the sheet's width (2,000 columns: 7 GB).
    first = g.select(pl.coalesce([pl.col(c) for c in cols]).alias("__first"))["__first"]
    with_first = g.with_columns(first)
    f = pl.col("__first")
    ign = [pl.col(f"c{c}").is_not_null() & pl.col("__sheet").is_in(sheets)
           for c, sheets in ignored.items()]
    nonblank = pl.sum_horizontal([pl.col(c).is_not_null() for c in cols])
    base = with_first.select(
        pl.int_range(pl.len(), dtype=pl.Int32).alias("gidx"),
        pl.col("__idx").alias("idx"), "__sheet", "__hs", "__he",
        nonblank.alias("nonblank"),
        # Cells outside 序号-like columns: a pre-numbered template row with nothing else is blank.
        (nonblank - pl.sum_horizontal(ign) if ign else nonblank).alias("nonblank_data"),
        f.alias("first"),
        pl.all_horizontal([pl.col(c).is_null() | (pl.col(c) == f) for c in cols]).alias("all_same"),
        pl.col("__rc0").str.contains(pl.col("__rn0"), literal=True).fill_null(False).alias("maybe_header"),
        _repeated_header_expr().alias("rep"),
    )
    idx, nonblank_, header_start, header_end = pl.col("idx"), pl.col("nonblank"), pl.col("__hs"), pl.col("__he")
    # Only rows that could be anything but data get the regex rules (a cheap prefilter).
    cand = (
        (idx <= header_end) | (nonblank_ <= 2) | (pl.col("nonblank_data") == 0)
        | pl.col("all_same") | pl.col("maybe_header")
        | pl.col("first").str.slice(0, 1).is_in(_LABEL_FIRST_CHARS)
        | pl.col("first").str.contains("小计", literal=True)
    )
    sub = base.filter(cand.fill_null(True))
    helpers = sub.with_columns(
        pl.col("first").str.replace_all(r"\s", "").alias("first_sq"),
        (pl.col("maybe_header") & pl.col("rep")).alias("repeated"),
    )
    first_sq = pl.col("first_sq")
    short = pl.col("all_same") | (nonblank_ <= 2)
    helpers = helpers.with_columns(
        first_sq.str.contains(_TOTAL).fill_null(False).alias("is_total"),
        first_sq.str.contains(_SUBTOTAL).fill_null(False).alias("is_subtotal"),
        first_sq.str.contains(_NOTE).fill_null(False).alias("is_note"),
        first_sq.str.contains(_EXPORT_TIME).fill_null(False).alias("is_export"),
        first_sq.is_in(hours_labels).fill_null(False).alias("is_hours") if hours_labels else pl.lit(False).alias("is_hours"),
    ).with_columns(
        # Lines under the table (after its 合计 row) with one or two texts are notes too.
        ((pl.col("is_total") & (idx > header_end)).cast(pl.Int32).cum_sum().shift(1).fill_null(0) > 0)
        .over("__sheet").alias("after_total")
    )
    reason = (
        pl.when(idx < header_start)
        .then(
            pl.when(nonblank_ == 0).then(pl.lit("blank"))
            .when(pl.col("is_export")).then(pl.lit("export_time"))
            .otherwise(pl.lit("title"))
        )
        .when(idx <= header_end).then(pl.lit("header"))
        .when(nonblank_ == 0).then(pl.lit("blank"))
        .when(pl.col("is_hours")).then(pl.lit("hours_row"))
        .when(pl.col("is_total")).then(pl.lit("total"))
        .when(pl.col("is_subtotal")).then(pl.lit("subtotal"))
        .when(pl.col("is_note") & short).then(pl.lit("note"))
        .when(pl.col("after_total") & short).then(pl.lit("note"))
        .when(pl.col("repeated")).then(pl.lit("header"))
        .when(pl.col("nonblank_data") == 0).then(pl.lit("blank"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    reasons = helpers.select("gidx", reason.alias("reason"))
    return (
        base.select("gidx")
        .join(reasons, on="gidx", how="left", maintain_order="left")["reason"]
    )


_LABEL_FIRST_CHARS = list("合总全共小注说备填数制审负单联附学课")


def _repeated_header_expr() -> pl.Expr:
    """A repeated header row (page breaks in some exports): two mapped cells equal their header."""
    checks = [
        (pl.col(f"__rc{j}").str.replace_all(r"[*\s]", "").str.replace(r"[(\[【].*$", "") == pl.col(f"__rn{j}"))
        .fill_null(False).cast(pl.Int32)
        for j in range(REPEAT_CHECKS)
    ]
    return pl.sum_horizontal(checks) >= pl.col("__rk")
