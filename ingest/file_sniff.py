"""What a landing file really is, and whether it is safe to hand to a parser.

`sniff` looks at the first bytes (the extension lies: web systems save HTML as .xls).
`check_xlsx` bounds an XLSX before calamine sees it: declared and actual uncompressed sizes of
every zip member, the declared <dimension> of each sheet, and the extent its cell references
really reach (calamine allocates the dense rows x columns box of the cells it finds, so one cell
at XFD1048576 asks for 17 billion cells and aborts the process). `check_ole` reads just the
directory of an OLE compound file: an encrypted OOXML package (EncryptedPackage stream) or a
BIFF workbook whose globals start with FILEPASS is password-protected and is rejected.
All checks stream: memory stays at a few MB whatever the file declares.
"""

from __future__ import annotations

import codecs
import mmap
import re
import struct
import zipfile
import zlib
from pathlib import Path

from ingest import limits as L
from ingest.limits import RejectedFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_STARTS = (b"<html", b"<!doctype html", b"<table", b"<meta", b"<head", b"<body", b"<style")


def sniff(head: bytes) -> str:
    """zip | ole | html | text, from the first KB of a file."""
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    text = head
    for bom in (codecs.BOM_UTF8,):
        text = text.removeprefix(bom)
    text = text.lstrip().lower()
    if text.startswith(_HTML_STARTS):
        return "html"
    if text.startswith((b"<!--", b"<?xml", b"<!doctype")) and (b"<table" in head.lower() or b"<html" in head.lower()):
        return "html"
    return "text"


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------

_CHUNK = 4 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]{1,4})?([0-9]{0,9}):?([A-Za-z]{1,4})?([0-9]{0,9})"')
# No \b before r=": it would disable the regex engine's literal-prefix search (4x slower); no
# other SpreadsheetML attribute ends in `r="` followed by a cell reference.
_WIDE_OR_DEEP = re.compile(rb'r="(?:[A-Z]{2,}[0-9]|[A-Z]{1,3}[0-9]{7,}")')
_REF = re.compile(rb'r="([A-Z]{1,4})([0-9]{1,9})"')
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,9})"')


def col_number(letters: bytes | str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        n = n * 26 + ord(ch) - 64
    return n


def _is_sheet(name: str) -> bool:
    """A worksheet's XML (XLSX), or an ODS document's content.xml (all its sheets)."""
    return (name.startswith("xl/worksheets/") and name.endswith(".xml")) or name == "content.xml"


def check_xlsx(path: Path) -> None:
    """Raise RejectedFile when the package or one of its sheets is over a limit."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a readable zip: the spreadsheet reader says so with its own message
    with zf:
        infos = zf.infolist()
        if len(infos) > L.MAX_ZIP_MEMBERS:
            raise RejectedFile("LIMIT_BYTES", f"zip holds {len(infos):,} members (limit {L.MAX_ZIP_MEMBERS:,})")
        L.check_bytes(sum(i.file_size for i in infos), L.MAX_UNCOMPRESSED_BYTES,
                      "the workbook's declared uncompressed size")
        for info in infos:
            limit = L.MAX_SHEET_XML_BYTES if _is_sheet(info.filename) else L.MAX_OTHER_MEMBER_BYTES
            L.check_bytes(info.file_size, limit, f"zip member {info.filename} (declared uncompressed)")
        total = 0
        for info in infos:
            if _is_sheet(info.filename):
                total += _scan_sheet(zf, info)
            elif info.filename.endswith("sharedStrings.xml"):
                total += _scan_text(zf, info, "shared strings")
            L.check_bytes(total, L.MAX_UNCOMPRESSED_BYTES, "the workbook's uncompressed content")


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The member's bytes in chunks, never more than its declared size (a lie is corruption)."""
    try:
        with zf.open(info) as fh:
            read = 0
            while chunk := fh.read(_CHUNK):
                read += len(chunk)
                limit = L.MAX_SHEET_XML_BYTES if _is_sheet(info.filename) else L.MAX_OTHER_MEMBER_BYTES
                L.check_bytes(read, limit, f"zip member {info.filename}")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise RejectedFile("CORRUPT", f"zip member {info.filename} is damaged: {exc}") from exc


def _scan_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """Declared dimension and the real extent of the cell/row references; returns bytes read."""
    where = f"worksheet {info.filename}"
    max_row = max_col = 0
    size = 0
    tail = b""
    dimension_seen = False
    for chunk in _stream(zf, info):
        size += len(chunk)
        buf = tail + chunk
        if not dimension_seen and (m := _DIMENSION.search(buf)):
            dimension_seen = True
            c0, r0, c1, r1 = m.groups()
            ref = b"".join(g or b"" for g in (c0, r0)) + (b":" + (c1 or b"") + (r1 or b"") if c1 or r1 else b"")
            L.check_extent(int(r1 or r0 or 0), col_number(c1 or c0 or b"A"),
                           f"{where}'s declared dimension {ref.decode()}")
        # Cheap (C-level) test first: only references beyond column Z or row 999,999 need the
        # exact scan; a narrow sheet (<= 26 x 999,999 cells, under MAX_CELLS) passes with one
        # regex search per chunk. Once a wide reference was seen, every chunk is scanned.
        if max_col > 26 or _WIDE_OR_DEEP.search(buf):
            refs = _REF.findall(buf)
            if refs:
                max_col = max(max_col, max(col_number(c) for c in {c for c, _ in refs}))
                max_row = max(max_row, max(int(r) for _, r in refs))
            rows = _ROW.findall(buf)
            if rows:
                max_row = max(max_row, max(map(int, rows)))
            L.check_extent(max_row, max(max_col, 1), where)
        tail = buf[-64:]  # a reference cut by the chunk boundary is seen whole next time
    return size


def _scan_text(zf: zipfile.ZipFile, info: zipfile.ZipInfo, what: str) -> int:
    """The longest text between two tags (a cell's text, give or take entities)."""
    carry = b""
    size = 0
    for chunk in _stream(zf, info):
        size += len(chunk)
        pieces = (carry + chunk).split(b"<")
        carry = pieces.pop()  # may continue in the next chunk
        # A piece is `tag attrs>text`; its byte length bounds the text's characters from above,
        # so characters are counted only for a piece that is long in bytes.
        for piece in [p for p in pieces if len(p) > L.MAX_CELL_CHARS]:
            text = piece.partition(b">")[2]
            L.check_cell_chars(len(text.decode("utf-8", errors="replace")), f"{what} ({info.filename})")
        if len(carry) > 4 * L.MAX_CELL_CHARS + 4096:  # surely over the limit, whatever the bytes
            L.check_cell_chars(len(carry) // 4, f"{what} ({info.filename})")
    return size


# ---------------------------------------------------------------------------------------------
# OLE compound files (legacy .xls, and the container of an encrypted .xlsx)
# ---------------------------------------------------------------------------------------------

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_FILEPASS, _BOF, _DIMENSIONS = 0x002F, 0x0809, 0x0200
_WATCHED = frozenset({_FILEPASS, _BOF, _DIMENSIONS})


class _Cfb:
    """Just enough of [MS-CFB] to list stream names and read the start of a stream."""

    def __init__(self, data: mmap.mmap | bytes):
        self.data = data
        if len(data) < 512 or data[:8] != OLE_MAGIC:
            raise ValueError("not an OLE compound file")
        self.ssz = 1 << struct.unpack_from("<H", data, 30)[0]
        if self.ssz not in (512, 4096):
            raise ValueError("bad sector size")
        self.nsect = (len(data) - 512) // self.ssz + 1
        n_fat, first_dir = struct.unpack_from("<II", data, 44)
        first_difat, n_difat = struct.unpack_from("<II", data, 68)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < self.nsect]
        sec, hops = first_difat, 0
        per = self.ssz // 4
        while sec < self.nsect and hops <= n_difat:
            vals = struct.unpack_from(f"<{per}I", data, self._off(sec))
            fat_sectors += [s for s in vals[:-1] if s < self.nsect]
            sec, hops = vals[-1], hops + 1
        self.fat_sectors = fat_sectors[: max(n_fat, 0) or len(fat_sectors)]
        self.first_dir = first_dir

    def _off(self, sector: int) -> int:
        return 512 + sector * self.ssz

    def _next(self, sector: int) -> int:
        per = self.ssz // 4
        idx, pos = divmod(sector, per)
        if idx >= len(self.fat_sectors):
            return _END
        return struct.unpack_from("<I", self.data, self._off(self.fat_sectors[idx]) + 4 * pos)[0]

    def chain(self, start: int, max_sectors: int):
        sec, seen = start, 0
        while sec < self.nsect and seen < max_sectors:
            yield sec
            sec, seen = self._next(sec), seen + 1

    def entries(self) -> list[tuple[str, int, int, int]]:
        """(name, type, start sector, size) of every directory entry (at most 4,096 sectors)."""
        out = []
        for sec in self.chain(self.first_dir, 4096):
            off = self._off(sec)
            for i in range(self.ssz // 128):
                e = off + 128 * i
                if e + 128 > len(self.data):
                    break
                name_len, kind = struct.unpack_from("<HB", self.data, e + 64)
                if kind == 0:
                    continue
                name = bytes(self.data[e : e + min(name_len, 64)]).decode("utf-16-le", errors="replace").rstrip("\x00")
                start, size = struct.unpack_from("<II", self.data, e + 116)
                out.append((name, kind, start, size))
        return out

    def head(self, start: int, size: int, nbytes: int) -> bytes:
        """First bytes of a stream stored in regular sectors."""
        want = min(size, nbytes)
        parts = []
        for sec in self.chain(start, want // self.ssz + 1):
            parts.append(bytes(self.data[self._off(sec) : self._off(sec) + self.ssz]))
        return b"".join(parts)[:want]

    def mini_head(self, root_start: int, start: int, size: int) -> bytes:
        """A stream under the mini-stream cutoff (64-byte sectors inside the root's stream)."""
        container = self.head(root_start, len(self.data), len(self.data))
        first_minifat, n_minifat = struct.unpack_from("<II", self.data, 60)
        minifat = self.head(first_minifat, n_minifat * self.ssz, n_minifat * self.ssz)
        entries = len(minifat) // 4
        parts, sec = [], start
        for _ in range(size // 64 + 1):
            if sec >= entries or (sec + 1) * 64 > len(container):
                break
            parts.append(container[sec * 64 : (sec + 1) * 64])
            sec = struct.unpack_from("<I", minifat, 4 * sec)[0]
        return b"".join(parts)[:size]


def check_ole(path: Path) -> None:
    """Raise RejectedFile(ENCRYPTED) for a password-protected workbook; size limit for the rest."""
    L.check_bytes(path.stat().st_size, L.MAX_FILE_BYTES, path.name)
    with open(path, "rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:
            return  # empty file
        try:
            _check_cfb(_Cfb(data))
        except (ValueError, struct.error, IndexError):
            return  # a damaged container: calamine reports it
        finally:
            data.close()


def _check_cfb(cfb: _Cfb) -> None:
    entries = cfb.entries()
    for name, kind, _, size in entries:
        if kind in (2, 5) and size > len(cfb.data):  # calamine would allocate the declared size
            raise RejectedFile(
                "CORRUPT", f"OLE stream '{name}' declares {size:,} bytes in a {len(cfb.data):,}-byte file"
            )
    names = {name for name, *_ in entries}
    if {"EncryptedPackage", "EncryptionInfo"} & names:
        raise RejectedFile(
            "ENCRYPTED",
            "the workbook is password-protected (an encrypted Office package): ask the sender "
            "for an unprotected copy (File > Info > Protect Workbook > Encrypt: clear the password)",
        )
    mini_cutoff = struct.unpack_from("<I", cfb.data, 56)[0]
    root_start = next((start for _, kind, start, _ in entries if kind == 5), _END)
    for name, kind, start, size in entries:
        if kind == 2 and name in ("Workbook", "Book"):
            if size >= mini_cutoff:
                stream = cfb.head(start, size, size)
            else:
                stream = cfb.mini_head(root_start, start, size)
            _check_biff(stream)


def _check_biff(stream: bytes) -> None:
    """Walk the BIFF records: FILEPASS in the globals -> ENCRYPTED; every sheet's DIMENSIONS
    record is checked against the limits (calamine allocates what it declares: a crafted
    rwMac of 4 billion aborts the process)."""
    if len(stream) < 4 or struct.unpack_from("<H", stream)[0] not in (_BOF, 0x0009, 0x0209, 0x0409):
        return  # not a BIFF workbook stream
    pos, sheet, end = 0, 0, len(stream) - 4
    unpack = struct.Struct("<HH").unpack_from
    while pos <= end:
        rtype, rlen = unpack(stream, pos)
        if rtype not in _WATCHED:
            pos += 4 + rlen
            continue
        body = stream[pos + 4 : pos + 4 + rlen]
        if rtype == _BOF:
            sheet += 1
        elif rtype == _FILEPASS and sheet == 1:
            raise RejectedFile(
                "ENCRYPTED",
                "the .xls workbook is password-protected (FILEPASS): ask the sender for an "
                "unprotected copy",
            )
        elif rtype == _DIMENSIONS and len(body) >= 14:
            _, rows, _, cols = struct.unpack_from("<IIHH", body)
            L.check_extent(rows, cols, f"sheet {sheet - 1}'s declared dimension (BIFF8)")
        elif rtype == _DIMENSIONS and len(body) >= 8:
            _, rows, _, cols = struct.unpack_from("<HHHH", body)
            L.check_extent(rows, cols, f"sheet {sheet - 1}'s declared dimension (BIFF5)")
        pos += 4 + rlen
