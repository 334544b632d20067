{#- The values of `expr` joined by `delimiter` in the order of `order_expr` (one ordering column).
    DuckDB: string_agg(... order by ...); Spark: no ordered string_agg, so the pairs are
    collected, sorted and joined. -#}
{% macro string_agg_ordered(expr, delimiter, order_expr) -%}
  {{ return(adapter.dispatch('string_agg_ordered', 'teacher_training')(expr, delimiter, order_expr)) }}
{%- endmacro %}

{% macro default__string_agg_ordered(expr, delimiter, order_expr) -%}
  string_agg(
            {{ expr }},
            {{ delimiter }} order by {{ order_expr }}
        )
{%- endmacro %}

{% macro spark__string_agg_ordered(expr, delimiter, order_expr) -%}
  array_join(
            transform(
                array_sort(collect_list(named_struct('k', {{ order_expr }}, 'v', {{ expr }}))),
                pair -> pair.v
            ),
            {{ delimiter }}
        )
{%- endmacro %}
