{#-
  One row per calendar month (its first day) from the month of `from_date` to the month of
  `to_date`, as a select-list expression that multiplies the row: the key of a join that replaces a
  range join on dates (two date ranges that overlap share at least one month). Empty when either
  date is null or `to_date` is before `from_date`.
-#}
{% macro month_buckets(from_date, to_date) -%}
  {{ return(adapter.dispatch('month_buckets', 'teacher_training')(from_date, to_date)) }}
{%- endmacro %}

{% macro default__month_buckets(from_date, to_date) -%}
    unnest(generate_series(
        date_trunc('month', {{ from_date }}),
        date_trunc('month', {{ to_date }}),
        interval 1 month
    ))
{%- endmacro %}

{% macro spark__month_buckets(from_date, to_date) -%}
    explode(sequence(trunc({{ from_date }}, 'MM'), trunc({{ to_date }}, 'MM'), interval 1 month))
{%- endmacro %}
