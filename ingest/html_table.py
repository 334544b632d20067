"""HTML tables saved as .xls (what many Chinese web systems export) -> rows of cell texts.

Standard library only (html.parser): lxml is not a dependency. Each <table> becomes one grid;
colspan/rowspan cells are repeated into every cell they cover (as merged ranges are filled for
spreadsheets); <br> is a line break; text is whitespace-trimmed. A nested table is read as its
own table and its text is not repeated in the outer cell. Encoding: BOM, else the page's own
<meta charset> (gbk/gb2312 read as GB18030, their superset), else strict UTF-8 on the whole
file, else GB18030.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from ingest import limits as L

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030"}


def decode_html(data: bytes) -> tuple[str, str]:
    """(text, encoding used)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii").lower()
        enc = _SUPERSETS.get(declared, declared)
        try:
            codecs.lookup(enc)
            if enc in ("utf-8", "utf8"):
                data.decode("utf-8")  # a page that says utf-8 but is not falls through below
            return data.decode(enc, errors="replace"), enc
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), "gb18030"


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str | None]]] = []
        self._stack: list[dict] = []  # open tables (nested ones too)

    # A table under construction: rows (lists), pending rowspans {col: (value, rows_left)}.
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append({"rows": [], "row": None, "cell": None, "spans": {}, "span": (1, 1)})
            return
        if not self._stack:
            return
        t = self._stack[-1]
        if tag == "tr":
            self._end_row(t)
            t["row"] = []
        elif tag in ("td", "th"):
            self._end_cell(t)
            if t["row"] is None:
                t["row"] = []
            a = dict(attrs)
            t["cell"] = []
            t["span"] = (_int(a.get("rowspan")), _int(a.get("colspan")))
        elif tag == "br" and t["cell"] is not None:
            t["cell"].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        t = self._stack[-1]
        if tag in ("td", "th"):
            self._end_cell(t)
        elif tag == "tr":
            self._end_row(t)
        elif tag == "table":
            self._end_row(t)
            self.tables.append(self._stack.pop()["rows"])

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1]["cell"] is not None:
            cell = self._stack[-1]["cell"]
            cell.append(data)
            if len(cell) > 64 and sum(map(len, cell)) > L.MAX_CELL_CHARS:
                L.check_cell_chars(sum(map(len, cell)), "an HTML table cell")

    def _fill_spans(self, t: dict) -> None:
        """Cells covered by a rowspan from above take their places in the current row."""
        row = t["row"]
        while (col := len(row)) in t["spans"]:
            value, left = t["spans"][col]
            row.append(value)
            if left <= 1:
                del t["spans"][col]
            else:
                t["spans"][col] = (value, left - 1)

    def _end_cell(self, t: dict) -> None:
        if t["cell"] is None:
            return
        text = "".join(t["cell"])
        text = "\n".join(" ".join(part.split()) for part in text.split("\n")).strip()
        value = text or None
        L.check_cell_chars(len(text), "an HTML table cell")
        rowspan, colspan = t["span"]
        row = t["row"]
        self._fill_spans(t)
        for _ in range(colspan):
            if rowspan > 1:
                t["spans"][len(row)] = (value, rowspan - 1)
            row.append(value)
            self._fill_spans(t)
        L.check_extent(len(t["rows"]) + 1, len(row), "the HTML table")
        t["cell"] = None

    def _end_row(self, t: dict) -> None:
        self._end_cell(t)
        if t["row"] is None:
            return
        self._fill_spans(t)
        t["rows"].append(t["row"])
        t["row"] = None
        width = max(len(t["rows"][-1]), 1)
        L.check_extent(len(t["rows"]), width, "the HTML table")


def _int(v: str | None) -> int:
    try:
        n = int(str(v).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), L.MAX_COLUMNS)


def read_html_tables(data: bytes) -> tuple[list[list[list[str | None]]], str]:
    """(tables as row lists, encoding) of an HTML page; RejectedFile over a limit, ValueError
    when it holds no table."""
    L.check_bytes(len(data), L.MAX_HTML_BYTES, "the HTML page")
    text, enc = decode_html(data)
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    while parser._stack:  # unclosed tables (truncated exports) still count
        t = parser._stack.pop()
        parser._end_row(t)
        parser.tables.append(t["rows"])
    if not any(parser.tables):
        raise ValueError("the HTML page holds no <table> with rows")
    return [t for t in parser.tables if t], enc
