{#- ISO day of the week of a date: 1 = Monday .. 7 = Sunday. -#}
{% macro iso_weekday(date_expr) -%}
  {{ return(adapter.dispatch('iso_weekday', 'teacher_training')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_weekday(date_expr) %}isodow({{ date_expr }}){% endmacro %}

{% macro spark__iso_weekday(date_expr) %}extract(dow_iso from {{ date_expr }}){% endmacro %}
