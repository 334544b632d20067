{#-
  The final select of every dq_<rule> model. `relation` is a CTE with the columns
  k_teacher, school_code, project_code, year, source_file, source_row, detail, load_id.
  finding_id = hash of rule + source_file + source_row + entity keys (contract section 3).
-#}
{% macro dq_finding_select(relation, rule_id, severity) -%}
select
  {{ surrogate_key([sql_string(rule_id), relation ~ '.source_file', relation ~ '.source_row',
                    relation ~ '.k_teacher', relation ~ '.school_code', relation ~ '.project_code',
                    relation ~ '.year']) }} as finding_id,
  cast({{ sql_string(rule_id) }} as {{ dbt.type_string() }}) as rule_id,
  cast({{ sql_string(severity) }} as {{ dbt.type_string() }}) as severity,
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

{#- Findings for quarantined rows carrying one ingest reason code (ID_INVALID, ID_EXCEL_DAMAGED). -#}
{% macro dq_quarantine_rule(rule_id) -%}
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

{{ dq_finding_select('findings', rule_id, 'error') }}
{%- endmacro %}
