{#-
  Keys. k_teacher is a keyed hash of the ID number: sha256(hash_key || '|' || id_number), so the
  marts never carry the ID number and nobody without the key can rebuild it from a guessed ID.
  The hash function differs per engine, hence adapter.dispatch.
-#}
{% macro hash_key_literal() %}
  {%- set key = var('hash_key', none) -%}
  {%- if key is none and execute -%}
    {{ exceptions.raise_compiler_error(
      "var 'hash_key' is missing: pass --vars '{\"policy\": {...}, \"hash_key\": \"<TT_HASH_KEY>\"}'.") }}
  {%- endif -%}
  {{ sql_string(key or '') }}
{%- endmacro %}

{% macro teacher_key(id_number_expr) %}
  {{ return(adapter.dispatch('teacher_key', 'teacher_training')(id_number_expr)) }}
{% endmacro %}

{% macro default__teacher_key(id_number_expr) -%}
  case when {{ id_number_expr }} is not null
    then lower(sha2({{ dbt.concat([hash_key_literal(), "'|'", id_number_expr]) }}, 256)) end
{%- endmacro %}

{% macro duckdb__teacher_key(id_number_expr) -%}
  case when {{ id_number_expr }} is not null
    then sha256({{ dbt.concat([hash_key_literal(), "'|'", id_number_expr]) }}) end
{%- endmacro %}

{% macro postgres__teacher_key(id_number_expr) -%}
  case when {{ id_number_expr }} is not null
    then encode(sha256(convert_to({{ dbt.concat([hash_key_literal(), "'|'", id_number_expr]) }}, 'UTF8')), 'hex') end
{%- endmacro %}

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
