"""The auditors' data-quality report: one static, self-contained HTML file.

Rendered with Jinja2 (autoescape on) from expectations/templates/, its CSS and JS inlined and
its charts inline SVG: nothing is loaded from a network, so the file can be mailed or archived.
Labels are Chinese with English beside them; rule texts come from the rule catalogue.

- ``build``: reads the warehouse and renders (``build_auditors_report``, ``render_report``)
- ``status``: the top block (publication, next steps, workbooks)
- ``findings_view``, ``trends``, ``indicators``: the data behind each section
- ``page``: the Jinja2 environment
"""

from expectations.report.build import REPORT_NAME, build_auditors_report, render_report

__all__ = ["REPORT_NAME", "build_auditors_report", "render_report"]
