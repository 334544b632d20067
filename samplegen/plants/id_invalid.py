"""ID_INVALID: a provincial-export record (县培/区培) whose ID number is invalid.

Alternately a wrong check character, and an impossible birth date with a recomputed check
character (never ending in 000, which would read as ID_EXCEL_DAMAGED).
"""

from __future__ import annotations

from ingest.idnumber import check_char
from samplegen.layout import Project
from samplegen.plants.base import Record, TeacherYearState
from samplegen.plants.first_record import FirstRecordPlant


class IdInvalid(FirstRecordPlant):
    rule = "ID_INVALID"
    rate = 1 / 600
    kinds = ("BAD_CHECK", "BAD_DATE")
    quarantined = True

    def change(self, ty: TeacherYearState, p: Project, rec: Record) -> None:
        r, idn = ty.r, ty.t.id_number
        if ty.kind == "BAD_CHECK":
            rec.id_cell = idn[:17] + r.choice([c for c in "123456789X" if c != idn[17]])
            return
        body = idn[:10] + r.choice(["0230", "0231", "1301", "0431", "0000"]) + idn[14:17]
        rec.id_cell = body + check_char(body)
        if rec.id_cell.endswith("000"):
            body = body[:16] + "1"
            rec.id_cell = body + check_char(body)


PLANT = IdInvalid()
