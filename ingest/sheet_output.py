"""The output frames of a group of sheets: canonical rows (sign-in matrices unpivoted, one row
per teacher per session) and each sheet's quarantine rows with their raw values."""

from __future__ import annotations

import polars as pl

from ingest.columns import raw_keys
from ingest.headers import HeaderMatch
from ingest.profiles import Profile
from ingest.schemas import LINEAGE, polars_schema


def to_canonical(good: pl.DataFrame, profile: Profile, session_cols: list[str]) -> pl.DataFrame:
    """Canonical rows with `__sheet` first. `good` holds the group's loadable rows with their
    sheet constants (`__file`, `__sname`, and per session k `__sdate{k}`, `__stitle{k}`,
    `__shours{k}`); a sheet with fewer sessions than the group has null dates past its own."""
    schema = polars_schema(profile.target)

    def finish(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select(
            [pl.col("__sheet")]
            + [pl.col(c).cast(dt) if c in frame.columns else pl.lit(None, dtype=dt).alias(c)
               for c, dt in schema.items() if c not in LINEAGE]
            + [pl.col("__file").alias("source_file"), pl.col("__sname").alias("source_sheet"),
               pl.col("source_row").cast(pl.Int32)]
        )

    if profile.sessions is None:
        return finish(good)
    values = [c for c in good.columns if c in schema and c not in ("mark", "source_row")]
    parts = [
        good.select(
            "__sheet", "source_row",
            pl.lit(k, dtype=pl.Int32).alias("__order"),
            pl.col(f"__sdate{k}").alias("session_date"),
            pl.col(f"__stitle{k}").alias("session_title"),
            pl.col(f"__shours{k}").alias("session_hours"),
            pl.col(col).alias("mark"),
            "__file", "__sname", *values,
        )
        for k, col in enumerate(session_cols)
    ]
    if not parts:
        return finish(good.clear())
    long = (
        pl.concat(parts)
        .filter(pl.col("session_date").is_not_null())
        .sort("__sheet", "source_row", "__order")
    )
    return finish(long)


def quarantine_rows(cells: pl.DataFrame, match: HeaderMatch, bad: pl.DataFrame,
                    sheet_name: str) -> pl.DataFrame:
    """One sheet's quarantine rows (bad: source_row, __codes, __detail) with its raw cells."""
    profile = match.profile
    keys = raw_keys(cells, match)
    rownum = pl.int_range(1, pl.len() + 1, dtype=pl.Int32).alias("source_row")
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
            pl.lit(profile.target).alias("target_table"),
            pl.col("__codes").alias("reason_codes"),
            pl.col("__detail").alias("reason_detail"),
            "raw_values",
        )
    )
