{#-
  The final select of every dq_<rule> model. `relation` is a CTE with the columns
  k_teacher, school_code, project_code, year, source_file, source_row, detail, load_id.
  finding_id = hash of rule + source_file + source_row + entity keys (contract section 3).
-#}
{#- The calling rule model's `config.meta.rule` (its YAML entry in models/dq/_dq.yml): id,
    severity, guards and texts live there once. Parsing renders models without their YAML config,
    and a unit test's context holds neither the model's config nor the graph: there the id comes
    from the model's name (dq_<rule id in lower case>, a convention the catalogue enforces) and
    the severity is a stand-in. At execution a model without the meta stops the build. -#}
{% macro dq_rule_meta() -%}
  {%- set rule = (config.get('meta') or {}).get('rule') -%}
  {%- if rule is none and execute and model.resource_type == 'unit_test' -%}
    {%- set rule = {'id': model.tested_node_unique_id.split('.')[-1][3:] | upper,
                    'severity': 'unit_test'} -%}
  {%- elif rule is none and execute -%}
    {{ exceptions.raise_compiler_error(
        "dq model " ~ model.name ~ " has no config.meta.rule in its YAML (models/dq/_dq.yml)") }}
  {%- endif -%}
  {{ return(rule or {'id': 'UNPARSED', 'severity': 'warn'}) }}
{%- endmacro %}

{% macro dq_finding_select(relation) -%}
{%- set rule = dq_rule_meta() -%}
{%- set rule_id = rule['id'] -%}
select
  {{ surrogate_key([sql_string(rule_id), relation ~ '.source_file', relation ~ '.source_row',
                    relation ~ '.k_teacher', relation ~ '.school_code', relation ~ '.project_code',
                    relation ~ '.year']) }} as finding_id,
  cast({{ sql_string(rule_id) }} as {{ dbt.type_string() }}) as rule_id,
  cast({{ sql_string(rule['severity']) }} as {{ dbt.type_string() }}) as severity,
  cast({{ relation }}.k_teacher as {{ dbt.type_string() }}) as k_teacher,
  cast({{ relation }}.school_code as {{ dbt.type_string() }}) as school_code,
  cast({{ relation }}.project_code as {{ dbt.type_string() }}) as project_code,
  cast({{ relation }}.year as integer) as year,
  cast({{ relation }}.source_file as {{ dbt.type_string() }}) as source_file,
  cast({{ relation }}.source_row as integer) as source_row,
  cast({{ relation }}.detail as {{ dbt.type_string() }}) as detail,
  cast({{ relation }}.load_id as {{ dbt.type_string() }}) as load_id
from {{ relation }}
{%- endmacro %}

{#- Findings for quarantined rows carrying the calling model's rule id as an ingest reason code
    (ID_INVALID, ID_EXCEL_DAMAGED, HOURS_NEGATIVE). -#}
{% macro dq_quarantine_rule() -%}
{%- set rule_id = dq_rule_meta()['id'] -%}
with quarantined as (
    select
        source_file,
        source_row,
        reason_codes,
        reason_detail,
        load_id
    from {{ ref('stg_ingest__quarantine') }}
),

findings as (
    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        cast(null as {{ dbt.type_string() }}) as school_code,
        cast(null as {{ dbt.type_string() }}) as project_code,
        cast(null as integer) as year,
        source_file,
        source_row,
        -- reason_detail quotes the offending cell (an ID number): it stays in the raw layer
        {{ dbt.concat(["'quarantined at ingest: '", "reason_codes"]) }} as detail,
        load_id
    from quarantined
    where {{ dbt.concat(["','", "reason_codes", "','"]) }} like {{ sql_string('%,' ~ rule_id ~ ',%') }}
)

{{ dq_finding_select('findings') }}
{%- endmacro %}

{#-
  dq_setting(key, default): a data-quality threshold read from the region policy (var 'policy')
  when the policy file has the key, else the documented default below. Used for thresholds that
  config/policy.yml does not (yet) carry; a region adds the key to its policy file to change it:
    dq_max_hours_per_training_day     8      (HOURS_OVER_DAILY_MAX: more than 8 hours a day)
    dq_unit_factor_suspect            1000   (FUNDING_UNIT_SUSPECT: x1000 away from the median)
    dq_spend_over_budget_factor       100    (FUNDING_UNIT_SUSPECT: spend > 100 x budget)
-#}
{% macro dq_setting(key, default) -%}
  {%- set p = var('policy', none) -%}
  {%- if p is mapping and key in p and p[key] is not none -%}{{ return(p[key]) }}{%- endif -%}
  {{ return(default) }}
{%- endmacro %}

{#- A 学段 code as the Chinese label plan sheets write in 培训对象学段: the first label of the code
    in the stage vocabulary (macros/vocabularies.sql, generated from _vocabularies.yaml). -#}
{% macro stage_label(stage_expr) -%}
  case {{ stage_expr }}
  {%- for code, label in vocabulary_labels('stage').items() %}
    when {{ sql_string(code) }} then {{ sql_string(label) }}
  {%- endfor %}
  end
{%- endmacro %}

{#- True when the plan's target-stage text admits the stage code (null / 全学段 admit everyone). -#}
{% macro stage_in_target(stage_expr, target_expr) -%}
  ({{ target_expr }} is null or trim({{ target_expr }}) = '' or {{ target_expr }} like '%全%'
   or {{ stage_expr }} is null
   or {{ dbt.position(stage_label(stage_expr), target_expr) }} > 0
   or {{ dbt.position(stage_expr, 'lower(' ~ target_expr ~ ')') }} > 0)
{%- endmacro %}

{#- The row number of a skipped frame row (raw.skipped_rows reason: 'hours_row', 'total') of a
    file, for findings that point at such a row; `fallback` when the ingest did not record it. -#}
{% macro skipped_row_of(file_expr, reason, fallback) -%}
  coalesce((
    select max(skipped.source_row)
    from {{ source('raw_bookkeeping', 'skipped_rows') }} as skipped
    where skipped.source_file = {{ file_expr }}
      and skipped.reason = {{ sql_string(reason) }}
  ), {{ fallback }})
{%- endmacro %}

{#- The rule models dq_findings_current unions: dq_rule_models() (macros/dq_rules.sql), generated
    from the rule metas because dbt needs the refs when it parses the union, before any YAML
    config is known. At execution the graph is known: a model carrying config.meta.rule that the
    list lacks, or a listed model without one, stops the build with the command to run. -#}
{% macro dq_checked_rule_models() -%}
  {%- set listed = dq_rule_models() -%}
  {%- if execute and model.resource_type == 'model' -%}
    {%- set carrying = [] -%}
    {%- for node in graph.nodes.values()
          if node.resource_type == 'model' and node.package_name == project_name
             and (node.config.meta or {}).get('rule') -%}
      {%- do carrying.append(node.name) -%}
    {%- endfor -%}
    {%- set unlisted = carrying | reject('in', listed) | sort -%}
    {%- set stale = listed | reject('in', carrying) | sort -%}
    {%- if unlisted or stale -%}
      {{ exceptions.raise_compiler_error(
          "macros/dq_rules.sql is out of step with the rule metas of models/dq (not listed: "
          ~ (unlisted | join(', ') or 'none') ~ "; listed without a rule: "
          ~ (stale | join(', ') or 'none') ~ "); run `python dbt_project/scripts/generate.py`") }}
    {%- endif -%}
  {%- endif -%}
  {{ return(listed) }}
{%- endmacro %}
