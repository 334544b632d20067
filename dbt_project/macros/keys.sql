{#-
  Keys. k_teacher (the keyed hash of the ID number) is computed at ingest with HMAC-SHA256 and
  arrives in the raw tables (ingest/teacher_key.py): no key and no teacher hash in dbt, so the key
  is in no var, compiled SQL, artifact or view definition.
-#}

{#- A non-secret surrogate key (md5 through dbt.hash) of several expressions; nulls become ''. -#}
{% macro surrogate_key(expressions) -%}
  {%- set parts = [] -%}
  {%- for e in expressions -%}
    {%- do parts.append("coalesce(cast(" ~ e ~ " as " ~ dbt.type_string() ~ "), '')") -%}
    {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
  {%- endfor -%}
  {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- A double-precision float (type_double() is 4-byte REAL on DuckDB; money needs 8 bytes). -#}
{% macro type_double() %}
  {{ return(adapter.dispatch('type_double', 'teacher_training')()) }}
{% endmacro %}

{% macro default__type_double() %}{{ return(dbt.type_float()) }}{% endmacro %}

{% macro duckdb__type_double() %}{{ return('double') }}{% endmacro %}

{% macro postgres__type_double() %}{{ return('double precision') }}{% endmacro %}

{# A rate that is null, not an error or infinity, when its denominator is 0 or missing. #}
{% macro safe_ratio(numerator, denominator) -%}
    case when {{ denominator }} > 0 then cast({{ numerator }} as {{ type_double() }}) / {{ denominator }} end
{%- endmacro %}
