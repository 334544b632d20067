{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='append_new_columns', full_refresh=false) }}
-- grain: one row per finding per dbt build (finding_id, run_id). Append-only: every build adds the
-- findings it found, stamped with dbt's invocation_id (run_id) and run start time (built_at);
-- nothing is ever updated or deleted, so "first seen" and "resolved" survive dbt replacing its
-- tables on every run (full_refresh=false: even `dbt build --full-refresh` keeps it). A build
-- with no findings leaves a trace in dq_build_runs.
select
    finding_id,
    rule_id,
    severity,
    k_teacher,
    school_code,
    project_code,
    year,
    source_file,
    source_row,
    detail,
    load_id,
    cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as run_id,
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as built_at
from {{ ref('dq_findings_current') }}
