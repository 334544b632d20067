"""School names for the products' pages and file names."""

from __future__ import annotations

import re
from typing import Any

from expectations.findings import has_table, table_columns
from expectations.workbooks import safe_file_part


def school_names(con: Any) -> dict[str, str]:
    """School code -> name: main.int_schools, else the restricted directory's name (a
    warehouse built only up to the bulletins has no int_schools)."""
    names: dict[str, str] = {}
    directory = ("restricted", "restricted_teacher_directory")
    if has_table(con, *directory) and {"school_code", "school_name"} <= table_columns(
        con, *directory
    ):
        names.update(_names(con, "restricted.restricted_teacher_directory"))
    if has_table(con, "main", "int_schools"):
        names.update(_names(con, "main.int_schools"))
    return names


def _names(con: Any, relation: str) -> dict[str, str]:
    rows = con.execute(
        f"select school_code, max(school_name) from {relation} "
        "where school_code is not null group by school_code"
    ).fetchall()
    return {code: name or "" for code, name in rows}


def file_stem(school_code: str, school_name: str) -> str:
    """The start of a school's file names: code, then name, as the correction workbooks'."""
    code = re.sub(r"[^0-9A-Za-z_-]", "_", school_code)
    name = safe_file_part(school_name)
    return f"{code}_{name}" if name else code
