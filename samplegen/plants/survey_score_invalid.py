"""AMOUNT_INVALID in the satisfaction surveys: a returned questionnaire whose 总体满意度 is not a
score from 1 to 5 (above the scale, zero, or a word written in the cell). Ingest quarantines the
row with reason AMOUNT_INVALID (an integer cell outside its bounds or not a number), so the
provider scorecards never count it.

A file-level plant: ``samplegen.survey`` draws every survey first, then hands the files' row
counts to ``choose``, which draws from its own stream so the clean files stay the same.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

RULE = "AMOUNT_INVALID"
RATE = 1 / 1000  # planted rows = max(1, round(teachers x RATE))
BAD_SCORES = ("7", "0", "很满意")  # given to the planted rows in turn


def choose(seed: int, rows_per_file: Sequence[int], n: int) -> dict[int, tuple[int, str]]:
    """{file index: (data row index, bad score)} of n distinct survey files. Never a file's
    first data row, so the planted line is 3 or later (line 1 is the header)."""
    r = random.Random(seed * 131 + 29)
    files = sorted(r.sample(range(len(rows_per_file)), min(n, len(rows_per_file))))
    return {
        f: (r.randint(1, rows_per_file[f] - 1), BAD_SCORES[i % len(BAD_SCORES)])
        for i, f in enumerate(files)
    }
