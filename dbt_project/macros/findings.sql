{#- The condition "the finding is open" (found by the latest build) on dq_findings as `alias`;
    a row without a status counts as open. The one dbt copy; Python's is
    expectations.findings.open_filter. -#}
{% macro open_finding(alias=none) -%}
  coalesce({{ alias ~ '.' if alias else '' }}status, 'open') = 'open'
{%- endmacro %}
