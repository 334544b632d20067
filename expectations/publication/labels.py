"""Chinese column labels of the published copies, from labels_zh.yml (the one place they live)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LABELS_FILE = Path(__file__).with_name("labels_zh.yml")


@cache
def column_labels() -> dict[str, str]:
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in (data.get("columns") or {}).items()}


def label(column: str) -> str:
    """The column's Chinese label, or its name when it has none."""
    return column_labels().get(column, column)
