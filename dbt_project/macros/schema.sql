{#-
  Schema names: a model with `+schema: X` lands in schema X itself (e.g. `restricted`), not in
  dbt's default `<target_schema>_X`, so the restricted directory has a plain, grantable name.
  Models without a custom schema stay in the target schema (`main`).
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
