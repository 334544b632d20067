{#- type_double() (macros/keys.sql) on Spark: dbt.type_float() is Spark's 4-byte `float`; rates
    and money ratios need the 8-byte `double`, as on DuckDB. -#}
{% macro spark__type_double() %}{{ return('double') }}{% endmacro %}
