{#- Attached to dq_findings as its Dagster asset check (the test reads several models). -#}
{{ config(meta={'dagster': {'ref': {'name': 'dq_findings'}}}) }}
-- Every finding's (source_file, source_row) is a row the ingest read: a raw row of one of the
-- canonical tables, a quarantined row, or a sign-in 学时 / funding 合计 frame row. Open findings
-- only: a resolved finding may point at a row of a load that a newer file superseded. A finding
-- about a whole file (source_row null, e.g. REPLACEMENT_DROPPED_ROWS) points at a file the
-- manifest lists. Returns the findings that point nowhere.
with source_rows as (

    {% for model in ['stg_roster__teachers', 'stg_provincial__training_records',
                     'stg_platform__learning_records', 'stg_guopei__trainees',
                     'stg_signin__attendance', 'stg_funding__school_funding',
                     'stg_plan__training_projects', 'stg_plan__seat_allocations',
                     'stg_ingest__quarantine'] -%}
    select source_file, source_row from {{ ref(model) }}
    union
    {% endfor %}
    -- frame rows some rules point at: a sign-in sheet's 学时 row, a funding sheet's 合计 row
    select source_file, source_row from {{ source('raw_bookkeeping', 'skipped_rows') }}
    where reason in ('hours_row', 'total')

)

select
    findings.finding_id,
    findings.rule_id,
    findings.source_file,
    findings.source_row
from {{ ref('dq_findings') }} as findings
where {{ open_finding('findings') }}
    and not exists (
    select 1
    from source_rows
    where source_rows.source_file = findings.source_file
        and source_rows.source_row = findings.source_row
)
    and not (findings.source_row is null and exists (
        select 1
        from {{ ref('stg_ingest__load_manifest') }} as manifest
        where manifest.source_file = findings.source_file
    ))
