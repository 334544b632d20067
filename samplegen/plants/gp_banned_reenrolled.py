"""GP_BANNED_REENROLLED: a 国培 no-show (报到=否) enrolled in another 国培 project within the
policy's ban (guopei.ban_years)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from samplegen.plants.guopei_twice import GuopeiTwice, year_pair

if TYPE_CHECKING:
    from ingest.policy import Policy


class GpBannedReenrolled(GuopeiTwice):
    rule = "GP_BANNED_REENROLLED"
    rate = 1 / 1000
    kinds = ("GP_BANNED",)
    first_reported = False

    def years(self, rng: np.random.Generator, years: list[int], policy: Policy) -> tuple[int, ...]:
        return year_pair(rng, years, policy.guopei.ban_years, None)


PLANT = GpBannedReenrolled()
