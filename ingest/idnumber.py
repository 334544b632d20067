"""Resident ID numbers (居民身份证号, GB 11643-1999): check character, validation, 15->18.

Pure functions shared by the readers (validation) and the sample generator (making valid IDs).
"""

from __future__ import annotations

from datetime import date

import polars as pl

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(body17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    if len(body17) != 17 or not body17.isdigit():
        raise ValueError(f"expected 17 digits, got {body17!r}")
    total = sum(int(d) * w for d, w in zip(body17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def birth_date_of(id18: str) -> date | None:
    """The birth date encoded in an 18-character ID, or None when it is not a real date."""
    try:
        return date(int(id18[6:10]), int(id18[10:12]), int(id18[12:14]))
    except ValueError:
        return None


def has_valid_checksum(id18: str) -> bool:
    return len(id18) == 18 and id18[:17].isdigit() and check_char(id18[:17]) == id18[17]


def upgrade_15_to_18(id15: str) -> str:
    """Legacy 15-digit IDs carry YYMMDD and no check character: insert '19' and compute it."""
    if len(id15) != 15 or not id15.isdigit():
        raise ValueError(f"expected 15 digits, got {id15!r}")
    body = id15[:6] + "19" + id15[6:]
    return body + check_char(body)


# ---------------------------------------------------------------------------------------------
# Vectorised normalisation (polars) used by the readers.
# ---------------------------------------------------------------------------------------------

ID_OK = "ok"
ID_MISSING = "missing"
ID_MASKED = "masked"
ID_DAMAGED = "damaged"
ID_INVALID = "invalid"

_SCIENTIFIC = r"^[0-9]+(\.[0-9]+)?E[+]?[0-9]+$"
_FLOAT_RENDERED_LONG = r"^[0-9]{16,19}\.[0-9]*$"  # a number cell rendered with a decimal point
_FIFTEEN = r"^[0-9]{15}(\.0*)?$"  # 15 digits survive a float cell exactly
_EIGHTEEN = r"^[0-9]{17}[0-9X]$"
_MASKED = r"^[0-9X]{0,14}\*+[0-9X]{0,14}$"


def clean_id_expr(text: pl.Expr) -> pl.Expr:
    """Strip every space, fold full-width digits and letters, upper-case x."""
    from ingest.text import fold_width_expr  # local import keeps idnumber importable alone

    return fold_width_expr(text).str.replace_all(r"\s+", "").str.to_uppercase()


def _check_char_expr(body17: pl.Expr) -> pl.Expr:
    total = pl.sum_horizontal(
        [body17.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(WEIGHTS)]
    )
    return (total % 11).replace_strict(
        {i: c for i, c in enumerate(CHECK_CHARS)}, return_dtype=pl.String, default=None
    )


def _birth_ok_expr(id18: pl.Expr, today: date) -> pl.Expr:
    born = id18.str.slice(6, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
    return born.is_not_null() & (born >= date(1900, 1, 1)) & (born <= today)


def normalize_id_stages(src: str, prefix: str, today: date | None = None) -> list[list[pl.Expr]]:
    """Stages (lists of expressions applied with successive with_columns) that add
    `{prefix}id18` and `{prefix}status` for the already-cleaned ID text in column `src`.

    status: ok | missing | masked | damaged | invalid. id18 is the 18-character number (15-digit
    legacy numbers upgraded) when status is ok, else null. Damage = scientific notation, a long
    number rendered with a decimal point (a float cell), or 18 digits ending in 000 that fail the
    checksum (Excel kept 15 significant digits). Staged so that the expression trees stay small.
    """
    today = today or date.today()
    t = pl.col(src)

    def c(name: str) -> pl.Expr:
        return pl.col(f"{prefix}{name}")

    s1 = [
        t.str.contains(_FIFTEEN).fill_null(False).alias(f"{prefix}is15"),
        t.str.contains(_EIGHTEEN).fill_null(False).alias(f"{prefix}is18"),
    ]
    s2 = [
        pl.when(c("is15"))
        .then(t.str.slice(0, 6) + pl.lit("19") + t.str.slice(6, 9))
        .when(c("is18"))
        .then(t.str.slice(0, 17))
        .alias(f"{prefix}body17")
    ]
    s3 = [_check_char_expr(c("body17")).alias(f"{prefix}expected")]
    s4 = [
        pl.when(c("is15")).then(c("body17") + c("expected")).when(c("is18")).then(t)
        .alias(f"{prefix}candidate"),
        (c("is15") | (c("is18") & (t.str.slice(17, 1) == c("expected")).fill_null(False)))
        .alias(f"{prefix}checksum_ok"),
    ]
    s5 = [
        (c("checksum_ok") & _birth_ok_expr(c("candidate"), today).fill_null(False)).alias(f"{prefix}valid"),
        (
            t.str.contains(_SCIENTIFIC).fill_null(False)
            | t.str.contains(_FLOAT_RENDERED_LONG).fill_null(False)
            | (c("is18") & ~c("checksum_ok") & t.str.ends_with("000").fill_null(False))
        ).alias(f"{prefix}damaged"),
        (t.str.contains(_MASKED) & t.str.len_chars().is_in([15, 18])).fill_null(False)
        .alias(f"{prefix}masked"),
    ]
    s6 = [
        pl.when(t.is_null() | (t == "")).then(pl.lit(ID_MISSING))
        .when(c("valid")).then(pl.lit(ID_OK))
        .when(c("masked")).then(pl.lit(ID_MASKED))
        .when(c("damaged")).then(pl.lit(ID_DAMAGED))
        .otherwise(pl.lit(ID_INVALID))
        .alias(f"{prefix}status")
    ]
    s7 = [pl.when(c("status") == ID_OK).then(c("candidate")).alias(f"{prefix}id18")]
    return [s1, s2, s3, s4, s5, s6, s7]


def normalize_ids(values: pl.Series, today: date | None = None) -> pl.DataFrame:
    """Eager convenience: columns cleaned, id18, status for raw ID texts."""
    df = pl.DataFrame({"raw": values.cast(pl.String)}).with_columns(
        clean_id_expr(pl.col("raw")).alias("cleaned")
    )
    for stage in normalize_id_stages("cleaned", "_", today):
        df = df.with_columns(stage)
    return df.select("raw", "cleaned", pl.col("_id18").alias("id18"), pl.col("_status").alias("status"))
