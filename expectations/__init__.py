"""Data-quality outputs for auditors, on top of the DuckDB warehouse.

- ``expectations.suites``: GX suites per published mart (``run_mart_suites``, stored result)
- ``expectations.report`` + ``templates/``: the auditors' HTML report (``build_auditors_report``)
- ``expectations.workbooks``: per-school correction workbooks (``build_correction_workbooks``)
- ``expectations.catalogue``: what each dq_findings rule means and how to fix it (from each dq
  model's YAML meta)

Nothing here knows about Dagster; every entry point takes a DuckDB connection. Importing this
package does not import Great Expectations (slow); ``expectations.suites`` does, lazily.
"""
