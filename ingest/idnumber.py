"""Resident ID numbers (居民身份证号, GB 11643-1999): check character, validation, 15->18.

Pure functions shared by the readers (validation) and the sample generator (making valid IDs).
"""

from __future__ import annotations

from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(body17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    if len(body17) != 17 or not body17.isdigit():
        raise ValueError(f"expected 17 digits, got {body17!r}")
    total = sum(int(d) * w for d, w in zip(body17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def birth_date_of(id18: str) -> date | None:
    """The birth date encoded in an 18-character ID, or None when it is not a real date."""
    try:
        return date(int(id18[6:10]), int(id18[10:12]), int(id18[12:14]))
    except ValueError:
        return None


def has_valid_checksum(id18: str) -> bool:
    return len(id18) == 18 and id18[:17].isdigit() and check_char(id18[:17]) == id18[17]


def upgrade_15_to_18(id15: str) -> str:
    """Legacy 15-digit IDs carry YYMMDD and no check character: insert '19' and compute it."""
    if len(id15) != 15 or not id15.isdigit():
        raise ValueError(f"expected 15 digits, got {id15!r}")
    body = id15[:6] + "19" + id15[6:]
    return body + check_char(body)
