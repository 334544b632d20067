"""ID_EXCEL_DAMAGED: the ID number as Excel damages it, in a provincial-export record (县培/区培).

Alternately a float cell (6.10502E+17) and 18-digit text ending in 000 that fails the checksum;
the teacher's ID is all digits and its 000-ending is never valid (``needs_digit_id``).
"""

from __future__ import annotations

from samplegen.layout import Project
from samplegen.plants.base import Record, TeacherYearState
from samplegen.plants.first_record import FirstRecordPlant


class IdExcelDamaged(FirstRecordPlant):
    rule = "ID_EXCEL_DAMAGED"
    rate = 1 / 500
    kinds = ("DAMAGED_FLOAT", "DAMAGED_000")
    needs_digit_id = True
    quarantined = True

    def change(self, ty: TeacherYearState, p: Project, rec: Record) -> None:
        if ty.kind == "DAMAGED_FLOAT":
            rec.id_cell = float(int(ty.t.id_number))
        else:
            rec.id_cell = ty.t.id_number[:15] + "000"


PLANT = IdExcelDamaged()
