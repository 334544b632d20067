"""Which files are versions of one logical file, and which of two versions is the newer.

A file name carries two kinds of marks (ingest/README.md, "Logical files and versions"):
- a *version mark* at the end of the name: (修订), (更正), -更正, 修订版, _v2, 第2版, a date
  such as 20230915 or 2023-09-15. Two names equal once their version marks are removed are
  versions of one file;
- a *class/batch mark* anywhere in the name: 一班/2班, 第1期, 第二批, 批次3, 3组. Files that
  differ in it are different logical files (国培 一班 and 二班 lists both load).

The newer of two versions is decided by the marks (a date against a date, a version number
against a version number, a marked name against an unmarked one), else by the file's
modification time; never by the sort order of the names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

from ingest.text import fold_width

_NUM = "[0-9一二三四五六七八九十两]+"
_SEP = r"[\s_\-—.·]*"
_CORRECTION = "(?:修订|更正|修正|勘误|更新)(?:版|稿)?"
# Version marks, matched at the end of the stem (after folding full-width brackets).
_MARKS: list[tuple[str, re.Pattern[str]]] = [
    ("correction", re.compile(rf"{_SEP}[(\[【]?(?:第?({_NUM})次)?{_CORRECTION}({_NUM})?[)\]】]?$")),
    ("number", re.compile(rf"{_SEP}[(\[【]?[vV]({_NUM})[)\]】]?$")),
    ("number", re.compile(rf"{_SEP}[(\[【]?第({_NUM})(?:版|稿)[)\]】]?$")),
    ("date", re.compile(
        r"(?<![0-9A-Za-z])[\s_\-—.]*[(\[【]?((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
        r"[)\]】]?$"
    )),
    ("date", re.compile(
        r"(?<![0-9A-Za-z])[\s_\-—.]*[(\[【]?((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})日?"
        r"[)\]】]?$"
    )),
]
_BATCH = re.compile(rf"(?:第({_NUM})(期|批次|批|班|组)|批次({_NUM})|({_NUM}|[A-Za-z])(班(?!主任)|组))")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


# What file managers append to a copy: "x - 副本", "x - Copy", "x 副本(2)", "x (1)", "x的副本".
_COPY = re.compile(r"(?:\s*[-_－]?\s*(?:的)?(?:副本|复件|拷贝|copy)(?:\s*\(\d+\))?|\s*\(\d+\))$", re.I)


def is_copy_name(stem: str) -> bool:
    """True for a name a file manager gives a copy ('校本研修签到_2021 - 副本')."""
    return bool(_COPY.search(fold_width(stem)))


def chinese_number(text: str) -> int:
    """'12' -> 12, '十二' -> 12, '二十' -> 20, '三' -> 3 (numbers up to 99)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(units, 0)
    return _CN_DIGITS.get(text, 0)


@dataclass(frozen=True)
class VersionMark:
    """What a file name says about its version. number: 1 for an unmarked original, N for
    vN / 第N版, 2 for a correction (修订/更正) and N+1 for the N-th correction."""

    date: date | None = None
    number: int = 1
    marked: bool = False
    text: str = ""

    def describe(self) -> str:
        return self.text or "no version mark"


def split_version(stem: str) -> tuple[str, VersionMark]:
    """`教师花名册-更正` -> ('教师花名册', correction); `名单_v2_20230915` -> ('名单', v2 of 2023-09-15)."""
    name = fold_width(stem).strip()
    found_date: date | None = None
    number: int | None = None
    texts: list[str] = []
    changed = True
    while changed and name:
        changed = False
        for kind, pattern in _MARKS:
            m = pattern.search(name)
            if not m or m.start() == 0:
                continue
            if kind == "date":
                try:
                    d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    continue
                found_date = found_date or d
            elif kind == "correction":
                nth = m.group(1) or m.group(2)
                n = chinese_number(nth) + 1 if nth else 2
                number = max(number or 0, n)
            else:
                number = max(number or 0, chinese_number(m.group(1)))
            texts.insert(0, m.group(0).strip(" _-—.·"))
            name = name[: m.start()].rstrip(" _-—.·")
            changed = True
            break
    marked = bool(texts)
    return name, VersionMark(found_date, number or 1, marked, " ".join(texts))


def batch_mark(text: str) -> str | None:
    """The class/batch a name or title names: '国培_GP1_学员名单_二班' -> '班2'; None without one."""
    marks = []
    for m in _BATCH.finditer(fold_width(text)):
        if m.group(1):
            num, kind = m.group(1), m.group(2)
        elif m.group(3):
            num, kind = m.group(3), "批次"
        else:
            num, kind = m.group(4), m.group(5)
        kind = "批" if kind in ("批", "批次") else kind
        value = num.upper() if num.isascii() and num.isalpha() else str(chinese_number(num))
        marks.append(f"{kind}{value}")
    return "+".join(marks) if marks else None


def name_identity(source_file: str) -> tuple[str, str]:
    """(folder, name without its version mark and extension): equal for versions of one file."""
    p = PurePosixPath(source_file)
    return str(p.parent), split_version(p.stem)[0]


def file_version(source_file: str) -> VersionMark:
    return split_version(PurePosixPath(source_file).stem)[1]


def compare_versions(
    a: VersionMark, a_mtime: datetime | None, b: VersionMark, b_mtime: datetime | None
) -> int:
    """> 0 when version a is newer than b, < 0 when older, 0 when nothing tells them apart.
    Order of evidence: both dated -> the dates; then the version numbers; then a marked name
    against an unmarked one; then the modification times."""
    if a.date and b.date and a.date != b.date:
        return 1 if a.date > b.date else -1
    if a.number != b.number:
        return 1 if a.number > b.number else -1
    if a.marked != b.marked:
        return 1 if a.marked else -1
    if a_mtime and b_mtime and a_mtime != b_mtime:
        return 1 if a_mtime > b_mtime else -1
    return 0
