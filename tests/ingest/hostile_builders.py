"""Builders for hostile files: hand-written XLSX zips (crafted dimensions, cell references and
declared sizes), OLE compound files (an encrypted workbook container), HTML saved as .xls.

Everything is built in memory/tmp by the tests; nothing is downloaded or kept in the repo.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ingest_builders import PLATFORM_HEADER

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def col_letters(i: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 16383 -> XFD)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_xml(ref: str, value: object) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list[object]], dimension: str | None = None, extra_cells: str = "") -> str:
    """Rows of values (None = empty) as sheet XML; `extra_cells` is raw XML appended in a last row."""
    parts = [SHEET_HEAD]
    if dimension:
        parts.append(f'<dimension ref="{dimension}"/>')
    parts.append("<sheetData>")
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            cell_xml(f"{col_letters(c)}{r}", v) for c, v in enumerate(row) if v is not None
        )
        parts.append(f'<row r="{r}">{cells}</row>')
    if extra_cells:
        parts.append(extra_cells)
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def write_raw_xlsx(path: Path, sheet: str, shared_strings: str | None = None) -> Path:
    """A minimal valid XLSX package around the given sheet XML."""
    ss = shared_strings or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" '
        'uniqueCount="0"/>'
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", ss)
    return path


def patch_declared_size(path: Path, member: str, declared: int) -> None:
    """Rewrite the uncompressed size that the zip's central directory (and local header) declare
    for `member`, without writing that much data: what a zip bomb or a crafted file looks like."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    # Central directory entries: signature PK\x01\x02, uncompressed size at offset 24.
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == name:
            struct.pack_into("<I", data, pos + 24, declared)
        pos += 4
    pos = 0
    while True:
        pos = data.find(b"PK\x03\x04", pos)
        if pos < 0:
            break
        name_len = struct.unpack_from("<H", data, pos + 26)[0]
        if bytes(data[pos + 30 : pos + 30 + name_len]) == name:
            struct.pack_into("<I", data, pos + 22, declared)
        pos += 4
    path.write_bytes(bytes(data))


# ---------------------------------------------------------------------------------------------
# OLE compound file (CFB v3, 512-byte sectors): enough to hold named streams
# ---------------------------------------------------------------------------------------------

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, start: int, size: int, child: int = NOSTREAM) -> bytes:
    raw = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        raw.ljust(64, b"\x00")
        + struct.pack("<HBB", len(raw), kind, 1)
        + struct.pack("<III", NOSTREAM, NOSTREAM, child)
        + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
        + struct.pack("<IQ", start, size)
    )


def write_ole(path: Path, streams: dict[str, bytes]) -> Path:
    """A CFB file whose root holds `streams` (each padded to >= 4096 bytes so no mini stream is
    needed). Siblings are chained through the right-sibling pointer (a valid, if unbalanced,
    red-black tree: readers walk it the same way)."""
    sector = 512
    blobs = [(name, data.ljust(4096, b"\x00")) for name, data in streams.items()]
    sectors: list[bytes] = []
    fat: list[int] = []
    starts = []
    for _, data in blobs:
        n = (len(data) + sector - 1) // sector
        first = len(sectors)
        starts.append(first)
        for i in range(n):
            sectors.append(data[i * sector : (i + 1) * sector].ljust(sector, b"\x00"))
            fat.append(first + i + 1 if i < n - 1 else ENDOFCHAIN)
    # Directory: root + one entry per stream, 4 entries per sector.
    entries = [_dir_entry("Root Entry", 5, ENDOFCHAIN, 0, child=1 if blobs else NOSTREAM)]
    for i, ((name, data), start) in enumerate(zip(blobs, starts, strict=True)):
        e = bytearray(_dir_entry(name, 2, start, len(data)))
        if i + 1 < len(blobs):
            struct.pack_into("<I", e, 72, i + 2)  # right sibling
        entries.append(bytes(e))
    while len(entries) % 4:
        entries.append(b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", *[NOSTREAM] * 3)
                       + b"\x00" * 48)
    dir_first = len(sectors)
    n_dir = len(entries) // 4
    for i in range(n_dir):
        sectors.append(b"".join(entries[i * 4 : i * 4 + 4]))
        fat.append(dir_first + i + 1 if i < n_dir - 1 else ENDOFCHAIN)
    fat_sector = len(sectors)
    fat.append(FATSECT)
    fat += [FREESECT] * (128 - len(fat) % 128 if len(fat) % 128 else 0)
    assert len(fat) == 128, "test builder supports one FAT sector"
    sectors.append(struct.pack("<128I", *fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # number of FAT sectors
    struct.pack_into("<I", header, 48, dir_first)
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<I", header, 60, ENDOFCHAIN)  # first mini FAT sector
    struct.pack_into("<I", header, 68, ENDOFCHAIN)  # first DIFAT sector
    struct.pack_into("<I", header, 76, fat_sector)  # DIFAT[0]
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, FREESECT)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(header) + b"".join(sectors))
    return path


def biff_record(rtype: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(payload)) + payload


def encrypted_xls_workbook_stream() -> bytes:
    """A BIFF8 globals substream that starts BOF, FILEPASS (RC4), ... as a protected .xls does."""
    bof = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0))
    filepass = biff_record(0x002F, struct.pack("<HHH", 1, 1, 2) + b"\x00" * 48)
    return bof + filepass + biff_record(0x000A)


def html_table(rows: list[list[object]], charset: str | None = "utf-8", title: str | None = None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    head = f"<caption>{escape(title)}</caption>" if title else ""
    body = "".join(
        "<tr>" + "".join(f"<td>{'' if v is None else escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows
    )
    return f"<html><head>{meta}</head><body><table border=1>{head}{body}</table></body></html>"


def abort_on_boom(path: str, *args: object):
    """A parse task for the loader's pool that aborts its process on files named boom*: what a
    native crash (an allocation failure in a reader) looks like from the pool's side."""
    import os

    if Path(path).name.startswith("boom"):
        os.abort()
    from ingest.loader import _read_task

    return _read_task(path, *args)


def write_ole_mini(path: Path, streams: dict[str, bytes]) -> Path:
    """A CFB file whose (small, < 4096-byte) streams live in the mini stream, as Excel stores a
    tiny workbook: 64-byte mini sectors inside the root entry's stream, chained by the mini FAT."""
    sector = 512
    container = b""
    minifat: list[int] = []
    starts = []
    for data in streams.values():
        assert len(data) < 4096
        n = max(1, (len(data) + 63) // 64)
        first = len(minifat)
        starts.append(first)
        container += data.ljust(n * 64, b"\x00")
        minifat += [first + i + 1 if i < n - 1 else ENDOFCHAIN for i in range(n)]
    sectors: list[bytes] = []
    fat: list[int] = []
    n_cont = (len(container) + sector - 1) // sector
    for i in range(n_cont):
        sectors.append(container[i * sector : (i + 1) * sector].ljust(sector, b"\x00"))
        fat.append(i + 1 if i < n_cont - 1 else ENDOFCHAIN)
    minifat_sector = len(sectors)
    sectors.append(struct.pack("<128I", *(minifat + [FREESECT] * (128 - len(minifat)))))
    fat.append(ENDOFCHAIN)
    entries = [_dir_entry("Root Entry", 5, 0, len(container), child=1)]
    for i, ((name, data), start) in enumerate(zip(streams.items(), starts, strict=True)):
        e = bytearray(_dir_entry(name, 2, start, len(data)))
        if i + 1 < len(streams):
            struct.pack_into("<I", e, 72, i + 2)
        entries.append(bytes(e))
    while len(entries) % 4:
        entries.append(b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", *[NOSTREAM] * 3)
                       + b"\x00" * 48)
    dir_first = len(sectors)
    n_dir = len(entries) // 4
    for i in range(n_dir):
        sectors.append(b"".join(entries[i * 4 : i * 4 + 4]))
        fat.append(dir_first + i + 1 if i < n_dir - 1 else ENDOFCHAIN)
    fat_sector = len(sectors)
    fat.append(FATSECT)
    fat += [FREESECT] * (128 - len(fat))
    sectors.append(struct.pack("<128I", *fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)
    struct.pack_into("<I", header, 48, dir_first)
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<II", header, 60, minifat_sector, 1)
    struct.pack_into("<I", header, 68, ENDOFCHAIN)
    struct.pack_into("<I", header, 76, fat_sector)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, FREESECT)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(header) + b"".join(sectors))
    return path


MASK = "1101**********002X"


def platform_rows() -> list[list[object]]:
    """A platform export: two learners; 学习时长(分钟) is minutes."""
    return [
        PLATFORM_HEADER,
        ["林斌", MASK, "实验小学", "师德培训", "P1", "90", "已完成", "2023-03-05"],
        ["陈明", MASK, "实验小学", "师德培训", "P1", "120", "已完成", "2023-03-06"],
    ]


def loaded(read) -> list[tuple]:
    return read.canonical()["platform_records"].select("name", "hours").rows()
