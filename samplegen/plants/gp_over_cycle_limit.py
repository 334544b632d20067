"""GP_OVER_CYCLE_LIMIT: a teacher reported and passed in two 国培 projects of one cycle (the
policy's cycle start and length)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from samplegen.plants.guopei_twice import GuopeiTwice, year_pair

if TYPE_CHECKING:
    from ingest.policy import Policy


class GpOverCycleLimit(GuopeiTwice):
    rule = "GP_OVER_CYCLE_LIMIT"
    rate = 1 / 1000
    kinds = ("GP_OVER",)
    first_reported = True

    def years(self, rng: np.random.Generator, years: list[int], policy: Policy) -> tuple[int, ...]:
        return year_pair(rng, years, None, (policy.cycle_start_year, policy.cycle_length_years))


PLANT = GpOverCycleLimit()
