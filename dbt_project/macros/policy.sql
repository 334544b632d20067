{#-
  policy(key): one value of the region policy (config/policy.yml), passed by the orchestration as
  --vars '{"policy": {...}}'. Models never write a rule number as a literal; they call this.

  - At parse time (execute = false, e.g. `dbt parse` or dagster-dbt loading the manifest) a missing
    policy is allowed: the macro returns a harmless placeholder so parsing succeeds.
  - At run time a missing policy or a missing key stops the build with a message saying what to pass.
-#}
{% macro policy(key) %}
  {%- set p = var('policy', none) -%}
  {%- if p is none or p is not mapping -%}
    {%- if execute -%}
      {{ exceptions.raise_compiler_error(
        "var 'policy' is missing. dbt needs the region policy: run "
        ~ "`python dbt_project/scripts/dbt_with_policy.py build` from the repository root, or pass "
        ~ "--vars '{\"policy\": <config/policy.yml as a dict>}'.") }}
    {%- endif -%}
    {{ return(_policy_placeholder()) }}
  {%- endif -%}
  {%- set as_json = p | tojson -%}
  {%- if execute and ('(' in as_json or ')' in as_json or ';' in as_json or "'" in as_json
                      or '--' in as_json or '\\"' in as_json) -%}
    {#- policy values are data: ingest.policy validates them; this stops a hand-made --vars too -#}
    {{ exceptions.raise_compiler_error(
      "var 'policy' holds text with SQL characters (quotes, brackets, ';' or '--'): "
      ~ "policy values are data, not SQL. Validate it with ingest.policy.load_policy.") }}
  {%- endif -%}
  {%- if key not in p -%}
    {%- if execute -%}
      {{ exceptions.raise_compiler_error(
        "policy key '" ~ key ~ "' is missing from var 'policy' (config/policy.yml). "
        ~ "Add it to the policy file or to TT_POLICY's file.") }}
    {%- endif -%}
    {{ return(_policy_placeholder()) }}
  {%- endif -%}
  {{ return(p[key]) }}
{% endmacro %}

{#- Parse-time stand-in: indexable, iterable and renderable, so `policy('it20')['min_hours']`
    and `for x in policy('counted_outcomes')` both parse. Never reaches a run. -#}
{% macro _policy_placeholder() %}
  {{ return({'min_hours': 0, 'min_practice_hours': 0, 'project_counties': [],
             'max_enrolments_per_cycle': 0, 'ban_years': 0, 'ban_outcomes': [],
             'school_training_share_of_public_funds': 0, 'county_training_share_of_payroll': 0,
             'in_person': 1, 'blended': 1, 'workshop': 1, 'online': 1, 'practice': 1,
             'school_based': 1, 'school_based_credits_per_year': none,
             'online_credits_per_cycle': none, 'credits_per_year': none, 'credits_per_cycle': none,
             'project_name_keywords': [], 'project_code_patterns': [], 'practice_modes': [],
             'county_budget_levels': []}) }}
{% endmacro %}

{#- A policy value as a SQL literal: numbers as numbers, strings quoted, none as null. -#}
{% macro policy_literal(value) %}
  {%- if value is none -%}null
  {%- elif value is number -%}{{ value }}
  {%- elif value is mapping -%}
    {%- if execute -%}{{ exceptions.raise_compiler_error("policy_literal got a mapping; index it first, e.g. policy('guopei')['ban_years']") }}{%- endif -%}null
  {%- else -%}{{ sql_string(value) }}
  {%- endif -%}
{% endmacro %}

{#- 'it''s' style quoting for a string literal. -#}
{% macro sql_string(value) %}'{{ (value | string).replace("'", "''") }}'{% endmacro %}

{#- A policy list as the inside of an `in (...)` list; an empty list never matches. -#}
{% macro sql_in_list(values) %}
  {%- if values is string -%}{%- set values = [values] -%}{%- endif -%}
  {%- if values is none or values | length == 0 -%}null
  {%- else -%}{%- for v in values -%}{{ sql_string(v) }}{{ ", " if not loop.last }}{%- endfor -%}
  {%- endif -%}
{% endmacro %}

{#- The policy's as_of_date as a SQL date. -#}
{% macro policy_as_of_date() %}cast({{ sql_string(policy('as_of_date')) }} as date){% endmacro %}

{#- First year of the policy cycle that contains year_expr (works for years before the policy's
    cycle_start_year too). -#}
{% macro cycle_start_year_of(year_expr) %}
  {%- set start = policy('cycle_start_year') -%}
  {%- set length = policy('cycle_length_years') -%}
  ({{ start }} + cast(floor(cast(({{ year_expr }}) - {{ start }} as {{ type_double() }}) / {{ length }}) as integer) * {{ length }})
{%- endmacro %}

{#- A boolean SQL expression: does the training record (title_expr, code_expr) belong to IT 2.0?
    True when the title contains one of policy it20.project_name_keywords or the project code
    matches one of it20.project_code_patterns (SQL LIKE). Both lists empty = nothing is IT 2.0. -#}
{% macro is_it20_training(title_expr, code_expr) -%}
  {%- set it20 = policy('it20') -%}
  {%- set parts = [] -%}
  {%- for keyword in it20.get('project_name_keywords') or [] -%}
    {%- do parts.append("coalesce(" ~ title_expr ~ ", '') like " ~ sql_string('%' ~ keyword ~ '%')) -%}
  {%- endfor -%}
  {%- for pattern in it20.get('project_code_patterns') or [] -%}
    {%- do parts.append("coalesce(" ~ code_expr ~ ", '') like " ~ sql_string(pattern)) -%}
  {%- endfor -%}
  {%- if parts | length == 0 -%}(1 = 0){%- else -%}({{ parts | join(' or ') }}){%- endif -%}
{%- endmacro %}

{#- The years of the policy's current cycle (cycle_start_year .. + cycle_length_years - 1) as a
    one-column relation `year`; at parse time (no policy yet) a single placeholder year. -#}
{% macro policy_cycle_years() -%}
  {%- set start = policy('cycle_start_year') -%}
  {%- set length = policy('cycle_length_years') -%}
  {%- if start is not number or length is not number -%}{%- set start, length = 0, 1 -%}{%- endif -%}
  {%- for offset in range(length) -%}
    select {{ start + offset }} as year
    {% if not loop.last %}union all{% endif %}
  {% endfor -%}
{%- endmacro %}
