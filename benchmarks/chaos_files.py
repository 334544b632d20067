"""Files and read-outs for benchmarks/chaos.py: broken and hostile inputs dropped into a copy of a
generated landing folder, and a digest of the published marts."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "ingest"))

from hostile_builders import html_table, sheet_xml, write_ole, write_raw_xlsx  # noqa: E402

MASK = "6101**********1234"
PLATFORM_HEADER = ["姓名", "证件号码", "工作单位", "课程名称", "项目编号", "学习时长(分钟)", "学习状态", "完成日期"]


def _platform_rows(names: list[str]) -> list[list[object]]:
    return [PLATFORM_HEADER] + [
        [name, MASK, "实验小学", "师德培训", "P1", "90", "已完成", "2023-03-05"] for name in names
    ]


def truncate_provincial_export(landing: Path) -> Path:
    """Cut the largest provincial export in half: an invalid zip, as a broken download leaves."""
    exports = sorted(
        (p for p in landing.rglob("*") if p.suffix in (".xlsx", ".xls") and "省" in p.name),
        key=lambda p: p.stat().st_size,
    )
    if not exports:
        raise FileNotFoundError(f"no provincial export (省...) under {landing}")
    target = exports[-1]
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def add_hostile_files(landing: Path) -> dict[str, tuple[str, ...]]:
    """Drop one file of each hostile kind; returns file name -> manifest statuses that are right."""
    folder = landing / "chaos"
    folder.mkdir(exist_ok=True)
    write_raw_xlsx(
        folder / "XFD单元格.xlsx",
        sheet_xml(_platform_rows(["林斌"]), None, '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
    )
    write_ole(folder / "加密.xlsx", {"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x" * 5000})
    (folder / "网页导出.xls").write_text(html_table(_platform_rows(["陈明", "王芳"])), encoding="utf-8")
    (folder / "平台学时_utf8.csv").write_bytes(
        f"姓名,证件号码,课程名称,学时\r\n林斌,{MASK},师德培训,3\r\n".encode()
    )
    return {
        "XFD单元格.xlsx": ("failed",),
        "加密.xlsx": ("failed",),
        "网页导出.xls": ("loaded",),
        "平台学时_utf8.csv": ("loaded",),
    }


def published_marts_digest(reports: Path) -> str | None:
    """A digest of every table in the current published analysts' file (None when there is none)."""
    from expectations.publication.location import current_version, publish_root

    current = current_version(publish_root(reports))
    if current is None or not (current / "analysts.duckdb").exists():
        return None
    digest = hashlib.sha256()
    with duckdb.connect(str(current / "analysts.duckdb"), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables order by 1"
        ).fetchall()
        for (table,) in tables:
            rows = con.execute(
                f"select md5(string_agg(cast(t as varchar), chr(10) order by cast(t as varchar))) from {table} as t"
            ).fetchone()[0]
            digest.update(f"{table}:{rows}".encode())
    return digest.hexdigest()[:16]
