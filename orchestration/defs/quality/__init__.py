"""Checks: one per data-quality rule, the GX suites over the marts, the failed-source check."""
