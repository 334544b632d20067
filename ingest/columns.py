"""Columns of a matched sheet: duplicate headers, raw-value keys, units and the normaliser
stages each canonical column runs, on distinct values where that is cheaper."""

from __future__ import annotations

from datetime import date

import polars as pl

from ingest import normalize as N
from ingest.headers import HeaderMatch
from ingest.profiles import ColumnSpec, Profile
from ingest.text import implausible_text_expr


def excel_col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


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
        return f"{excel_col(c)} '{match.headers[c].raw}'"

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
                f"{', '.join(excel_col(c) for c in cols)} (not a column of {profile.name}: not loaded)"
            )
    return warnings, ambiguous


def raw_keys(sheet_cells: pl.DataFrame, match: HeaderMatch) -> list[str]:
    """JSON keys for raw_values: each column's original header text (unique), else its letter."""
    keys, seen = [], {}
    header_rows = sheet_cells.slice(match.header_rows[0], len(match.header_rows)).rows()
    for i in range(sheet_cells.width):
        texts = [r[i] for r in header_rows if r[i] not in (None, "")]
        key = "/".join(dict.fromkeys(str(t) for t in texts)) or excel_col(i)
        if key in seen:
            seen[key] += 1
            key = f"{key}#{seen[key]}"
        else:
            seen[key] = 1
        keys.append(key)
    return keys


def money_unit(match: HeaderMatch, meta: dict[str, str]) -> str | None:
    units = {match.headers[c].unit for c in match.columns.values() if c in match.headers}
    units &= {"yuan", "wan_yuan"}
    if "wan_yuan" in units and "yuan" not in units:
        return "wan_yuan"
    if "yuan" in units and "wan_yuan" not in units:
        return "yuan"
    if meta.get("unit"):
        return "wan_yuan" if meta["unit"] == "万元" else "yuan"
    return None


def column_kw(spec: ColumnSpec, match: HeaderMatch, file_unit: str | None) -> tuple:
    """The unit keyword of one canonical column's normaliser (from its header, the sheet or the
    profile): sheets whose columns have the same keywords share one set of stages."""
    col = match.columns.get(spec.name)
    header_unit = match.headers[col].unit if col is not None and col in match.headers else None
    if spec.type == "hours":
        return (("unit", header_unit if header_unit in ("minutes", "hours") else None),)
    if spec.type == "money":
        return (("unit", header_unit if header_unit in ("yuan", "wan_yuan") else (file_unit or spec.unit)),)
    return ()


def column_stages(spec: ColumnSpec, kw: tuple) -> list[list[pl.Expr]]:
    """Normaliser stages of one canonical column, reading `__in_{name}` (the sheet's cell, or
    the title metadata when the cell is absent or blank: the caller's input column)."""
    return normaliser_stages(N.NORMALISERS[spec.type], f"__in_{spec.name}", spec.name, spec, kw)


_STAGE_CACHE: dict[tuple, tuple[object, list[list[pl.Expr]]]] = {}


def normaliser_stages(fn, src: str, out: str, spec, kw: tuple, **extra) -> list[list[pl.Expr]]:
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


def normalise_distinct(work: pl.DataFrame, jobs: list[tuple[str, str, list[list[pl.Expr]]]]) -> pl.DataFrame:
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


def text_and_duplicate_checks(profile: Profile, match: HeaderMatch, work: pl.DataFrame) -> list[pl.Expr]:
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


