{#- `name as {{ materialized_cte() }} (...)`: DuckDB computes a CTE read several times once when it
    is marked `materialized`; other engines have no such hint (Spark plans CTEs itself). -#}
{% macro materialized_cte() -%}
  {{ return(adapter.dispatch('materialized_cte', 'teacher_training')()) }}
{%- endmacro %}

{% macro default__materialized_cte() %}{{ return('') }}{% endmacro %}

{% macro duckdb__materialized_cte() %}{{ return('materialized') }}{% endmacro %}
