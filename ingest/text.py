"""Text helpers shared by header detection and value normalisation.

Full-width folding (Ａ１（ -> A1(), header normalisation (strip `*`, spaces, line breaks and
parenthesised format hints, but report unit hints such as 元/万元/分钟 separately).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 is the ideographic space.
FULLWIDTH = [chr(c) for c in range(0xFF01, 0xFF5F)] + ["\u3000", "\u00a0", "\ufeff"]
HALFWIDTH = [chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)] + [" ", " ", ""]
_FOLD_TABLE = str.maketrans(dict(zip(FULLWIDTH, HALFWIDTH, strict=True)))

# Units a header may declare in brackets; everything else in brackets is a format hint.
UNIT_WORDS = {
    "元": "yuan",
    "人民币元": "yuan",
    "万元": "wan_yuan",
    "分钟": "minutes",
    "分": "minutes",
    "小时": "hours",
    "学时": "hours",
    "课时": "hours",
    "人": "count",
    "个": "count",
}
_BRACKETS = re.compile(r"[(\[【](.*?)[)\]】]")
_UNIT_PREFIX = re.compile(r"^(单位[:：]?)")
_DROP = re.compile(r"[*\s]+")
_UNIT_TRAILER = re.compile(r"单位[:：]?(万元|元)$")


_FOLDABLE = re.compile("[\uff01-\uff5e\u3000\u00a0\ufeff]")  # the keys of _FOLD_TABLE


def fold_width(text: str) -> str:
    """Full-width ASCII and ideographic spaces to their half-width forms (translate only when
    there is one: a dict-table translate of Chinese text costs several times the search)."""
    return text.translate(_FOLD_TABLE) if _FOLDABLE.search(text) else text


def _drop(text: str) -> str:
    """_DROP.sub("", text); every character `\\s` matches but the space is non-printable, so a
    printable text without `*` or space has nothing to drop (a C-level test)."""
    if "*" not in text and " " not in text and text.isprintable():
        return text
    return _DROP.sub("", text)


def fold_width_expr(expr: pl.Expr) -> pl.Expr:
    """The vectorised fold_width, for polars string columns."""
    return expr.str.replace_many(FULLWIDTH, HALFWIDTH)


@dataclass(frozen=True)
class HeaderText:
    raw: str
    name: str  # normalised name used for synonym matching
    unit: str | None  # "yuan" | "wan_yuan" | "minutes" | "hours" | "count" | None


def normalize_header(raw: object) -> HeaderText:
    """Cached front of _normalize_header (header scans see the same cell texts many times)."""
    if raw is None or isinstance(raw, str):
        return _normalize_header_cached(raw)
    return _normalize_header(raw)


@lru_cache(maxsize=65536)
def _normalize_header_cached(raw: str | None) -> HeaderText:
    return _normalize_header(raw)


def _normalize_header(raw: object) -> HeaderText:
    """`*出生日期\\n(yyyy-MM-dd)` -> 出生日期; `培训经费支出合计(万元)` -> name 培训经费支出合计, unit wan_yuan."""
    return normalize_header_folded(raw)[0]


def normalize_header_folded(raw: object) -> tuple[HeaderText, str]:
    """_normalize_header and the width-folded text it read (callers that look at it again)."""
    text = "" if raw is None else fold_width(str(raw))
    unit: str | None = None
    bracketed = "(" in text or "[" in text or "【" in text  # _BRACKETS needs an opening bracket
    if bracketed:
        for inner in _BRACKETS.findall(text):
            word = _UNIT_PREFIX.sub("", _drop(inner))
            if word in UNIT_WORDS:
                unit = UNIT_WORDS[word]
    name = _drop(_BRACKETS.sub("", text) if bracketed else text)
    # A trailing "单位:万元" without brackets.
    m = _UNIT_TRAILER.search(name) if "单位" in name else None
    if m:
        unit = UNIT_WORDS[m.group(1)]
        name = name[: m.start()]
    return HeaderText(raw="" if raw is None else str(raw), name=name, unit=unit), text


def squeeze(text: str) -> str:
    """Remove every space (after folding), for comparing labels such as 合 计."""
    return _drop(fold_width(text))


# ---------------------------------------------------------------------------------------------
# Implausible text: what a wrong decoding produces (UTF-8 bytes read as GB18030 turn 林斌 into
# 鏋楁枌). A cell is implausible when it holds a replacement character (U+FFFD), a private-use
# character or a control character other than tab/line breaks, or when it has at least two CJK
# ideographs outside GB 2312 (the 6,763 characters every name and school name in common use is
# written with) and those are more than half of its ideographs. Real names with one rare
# character (王堃) stay plausible; mojibake is almost entirely rare characters.
# ---------------------------------------------------------------------------------------------


def _gb2312_hanzi() -> str:
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


_COMMON_HAN = "[" + _gb2312_hanzi() + "]"
_BAD_CHARS = r"[\x{FFFD}\x{E000}-\x{F8FF}\x00-\x08\x0B\x0C\x0E-\x1F]"


def implausible_text_expr(expr: pl.Expr) -> pl.Expr:
    """True where a text value looks like a wrong decoding (see above); null stays False."""
    han = expr.str.count_matches(r"\p{Han}")
    rare = han - expr.str.count_matches(_COMMON_HAN)
    return (expr.str.contains(_BAD_CHARS) | ((rare >= 2) & (rare * 2 > han))).fill_null(False)
