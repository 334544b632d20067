"""Vectorised value normalisers, one per column type of the profiles.

Each normaliser returns *stages*: lists of polars expressions applied with successive
`with_columns` calls. The input is a column of cell text already stripped, width-folded and
blank -> null; the last stage adds the value column `out` and its reason-code column
`__e_{out}` (null when the cell is fine; a blank cell is fine here, `not_null` is enforced by the
reader). Intermediate columns are named `__{out}_*` and dropped by the caller. Staging keeps
the expression trees small: nesting the same sub-expression many times makes polars' planner
slow.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import polars as pl

from ingest.idnumber import (
    ID_DAMAGED,
    ID_INVALID,
    ID_MASKED,
    ID_OK,
    clean_id_expr,
    normalize_id_stages,
)
from ingest.limits import MAX_RECORD_HOURS
from ingest.profiles import ColumnSpec, Vocabulary
from ingest.text import fold_width_expr

NULL_STR = pl.lit(None, dtype=pl.String)
_SCI = r"^-?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+$"
_NUMERIC = r"^-?[0-9]+(\.[0-9]+)?$"

TRUE_LABELS = ["是", "Y", "YES", "TRUE", "1", "√", "✓", "已报到", "报到", "已", "有"]
FALSE_LABELS = ["否", "N", "NO", "FALSE", "0", "×", "✗", "未报到", "未", "无"]
EXCEL_EPOCH = date(1899, 12, 30)

Stages = list[list[pl.Expr]]


FULLWIDTH_RE = "[\uff01-\uff5e\u3000\u00a0\ufeff]"
# The same characters for Aho-Corasick (`str.contains_any`): faster than the regex class.
FULLWIDTH_CHARS = [chr(c) for c in range(0xFF01, 0xFF5F)] + ["\u3000", "\u00a0", "\ufeff"]


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Fold full-width characters, strip, blank -> null."""
    t = fold_width_expr(expr).str.strip_chars()
    return pl.when(t == "").then(None).otherwise(t)


def clean_frame(df: pl.DataFrame) -> pl.DataFrame:
    """clean_text on every column, folding only the columns that hold full-width characters."""
    if df.width == 0:
        return df
    if df.height >= 50_000:  # Aho-Corasick scans faster; building it costs more on small sheets
        has = [pl.col(c).str.contains_any(FULLWIDTH_CHARS).any() for c in df.columns]
    else:
        has = [pl.col(c).str.contains(FULLWIDTH_RE).any() for c in df.columns]
    has_fw = df.select(has).row(0)
    fw = [c for c, h in zip(df.columns, has_fw, strict=True) if h]
    if fw:
        df = df.with_columns(fold_width_expr(pl.col(c)).alias(c) for c in fw)
    df = df.with_columns(pl.col(c).str.strip_chars().alias(c) for c in df.columns)
    return df.with_columns(pl.when(pl.col(c).str.len_bytes() > 0).then(pl.col(c)).alias(c) for c in df.columns)


def clean_grids(grids: list[pl.DataFrame], wide: int = 64) -> list[pl.DataFrame | None]:
    """clean_frame over many grids in one pass (stacked; a grid wider than `wide` only with grids
    of its width, so it does not pad the others); None for a blank grid (no cell filled before
    cleaning). The cleaning is cell by cell, so each grid comes back as if cleaned alone."""
    out: list[pl.DataFrame | None] = [None] * len(grids)
    buckets: dict[int, list[int]] = {}
    for i, g in enumerate(grids):
        if g.width and g.height:
            buckets.setdefault(g.width if g.width > wide else 0, []).append(i)
    for idxs in buckets.values():
        frames = [grids[i] for i in idxs]
        stack = pl.concat(frames, how="diagonal") if len(frames) > 1 else frames[0]
        filled = stack.select(pl.any_horizontal(pl.all().is_not_null())).to_series().to_numpy()
        clean = clean_frame(stack)
        offset = 0
        for i in idxs:
            h, w = grids[i].height, grids[i].width
            if filled[offset:offset + h].any():
                part = clean.slice(offset, h)
                out[i] = part if part.width == w else pl.DataFrame(part.get_columns()[:w])
            offset += h
    return out


def err(out: str) -> str:
    return f"__e_{out}"


def _tmp(out: str, name: str) -> str:
    return f"__{out}_{name}"


def _code(reason: str, bad: pl.Expr) -> pl.Expr:
    return pl.when(bad.fill_null(False)).then(pl.lit(reason)).otherwise(NULL_STR)


def text(src: str, out: str, spec: ColumnSpec | None = None, **_) -> Stages:
    return [[pl.col(src).str.replace_all(r"\s+", " ").alias(out), NULL_STR.alias(err(out))]]


def name(src: str, out: str, spec: ColumnSpec | None = None, **_) -> Stages:
    """Chinese names: spaces typed for alignment (张  三) are removed."""
    return [[pl.col(src).str.replace_all(r"\s+", "").alias(out), NULL_STR.alias(err(out))]]


def code(src: str, out: str, spec: ColumnSpec | None = None, **_) -> Stages:
    """School/project codes and phones: '3135003211.0' -> '3135003211'; 3.135003211e+09 too."""
    s = _tmp(out, "s")
    t = pl.col(s)
    as_int = t.cast(pl.Float64, strict=False).round(0).cast(pl.Int64, strict=False).cast(pl.String)
    return [
        [pl.col(src).str.replace_all(r"\s+", "").alias(s)],
        [
            pl.when(t.str.contains(_SCI)).then(as_int)
            .otherwise(t.str.replace(r"^([0-9]+)\.0*$", "${1}")).alias(out),
            NULL_STR.alias(err(out)),
        ],
    ]


def date_(src: str, out: str, spec: ColumnSpec | None = None, **_) -> Stages:
    """2023.3.5, 2023年3月5日, 2023/03/05, 2023-3-5, 20230305, ISO datetimes, Excel serials."""
    s, parts, serial = _tmp(out, "s"), _tmp(out, "parts"), _tmp(out, "serial")
    raw = pl.col(src).str.replace(r"[ T]\s*\d{1,2}:\d{1,2}(:\d{1,2}(\.\d+)?)?\s*$", "")
    p = pl.col(parts)
    ymd = pl.concat_str([p.struct.field("1"), p.struct.field("2").str.zfill(2), p.struct.field("3").str.zfill(2)])
    v = pl.col(out)
    return [
        [raw.str.replace_all(r"\s", "").alias(s)],
        [
            pl.col(s).str.extract_groups(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$").alias(parts),
            pl.when(pl.col(s).str.contains(r"^\d{5}(\.\d+)?$"))
            .then(pl.col(s).cast(pl.Float64, strict=False)).alias(serial),
        ],
        [
            pl.coalesce(
                ymd.str.strptime(pl.Date, "%Y%m%d", strict=False),
                pl.when(pl.col(s).str.contains(r"^\d{8}$")).then(pl.col(s))
                .str.strptime(pl.Date, "%Y%m%d", strict=False),
                pl.when((pl.col(serial) >= 10000) & (pl.col(serial) < 80000))
                .then(pl.lit(EXCEL_EPOCH) + pl.duration(days=pl.col(serial).floor().cast(pl.Int64)))
                .cast(pl.Date),
            ).alias(out)
        ],
        [
            pl.when((v >= date(1900, 1, 1)) & (v <= date(2100, 12, 31))).then(v).alias(out),
            _code("DATE_INVALID", pl.col(src).is_not_null() & ~((v >= date(1900, 1, 1)) & (v <= date(2100, 12, 31))).fill_null(False)).alias(err(out)),
        ],
    ]


def hours(src: str, out: str, spec: ColumnSpec | None = None, unit: str | None = None, **_) -> Stages:
    """'3学时', '1.5', '3 小时', '90分钟'; minutes (header or cell unit) -> hours."""
    unit = unit or (spec.unit if spec else None) or "hours"
    s, num, mins, hrs = _tmp(out, "s"), _tmp(out, "num"), _tmp(out, "min"), _tmp(out, "hrs")
    v = pl.col(num)
    conv = pl.col(_tmp(out, "conv"))
    return [
        [pl.col(src).str.replace_all(r"\s+", "").alias(s)],
        [
            pl.col(s).str.contains(r"(分钟|min|mins|分)$").alias(mins),
            pl.col(s).str.contains(r"(学时|小时|课时|h|H|hours?)$").alias(hrs),
            pl.col(s).str.replace(r"(学时|小时|课时|分钟|mins?|分|hours?|h|H)$", "")
            .str.replace_all(",", "").cast(pl.Float64, strict=False).alias(num),
        ],
        [
            pl.when(v.is_finite()).then(
                pl.when(pl.col(mins)).then(v / 60).when(pl.col(hrs)).then(v)
                .otherwise(v / 60 if unit == "minutes" else v)
            ).alias(_tmp(out, "conv"))
        ],
        [
            # inf/nan never convert; an absurd size (1e308) is impossible like a negative one.
            pl.when((conv >= 0) & (conv <= MAX_RECORD_HOURS)).then(conv).alias(out),
            pl.when(pl.col(src).is_not_null() & conv.is_null()).then(pl.lit("HOURS_INVALID"))
            .when(conv < 0).then(pl.lit("HOURS_NEGATIVE"))
            .when(conv > MAX_RECORD_HOURS).then(pl.lit("HOURS_INVALID")).otherwise(NULL_STR).alias(err(out)),
        ],
    ]


def money(src: str, out: str, spec: ColumnSpec | None = None, unit: str | None = None, **_) -> Stages:
    """Amounts to 元 with decimal arithmetic (exact), rounded to 2 decimals; 万元 from header/cell."""
    unit = unit or (spec.unit if spec else None) or "yuan"
    s, wan, dec, val = _tmp(out, "s"), _tmp(out, "wan"), _tmp(out, "dec"), _tmp(out, "val")
    num = pl.col(s).str.replace(r"(万元|万|元)$", "")
    v = pl.col(val)
    return [
        [pl.col(src).str.replace_all(r"[\s,¥￥]", "").alias(s)],
        [
            (pl.col(s).str.ends_with("万元") | pl.col(s).str.ends_with("万")).alias(wan),
            pl.when(num.str.contains(_NUMERIC)).then(num).cast(pl.Decimal(38, 6), strict=False).alias(dec),
        ],
        [
            pl.when(pl.col(wan) | pl.lit(unit == "wan_yuan"))
            .then(pl.col(dec) * pl.lit(10000).cast(pl.Decimal(38, 0)))
            .otherwise(pl.col(dec)).round(2).cast(pl.Float64).alias(val)
        ],
        [
            pl.when(v >= 0).then(v).alias(out),
            _code("AMOUNT_INVALID", (pl.col(src).is_not_null() & v.is_null()) | (v < 0)).alias(err(out)),
        ],
    ]


def integer(src: str, out: str, spec: ColumnSpec | None = None, **_) -> Stages:
    f, val = _tmp(out, "f"), _tmp(out, "val")
    v = pl.col(val)
    return [
        [
            pl.col(src).str.replace_all(r"[\s,]", "").str.replace(r"(人|名|个|年)$", "")
            .cast(pl.Float64, strict=False).alias(f)
        ],
        [
            pl.when(pl.col(f).is_not_null() & (pl.col(f) == pl.col(f).round(0)) & (pl.col(f).abs() < 2**31))
            .then(pl.col(f).cast(pl.Int64, strict=False)).cast(pl.Int32, strict=False).alias(val)
        ],
        [
            pl.when(v >= 0).then(v).alias(out),
            _code("AMOUNT_INVALID", pl.col(src).is_not_null() & (v.is_null() | (v < 0))).alias(err(out)),
        ],
    ]


def boolean(src: str, out: str, spec: ColumnSpec | None = None, **_) -> Stages:
    mapping = {**{k: True for k in TRUE_LABELS}, **{k: False for k in FALSE_LABELS}}
    value = pl.col(src).str.replace_all(r"\s+", "").str.to_uppercase().replace_strict(
        mapping, default=None, return_dtype=pl.Boolean
    )
    return [
        [value.alias(out)],
        [_code("VALUE_NOT_IN_VOCABULARY", pl.col(src).is_not_null() & pl.col(out).is_null()).alias(err(out))],
    ]


def vocab(src: str, out: str, spec: ColumnSpec | None = None, voc: Vocabulary | None = None, **_) -> Stages:
    voc = voc or (spec.vocab if spec else None)
    if voc is None:
        raise ValueError(f"column {out}: no vocabulary")
    mapped = _tmp(out, "mapped")
    return [
        [
            pl.col(src).str.replace_all(r"\s+", "")
            .replace_strict(voc.mapping, default=None, return_dtype=pl.String).alias(mapped)
        ],
        [
            pl.when(pl.col(src).is_null()).then(pl.lit(voc.blank, dtype=pl.String))
            .otherwise(pl.col(mapped)).alias(out),
            _code("VALUE_NOT_IN_VOCABULARY", pl.col(src).is_not_null() & pl.col(mapped).is_null()).alias(err(out)),
        ],
    ]


def _id_stages(src: str, out: str) -> tuple[Stages, pl.Expr, pl.Expr, pl.Expr]:
    cleaned = _tmp(out, "clean")
    prefix = f"__{out}_id_"
    stages = [[clean_id_expr(pl.col(src)).alias(cleaned)], *normalize_id_stages(cleaned, prefix)]
    return stages, pl.col(cleaned), pl.col(f"{prefix}id18"), pl.col(f"{prefix}status")


def id_number(src: str, out: str, spec: ColumnSpec | None = None, **_) -> Stages:
    stages, _cleaned, id18, status = _id_stages(src, out)
    return stages + [[
        id18.alias(out),
        pl.when(status == ID_DAMAGED).then(pl.lit("ID_EXCEL_DAMAGED"))
        .when(status.is_in([ID_INVALID, ID_MASKED])).then(pl.lit("ID_INVALID"))
        .otherwise(NULL_STR).alias(err(out)),
    ]]


def id_mask(src: str, out: str, spec: ColumnSpec | None = None, **_) -> Stages:
    """Masked IDs (6101**********1234) are kept as they are; a full valid ID is kept too."""
    stages, cleaned, id18, status = _id_stages(src, out)
    return stages + [[
        pl.when(status == ID_OK).then(id18).when(status == ID_MASKED).then(cleaned).alias(out),
        pl.when(status == ID_DAMAGED).then(pl.lit("ID_EXCEL_DAMAGED"))
        .when(status == ID_INVALID).then(pl.lit("ID_INVALID"))
        .otherwise(NULL_STR).alias(err(out)),
    ]]


NORMALISERS = {
    "text": text, "name": name, "code": code, "date": date_, "hours": hours, "money": money,
    "integer": integer, "boolean": boolean, "vocab": vocab, "id_number": id_number,
    "id_mask": id_mask,
}
MISSING_CODE = {"id_number": "ID_MISSING", "id_mask": "ID_MISSING"}


def apply(df: pl.DataFrame | pl.LazyFrame, stages: Stages):
    for stage in stages:
        df = df.with_columns(stage)
    return df


def normalize_series(kind: str, values: pl.Series, **kw) -> tuple[pl.Series, pl.Series]:
    """Eager convenience for one column: (values, reason codes). Used by tests and small lookups."""
    df = pl.DataFrame({"t": values.cast(pl.String)}).with_columns(clean_text(pl.col("t")).alias("t"))
    try:
        stages = _series_stages(kind, tuple(sorted(kw.items())), date.today())
    except TypeError:  # an unhashable keyword (a Vocabulary...): build the stages afresh
        stages = NORMALISERS[kind]("t", "v", **kw)
    df = apply(df, stages)
    return df["v"], df[err("v")]


@lru_cache(maxsize=256)
def _series_stages(kind: str, kw: tuple, today: date) -> Stages:
    """The stages of normalize_series, built once per (kind, keywords, day): building polars
    expressions costs more than running them on a handful of values."""
    return NORMALISERS[kind]("t", "v", **dict(kw))
