{#-
  School years (学年) for the credit figures. Policy key school_year_start_month
  (default 9 = September: a school year runs September to August; 1 = calendar years). A school
  year is named by the calendar year it starts in (school_year_start) and labelled '2022-2023'
  (or '2022' when it is a calendar year). A school year belongs to the cycle that contains the
  calendar year it ends in (school_year_end_year), so the 2021 cycle of 5 years is the school
  years 2020-2021 .. 2024-2025 (2020-09-01 .. 2025-08-31 by default): the school year that ends
  in the cycle's first year is its first. Funding stays by calendar year.
-#}
{% macro school_year_start_month() -%}
  {%- set p = var('policy', none) -%}
  {%- set month = 9 -%}
  {%- if p is mapping and p.get('school_year_start_month') is number -%}
    {%- set month = p['school_year_start_month'] | int -%}
  {%- endif -%}
  {%- if execute and (month < 1 or month > 12) -%}
    {{ exceptions.raise_compiler_error("policy school_year_start_month must be 1..12, got " ~ month) }}
  {%- endif -%}
  {{ return(month) }}
{%- endmacro %}

{#- The start year of the school year containing date_expr (an integer SQL expression). -#}
{% macro school_year_start_of(date_expr) -%}
  {%- set month = school_year_start_month() -%}
  {%- if month == 1 -%}
    cast(extract(year from {{ date_expr }}) as integer)
  {%- else -%}
    (cast(extract(year from {{ date_expr }}) as integer)
      - case when extract(month from {{ date_expr }}) < {{ month }} then 1 else 0 end)
  {%- endif -%}
{%- endmacro %}

{#- The calendar year in which the school year starting in start_expr ends (= start_expr for
    calendar years). Cycles are counted in these end years. -#}
{% macro school_year_end_year(start_expr) -%}
  {%- if school_year_start_month() == 1 -%}
    ({{ start_expr }})
  {%- else -%}
    ({{ start_expr }} + 1)
  {%- endif -%}
{%- endmacro %}

{#- The label of the school year starting in start_expr: '2022-2023', or '2022' for calendar years. -#}
{% macro school_year_label(start_expr) -%}
  {%- if school_year_start_month() == 1 -%}
    cast({{ start_expr }} as {{ dbt.type_string() }})
  {%- else -%}
    {{ dbt.concat(["cast(" ~ start_expr ~ " as " ~ dbt.type_string() ~ ")", "'-'",
                   "cast(" ~ start_expr ~ " + 1 as " ~ dbt.type_string() ~ ")"]) }}
  {%- endif -%}
{%- endmacro %}

{#- First day of the school year starting in start_expr, as a SQL date. -#}
{% macro school_year_first_day(start_expr) -%}
  make_date(cast({{ start_expr }} as integer), {{ school_year_start_month() }}, 1)
{%- endmacro %}

{#- Hours and credits in the credit marts: exact decimals, so two builds are byte-identical. -#}
{% macro credit_decimal(expr) -%}
  cast({{ expr }} as decimal(18, 4))
{%- endmacro %}
