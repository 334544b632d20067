"""Limits that keep every file's read within bounded memory, checked before parsing.

A file over a limit is rejected with a `RejectedFile` naming the limit (the other files of the
run load). The figures are far above what a county's real exports need (the largest sample
file is ~5,000 rows x 17 columns; the benchmark's 1M-row XLSX is 17M cells) and far below what
would exhaust a 16 GB machine: a spreadsheet reader holds its sheet as a dense rows x columns
grid (~32 bytes a cell in calamine, ~60 more once converted), so the grid size is what is bounded.
"""

from __future__ import annotations

MAX_ROWS = 1_048_576  # Excel's own sheet limit (spreadsheets and HTML tables)
# A CSV has no sheet limit: a province's platform export runs past a million records. Its rows
# are bounded by MAX_CELLS and MAX_FILE_BYTES; this only stops a degenerate one-column file.
MAX_CSV_ROWS = 32_000_000
MAX_COLUMNS = 4_096  # sign-in matrices reach a few hundred; 16,384 (XFD) is Excel's maximum
MAX_CELLS = 32_000_000  # rows x columns of a sheet's extent from A1 (dense grid ~1 GB in calamine)
MAX_CELL_CHARS = 32_767  # Excel's own limit of characters in one cell
MAX_FILE_BYTES = 1 << 30  # any landing file on disk (1 GiB)
MAX_UNCOMPRESSED_BYTES = 2 << 30  # XLSX: all zip members together, as declared and as read
MAX_SHEET_XML_BYTES = 1536 << 20  # XLSX: one worksheet's XML (a 1M x 17 sheet is ~600 MB)
MAX_OTHER_MEMBER_BYTES = 128 << 20  # XLSX: sharedStrings.xml, styles.xml, ... each
MAX_ZIP_MEMBERS = 10_000
MAX_HTML_BYTES = 256 << 20  # HTML saved as .xls (verbose markup: ~10x the cell text)
MAX_RECORD_HOURS = 10_000.0  # hours in one record: a whole five-year cycle is ~9,000 working hours


class RejectedFile(Exception):
    """The file is refused on purpose (over a limit, encrypted): not a reader failure.

    `code` is a stable reason (LIMIT_ROWS, LIMIT_COLUMNS, LIMIT_CELLS, LIMIT_CELL_CHARS,
    LIMIT_BYTES, ENCRYPTED); `detail` says what was found and the limit."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"rejected ({code}): {detail}")
        self.code = code
        self.detail = detail


def check_extent(rows: int, cols: int, where: str, *, csv: bool = False) -> None:
    """Raise when a sheet's extent (from A1) is over the row, column or cell limit (a CSV's
    rows against MAX_CSV_ROWS, not Excel's sheet limit)."""
    if cols > MAX_COLUMNS:
        raise RejectedFile("LIMIT_COLUMNS", f"{where} spans {cols:,} columns (limit {MAX_COLUMNS:,})")
    max_rows = MAX_CSV_ROWS if csv else MAX_ROWS
    if rows > max_rows:
        raise RejectedFile("LIMIT_ROWS", f"{where} spans {rows:,} rows (limit {max_rows:,})")
    if rows * cols > MAX_CELLS:
        raise RejectedFile(
            "LIMIT_CELLS",
            f"{where} spans {rows:,} rows x {cols:,} columns = {rows * cols:,} cells "
            f"(limit {MAX_CELLS:,})",
        )


def check_cell_chars(longest: int, where: str) -> None:
    if longest > MAX_CELL_CHARS:
        raise RejectedFile(
            "LIMIT_CELL_CHARS",
            f"{where} holds a text of {longest:,} characters (limit {MAX_CELL_CHARS:,}, Excel's own)",
        )


def check_bytes(size: int, limit: int, what: str) -> None:
    if size > limit:
        raise RejectedFile("LIMIT_BYTES", f"{what} is {size:,} bytes (limit {limit:,})")
