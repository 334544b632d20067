{{ config(materialized='table') }}
-- grain: one row per data-quality finding of this build (finding_id): the union of the rule
-- models (every dq model whose YAML carries config.meta.rule), including the ingest's quarantined
-- rows whose reasons are rules (ID_INVALID, ID_EXCEL_DAMAGED, HOURS_NEGATIVE).
{%- set rule_models = dq_checked_rule_models() %}
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
