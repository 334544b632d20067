{{ config(materialized='table') }}
-- grain: one row per data-quality finding (finding_id), all rules in one table (contract section 3/5).
{%- set rule_models = ['dq_id_invalid', 'dq_id_excel_damaged', 'dq_missing_hours',
                       'dq_no_training_in_year', 'dq_gp_over_cycle_limit', 'dq_gp_banned_reenrolled',
                       'dq_project_over_quota', 'dq_dup_sources_disagree', 'dq_school_under_5pct'] %}
{%- set columns = ['finding_id', 'rule_id', 'severity', 'k_teacher', 'school_code', 'project_code',
                   'year', 'source_file', 'source_row', 'detail', 'load_id'] %}
with findings as (

    {% for rule_model in rule_models -%}
    select {{ columns | join(', ') }} from {{ ref(rule_model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select {{ columns | join(', ') }}
from findings
