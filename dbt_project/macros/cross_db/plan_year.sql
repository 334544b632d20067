{#- plan_year_of(code, start, end) (macros/projects.sql has the rules and DuckDB's form): one
    correlated subquery ordered by the rules, limit 1. Spark admits references to the outer row
    only in a subquery's WHERE, and no ORDER BY/LIMIT there, so its form takes the same choice
    from aggregates: the nearest overlapping plan, else the nearest plan (a plan of the record's own
    year is at distance 0), ties and undated records by policy projects.undated_record_plan_year. -#}
{% macro plan_year_of(code_expr, start_expr, end_expr) -%}
  {{ return(adapter.dispatch('plan_year_of', 'teacher_training')(code_expr, start_expr, end_expr)) }}
{%- endmacro %}

{% macro spark__plan_year_of(code_expr, start_expr, end_expr) -%}
  {%- set latest = policy_section_key('projects', 'undated_record_plan_year', 'earliest') == 'latest' -%}
  {%- set start_expr = "cast(" ~ start_expr ~ " as date)" -%}
  {%- set end_expr = "cast(" ~ end_expr ~ " as date)" -%}
  {%- set record_date = "coalesce(" ~ start_expr ~ ", " ~ end_expr ~ ")" -%}
  {%- set record_year = "extract(year from " ~ record_date ~ ")" -%}
  {%- set overlaps = "candidate.start_date <= coalesce(" ~ end_expr ~ ", " ~ start_expr ~ ")"
      ~ " and coalesce(candidate.end_date, candidate.start_date) >= " ~ record_date -%}
  (case
    when {{ record_date }} is null then (
      select {{ 'max' if latest else 'min' }}(candidate.year)
      from {{ ref('int_projects') }} as candidate
      where candidate.project_code = {{ code_expr }}
    )
    else coalesce(
      {{ _nearest_plan_year(code_expr, record_year, overlaps, latest) }},
      {{ _nearest_plan_year(code_expr, record_year, 'true', latest) }}
    )
  end)
{%- endmacro %}

{#- The plan year of the code nearest `year_expr` among the plans where `condition` holds: the
    latest at or below it against the earliest above it; a tie goes to the earlier one, or to the
    later with `latest`. A missing side counts as infinitely far (10^5 years away), so each
    subquery appears twice, not three times (a correlated subquery is a join on Spark). -#}
{% macro _nearest_plan_year(code_expr, year_expr, condition, latest) -%}
  {%- set below -%}
    (select max(candidate.year) from {{ ref('int_projects') }} as candidate
     where candidate.project_code = {{ code_expr }} and candidate.year <= {{ year_expr }}
       and {{ condition }})
  {%- endset -%}
  {%- set above -%}
    (select min(candidate.year) from {{ ref('int_projects') }} as candidate
     where candidate.project_code = {{ code_expr }} and candidate.year > {{ year_expr }}
       and {{ condition }})
  {%- endset -%}
  (case
    when {{ year_expr }} - coalesce({{ below }}, -100000)
      {{ '>=' if latest else '>' }} coalesce({{ above }}, 100000) - {{ year_expr }}
      then {{ above }}
    else {{ below }}
  end)
{%- endmacro %}
