"""Freshness of what analysts and auditors read: the published marts and the publication itself
must have been materialized within the last 26 hours (the nightly run plus slack); a miss shows
as a failed WARN check in the UI. The sensor evaluates the checks between runs."""

from datetime import timedelta

import dagster as dg

from expectations.suites import PUBLISHED_MARTS
from orchestration.defs.automation import sensor_status
from orchestration.defs.publish import PUBLISHED

MAX_AGE = timedelta(hours=26)

freshness_checks = dg.build_last_update_freshness_checks(
    assets=[PUBLISHED, *(dg.AssetKey(m) for m in PUBLISHED_MARTS)],
    lower_bound_delta=MAX_AGE,
    timezone="Asia/Shanghai",
)

freshness_sensor = dg.build_sensor_for_freshness_checks(
    freshness_checks=freshness_checks,
    name="published_marts_freshness",
    default_status=sensor_status(),
)
