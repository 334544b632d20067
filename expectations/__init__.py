"""Data-quality outputs for auditors, on top of the DuckDB warehouse.

- ``expectations.suites``: GX suites per published mart (``run_mart_suites``, stored result)
- ``expectations.report`` + ``templates/``: the auditors' HTML report (``build_auditors_report``)
- ``expectations.workbooks``: per-school correction workbooks (``build_correction_workbooks``)
- ``expectations.catalogue`` + ``rules.yml``: what each dq_findings rule means and how to fix it

Nothing here knows about Dagster; every entry point takes a DuckDB connection. Importing this
package does not import Great Expectations (slow); ``expectations.suites`` does, lazily.
"""
