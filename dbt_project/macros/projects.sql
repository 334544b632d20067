{#-
  Projects and loads. One definition each, used by every model that
  needs it.

  plan_year_of(code, start, end): the plan year a record of project `code` belongs to. A code in
  two years' plans (延续实施) is two projects, keyed (project_code, year) in int_projects. The
  record goes to, in order:
    1. the plan whose dates overlap the record's dates,
    2. else the plan of the calendar year of the record's start (or end) date,
    3. else the plan year nearest that date;
  ties, and records without any date (国培 provider lists), follow policy
  projects.undated_record_plan_year: 'earliest' (default) or 'latest' plan year of the code.
  Null when the code is in no plan.
-#}
{% macro default__plan_year_of(code_expr, start_expr, end_expr) -%}
  {%- set order = 'desc' if policy_section_key('projects', 'undated_record_plan_year', 'earliest') == 'latest' else 'asc' -%}
  {%- set start_expr = "cast(" ~ start_expr ~ " as date)" -%}
  {%- set end_expr = "cast(" ~ end_expr ~ " as date)" -%}
  {%- set record_date = "coalesce(" ~ start_expr ~ ", " ~ end_expr ~ ")" -%}
  (
    select candidate.year
    from {{ ref('int_projects') }} as candidate
    where candidate.project_code = {{ code_expr }}
    order by
      case
        when {{ record_date }} is null then 3
        when candidate.start_date <= coalesce({{ end_expr }}, {{ start_expr }})
          and coalesce(candidate.end_date, candidate.start_date) >= {{ record_date }} then 0
        when candidate.year = extract(year from {{ record_date }}) then 1
        else 2
      end,
      abs(candidate.year - extract(year from {{ record_date }})),
      candidate.year {{ order }}
    limit 1
  )
{%- endmacro %}

{#-
  list_plan_year(alias, twins): the plan year of a 国培 provider-list row (`alias` has k_teacher
  and project_code; the list has no dates). `twins` is a relation of the provincial-export rows
  with their plan year already matched (k_teacher, project_code, plan_year): the plan year of the
  same teacher's provincial record of the code when there is one (the earliest of them), else
  plan_year_of without dates. So a list row and the provincial row of the same enrolment always
  land in the same plan year.
-#}
{% macro list_plan_year(alias, twins) -%}
  coalesce(
    (
      select min(twin.plan_year)
      from {{ twins }} as twin
      where twin.k_teacher = {{ alias }}.k_teacher
        and twin.project_code = {{ alias }}.project_code
    ),
    {{ plan_year_of(alias ~ '.project_code', 'null', 'null') }}
  )
{%- endmacro %}

{#-
  loaded_at_of(alias): how new the row's file is, for "the newest load wins" between copies of
  the same record in one source: its file load's recency_at (int_file_loads, the one definition).
  Null when the manifest does not know the load (ordered after every known load:
  `order by ... desc nulls last`).
-#}
{% macro loaded_at_of(alias) -%}
  (
    select file_loads.recency_at
    from {{ ref('int_file_loads') }} as file_loads
    where file_loads.load_id = {{ alias }}.load_id
      and file_loads.source_file = {{ alias }}.source_file
  )
{%- endmacro %}

{#-
  policy_section_key(section, key, default): policy[section][key], or `default` when the policy
  file has no such section or key (a region's older policy file; defaults documented in
  config/policy.yml).
-#}
{% macro policy_section_key(section, key, default) -%}
  {%- set values = dq_setting(section, {}) -%}
  {%- if values is mapping and key in values and values[key] is not none -%}{{ return(values[key]) }}{%- endif -%}
  {{ return(default) }}
{%- endmacro %}
