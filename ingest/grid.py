"""Read a file into grids of text cells: one `Sheet` per worksheet (or one for a CSV).

A grid is a polars DataFrame of String columns c0..cN, one row per sheet row, row i being the
source row i+1 (Excel's numbering; a CSV's line numbering, one record per line). Cell values are
rendered without interpretation so the normalisers can still see what Excel did to them:
numbers as Python's repr (310105198001011234 stored as a number reads "3.101051980010112e+17"),
dates as ISO text, booleans as TRUE/FALSE. Merged ranges are filled with their top-left value.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from ingest import limits as L
from ingest.file_sniff import check_ole, check_xlsx, sniff
from ingest.html_table import read_html_tables

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


class UnreadableFile(Exception):
    """The file cannot be read at all (corrupt, wrong format, undecodable)."""


@dataclass
class Sheet:
    name: str
    cells: pl.DataFrame
    hidden: bool = False
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    @property
    def height(self) -> int:
        return self.cells.height


@dataclass
class Workbook:
    kind: str  # xlsx | xls | csv ...
    sheets: list[Sheet]
    encoding: str | None = None
    ignored_sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why)


def _render(v: object) -> str | None:
    if v is None or v == "":
        return None
    cls = v.__class__
    if cls is str:
        return v  # type: ignore[return-value]
    if cls is float:
        return repr(v)
    if cls is bool:
        return "TRUE" if v else "FALSE"
    if cls is int:
        return str(v)
    if cls is datetime:
        return v.isoformat(sep=" ") if (v.hour or v.minute or v.second) else v.date().isoformat()  # type: ignore[attr-defined]
    if cls is date or cls is time:
        return v.isoformat()  # type: ignore[attr-defined]
    if cls is timedelta:
        return str(v)
    return str(v)


_PLAIN = {str, float, int, type(None)}


def rows_to_frame(rows: list[list[object]]) -> pl.DataFrame:
    """Row lists from a reader -> a String DataFrame c0..cN (columnar right away)."""
    if not rows:
        return pl.DataFrame()
    width = max(map(len, rows))
    if min(map(len, rows)) != width:
        rows = [list(r) + [None] * (width - len(r)) for r in rows]
    columns = {}
    for i, col in enumerate(zip(*rows, strict=True)):
        columns[f"c{i}"] = pl.Series(_render_column(col), dtype=pl.String)
    df = pl.DataFrame(columns)
    return df.with_columns(pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in df.columns)


def bound_and_clean(df: pl.DataFrame, where: str, *, csv: bool = False) -> pl.DataFrame:
    """Enforce the grid limits on a parsed sheet and strip NUL characters (a NUL in a cell is
    never data: C-string exports, binary junk; DuckDB and the reports must not see it)."""
    L.check_extent(df.height, df.width, where, csv=csv)
    if df.width == 0 or df.height == 0:
        return df
    stats = df.select(
        *[pl.col(c).str.len_chars().max().alias(f"len{i}") for i, c in enumerate(df.columns)],
        *[pl.col(c).str.contains("\x00", literal=True).any().alias(f"nul{i}") for i, c in enumerate(df.columns)],
    ).row(0)
    w = df.width
    L.check_cell_chars(max((n or 0) for n in stats[:w]), where)
    nul = [c for c, has in zip(df.columns, stats[w:], strict=True) if has]
    if nul:
        df = df.with_columns(
            pl.col(c).str.replace_all("\x00", "", literal=True).replace("", None).alias(c) for c in nul
        )
    return df


def fill_merged(df: pl.DataFrame, merged: list) -> pl.DataFrame:
    """Give every cell of a merged range its top-left value (Excel shows it that way)."""
    if not merged or df.height == 0:
        return df
    cols = {c: df[c].to_list() for c in df.columns}
    changed = False
    for (r0, c0), (r1, c1) in merged:
        if c0 >= df.width or r0 >= df.height:
            continue
        value = cols[f"c{c0}"][r0]
        for c in range(c0, min(c1, df.width - 1) + 1):
            col = cols[f"c{c}"]
            for r in range(r0, min(r1, df.height - 1) + 1):
                if col[r] is None:
                    col[r] = value
                    changed = True
    if not changed:
        return df
    return pl.DataFrame({c: pl.Series(v, dtype=pl.String) for c, v in cols.items()})


CHUNK_ROWS = 100_000
SMALL_CELLS = 200_000  # below this, a sheet's grid is finished in Python (_small_grid)


def _sheet_frame(sheet, merged: list, where: str) -> tuple[pl.DataFrame, bool]:
    """Rows from A1 (iter_rows starts there, like to_python(skip_empty_area=False)), converted to
    columns in chunks so that at most CHUNK_ROWS rows exist as Python objects at a time. Returns
    the frame and whether it is finished (bounded, cleaned and its merged ranges filled: a sheet
    read in one chunk, whose ranges are filled on the row lists before conversion)."""
    frames = []
    rows = sheet.iter_rows()
    # The cyclic GC would rescan the growing heap of row lists again and again (they hold no
    # cycles; reference counting frees them): about a quarter of the conversion time.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        while True:
            chunk = list(islice(rows, CHUNK_ROWS))  # C-level iteration, no per-row Python loop
            if not frames and len(chunk) < CHUNK_ROWS:  # the whole sheet
                width = max(map(len, chunk), default=0)
                L.check_extent(len(chunk), width, where)  # before filling: bounded work
                if width and merged:
                    _fill_rows(chunk, width, merged)
                if len(chunk) * width <= SMALL_CELLS:
                    return _small_grid(chunk, width, where), True
                return bound_and_clean(rows_to_frame(chunk), where), True
            if chunk or not frames:
                frames.append(rows_to_frame(chunk))
            if len(chunk) < CHUNK_ROWS:
                break
    finally:
        if gc_was_enabled:
            gc.enable()
    frames = [f for f in frames if f.width] or [pl.DataFrame()]
    return pl.concat(frames, how="diagonal") if len(frames) > 1 else frames[0], False


def _blank(v: object) -> bool:
    """A cell the grid holds as null: empty, or only NUL characters (bound_and_clean strips them)."""
    text = v if v.__class__ is str else _render(v)
    return not text or not text.replace("\x00", "")  # type: ignore[union-attr]


def _fill_rows(rows: list[list[object]], width: int, merged: list) -> None:
    """fill_merged on the row lists before they become columns: the same cells get the same
    top-left value (rendered like any cell of its column), in the same order, at the cost of the
    merged cells only instead of a copy of the whole grid."""
    height = len(rows)
    for (r0, c0), (r1, c1) in merged:
        if c0 >= width or r0 >= height:
            continue
        value = _cell(rows, r0, c0)
        for c in range(c0, min(c1, width - 1) + 1):
            for r in range(r0, min(r1, height - 1) + 1):
                row = rows[r]
                if c >= len(row):
                    row.extend([None] * (c + 1 - len(row)))  # rows_to_frame pads with None
                if _blank(row[c]):
                    row[c] = value


def _cell(rows: list[list[object]], r: int, c: int) -> object:
    return rows[r][c] if c < len(rows[r]) else None


def _render_column(col: tuple) -> list | tuple:
    """A column's cells as text ("" and None both stand for an empty cell)."""
    kinds = set(map(type, col))
    if kinds <= {str}:
        return col
    if kinds <= {str, float}:
        return [v if v.__class__ is str else repr(v) for v in col]
    if kinds <= _PLAIN:  # numbers without a call per cell ("" and None both become null)
        return [
            v if v.__class__ is str else None if v is None else repr(v) if v.__class__ is float else str(v)
            for v in col
        ]
    return [_render(v) for v in col]


def _small_grid(rows: list[list[object]], width: int, where: str) -> pl.DataFrame:
    """rows_to_frame + bound_and_clean for a sheet of a few cells: the extent and cell-length
    checks, the NUL stripping and "" -> null done on the Python lists (C-level where it can),
    then one frame built; polars' per-call cost was most of a small sheet's grid."""
    height = len(rows)
    if not width:
        L.check_extent(0, 0, where)
        return pl.DataFrame()
    L.check_extent(height, width, where)
    if min(map(len, rows)) != width:
        rows = [list(r) + [None] * (width - len(r)) for r in rows]
    rendered = [_render_column(col) for col in zip(*rows, strict=True)]
    # each column's non-empty texts (a column of str only is its tuple of texts as read)
    texts_of = [[v for v in values if v] if values.__class__ is list else values for values in rendered]
    L.check_cell_chars(max((max(map(len, texts), default=0) for texts in texts_of), default=0), where)
    cells: list[str | None] = []  # column after column: one Series, then a slice per column
    for values, texts in zip(rendered, texts_of, strict=True):
        if "\x00" in "".join(texts):
            cells += [v.replace("\x00", "") or None if v else None for v in values]
        else:
            cells += [v or None for v in values]
    flat = pl.Series(cells, dtype=pl.String)  # one conversion: a Series each cost ~15 us more
    return pl.DataFrame([flat.slice(i * height, height).alias(f"c{i}") for i in range(width)])


def read_spreadsheet(path: Path) -> Workbook:
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for corrupt files
        raise UnreadableFile(f"cannot open {path.name} as a spreadsheet: {exc}") from exc
    sheets: list[Sheet] = []
    ignored: list[tuple[str, str]] = []
    try:
        for meta in wb.sheets_metadata:
            if meta.typ not in (SheetTypeEnum.WorkSheet,):
                ignored.append((meta.name, f"not a worksheet ({meta.typ})"))
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            merged = list(sheet.merged_cell_ranges or [])
            where = f"sheet '{meta.name}'"
            df, finished = _sheet_frame(sheet, merged, where)
            if not finished:
                df = fill_merged(bound_and_clean(df, where), merged)
            sheets.append(
                Sheet(
                    name=meta.name,
                    cells=df,
                    hidden=meta.visible != SheetVisibleEnum.Visible,
                    merged=merged,
                )
            )
    except (UnreadableFile, L.RejectedFile):
        raise
    except Exception as exc:
        raise UnreadableFile(f"cannot read {path.name}: {exc}") from exc
    finally:
        wb.close()
    return Workbook(kind=path.suffix.lower().lstrip("."), sheets=sheets, ignored_sheets=ignored)


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


def detect_encoding(data: bytes) -> str:
    """utf-8-sig (BOM), utf-16 (BOM), utf-8 when it decodes, else gb18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"cannot decode as UTF-8 or GB18030/GBK ({exc}); pass --encoding to override"
        ) from exc


def _utf8_or_gb18030(data: bytes) -> str:
    """For a file that is not valid UTF-8 as a whole: UTF-8 when its invalid sequences are at
    most 1 % of its non-ASCII characters (a damaged UTF-8 file: read as GB18030 every Chinese
    character would be mojibake), else GB18030 (GBK text decoded as UTF-8 is mostly invalid)."""
    as_utf8 = data.decode("utf-8", errors="replace")
    damaged = as_utf8.count("\ufffd")
    non_ascii = len(as_utf8) - len(as_utf8.encode("ascii", errors="ignore"))
    return "utf-8" if damaged * 100 <= non_ascii else "gb18030"


def _to_utf8(data: bytes, encoding: str | None, name: str) -> tuple[bytes, str]:
    """The bytes as UTF-8 plus the encoding used; decodes each file at most once or twice."""
    if encoding is None:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8):], "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            try:
                data.decode("utf-8")
                return data, "utf-8"
            except UnicodeDecodeError:
                encoding = _utf8_or_gb18030(data)
                if encoding == "utf-8":  # a few damaged sequences: U+FFFD, the rows quarantined
                    return data.decode("utf-8", errors="replace").encode("utf-8"), "utf-8"
    try:
        return data.decode(encoding).encode("utf-8"), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        hint = "" if encoding != "gb18030" else " or UTF-8; pass --encoding to override"
        raise UnreadableFile(f"cannot decode {name} as {encoding}{hint}: {exc}") from exc


def _sniff_separator(text: str) -> str:
    head = text[:20000].splitlines()[:30]
    best, best_count = ",", 0
    for sep in (",", "\t", ";", "|"):
        count = sum(line.count(sep) for line in head)
        if count > best_count:
            best, best_count = sep, count
    return best


def read_csv(path: Path, encoding: str | None = None) -> Workbook:
    L.check_bytes(path.stat().st_size, L.MAX_FILE_BYTES, path.name)
    data = path.read_bytes()
    utf8, enc = _to_utf8(data, encoding, path.name)
    if utf8.startswith(codecs.BOM_UTF8):
        utf8 = utf8[len(codecs.BOM_UTF8):]
    if not utf8.strip():
        return Workbook(kind="csv", sheets=[Sheet("", pl.DataFrame())], encoding=enc)
    sep = _sniff_separator(utf8[:65536].decode("utf-8", errors="ignore"))
    try:
        df = _polars_csv(utf8, sep)
    except L.RejectedFile:
        raise
    except Exception:
        df = _python_csv(utf8, sep)  # polars refuses some malformed quoting; the csv module copes
    return Workbook(kind="csv", sheets=[Sheet("", bound_and_clean(df, "the CSV", csv=True))], encoding=enc)


def _polars_csv(utf8: bytes, sep: str) -> pl.DataFrame:
    # An upper bound of fields per line (separators inside quotes only over-count); a synthetic
    # header of that width stops polars from truncating lines longer than the first one.
    lines = pl.read_csv(
        io.BytesIO(utf8), has_header=False, separator="\x1f", quote_char=None,
        infer_schema=False, new_columns=["line"], truncate_ragged_lines=True,
    )
    width = int(lines["line"].str.count_matches(sep, literal=True).max() or 0) + 1
    L.check_extent(lines.height, width, "the CSV", csv=True)  # before polars builds the columns
    header = (sep.join(f"c{i}" for i in range(width)) + "\n").encode()
    df = pl.read_csv(
        io.BytesIO(header + utf8), has_header=True, separator=sep, infer_schema=False,
        truncate_ragged_lines=True,
    )
    return _drop_empty_trailing(df.with_columns(pl.all().replace("", None)))


def _python_csv(utf8: bytes, sep: str) -> pl.DataFrame:
    try:
        rows = []
        for row in csv.reader(io.StringIO(utf8.decode("utf-8", errors="replace"), newline=""), delimiter=sep):
            rows.append(row)
            if len(rows) % 65536 == 0 or len(row) > L.MAX_COLUMNS:
                L.check_extent(len(rows), max(map(len, rows[-65536:])), "the CSV", csv=True)
    except csv.Error as exc:
        raise UnreadableFile(f"malformed CSV: {exc}") from exc
    return _drop_empty_trailing(rows_to_frame(rows))


def _drop_empty_trailing(df: pl.DataFrame) -> pl.DataFrame:
    if df.width == 0 or df.height == 0:
        return df
    counts = df.select(pl.all().is_not_null().sum()).row(0)
    keep = max((i for i, n in enumerate(counts) if n), default=0) + 1
    return df.select(df.columns[:keep])


def _disguised_spreadsheet(path: Path, encoding: str | None) -> Workbook:
    """Old export systems write CSV text under an .xls name: read it as CSV."""
    head = path.read_bytes()[:4096]
    if head.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<"):
        raise UnreadableFile(
            f"{path.name} is an XML page (not an HTML table) saved with a spreadsheet extension; "
            "open it in Excel and save it as .xlsx (or export the data as CSV), then drop it again"
        )
    if head.startswith((b"PK", b"\xd0\xcf\x11\xe0")) or b"\x00" in head:
        raise UnreadableFile(f"{path.name} is a damaged workbook")
    wb = read_csv(path, encoding)
    wb.kind = "csv-in-" + path.suffix.lower().lstrip(".")
    return wb


def read_html(path: Path) -> Workbook:
    """An HTML page (web systems' ".xls" export): each <table> is a sheet ('' when only one)."""
    L.check_bytes(path.stat().st_size, L.MAX_HTML_BYTES, path.name)
    try:
        tables, enc = read_html_tables(path.read_bytes())
    except ValueError as exc:
        raise UnreadableFile(f"{path.name} is an HTML page: {exc}") from exc
    sheets = [
        Sheet("" if len(tables) == 1 else f"table {i + 1}",
              bound_and_clean(rows_to_frame(rows), f"HTML table {i + 1}"))
        for i, rows in enumerate(tables)
    ]
    return Workbook(kind="html-in-" + (path.suffix.lower().lstrip(".") or "file"), sheets=sheets, encoding=enc)


def read_workbook(path: Path | str, encoding: str | None = None) -> Workbook:
    """Dispatch on what the bytes are (the extension lies), after the pre-parse limit checks."""
    path = Path(path)
    suffix = path.suffix.lower()
    L.check_bytes(path.stat().st_size, L.MAX_FILE_BYTES, path.name)
    with open(path, "rb") as fh:
        kind = sniff(fh.read(8192))
    if kind == "html" and suffix not in CSV_SUFFIXES:
        return read_html(path)
    if kind == "zip":
        check_xlsx(path)
    elif kind == "ole":
        check_ole(path)
    if suffix in CSV_SUFFIXES and kind not in ("zip", "ole"):
        return read_csv(path, encoding)
    if suffix in SPREADSHEET_SUFFIXES:
        try:
            return read_spreadsheet(path)
        except UnreadableFile:
            if suffix != ".xls" or kind != "text":
                raise
            return _disguised_spreadsheet(path, encoding)
    # Unknown suffix: try spreadsheet, then CSV.
    if kind in ("zip", "ole"):
        return read_spreadsheet(path)
    return read_csv(path, encoding)
