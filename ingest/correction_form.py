"""The form of a correction workbook, shared by its writer (expectations/workbooks.py) and its
reader (ingest/corrections.py): the headers the reader looks for and the answers it accepts."""

from __future__ import annotations

FINDING_ID_HEADER = "问题编号"
STATUS_HEADER = "整改情况（学校填写）"
NOTE_HEADER = "整改说明（学校填写）"

# the 整改情况 dropdown: label -> code stored in raw.correction_responses.response_code
ANSWERS = {
    "已整改": "fixed",
    "无需整改（说明原因）": "not_needed",
    "无法整改（说明原因）": "cannot_fix",
}
NEEDS_NOTE = {"not_needed", "cannot_fix"}  # answers that need a 整改说明
