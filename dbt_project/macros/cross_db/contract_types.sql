{#- The contracts in the marts' YAML name DuckDB's types; Spark's parser refuses a `varchar`
    without a length (its unbounded text is `string`). dbt casts each declared type through
    dbt.cast to check a contract, so the Spark form of that cast translates the name. -#}
{% macro spark__cast(field, type) -%}
  cast({{ field }} as {{ 'string' if type | trim | lower in ('varchar', 'text') else type }})
{%- endmacro %}
