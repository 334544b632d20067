{{ config(materialized='incremental', incremental_strategy='append', full_refresh=false) }}
-- grain: one row per dbt build that evaluated the data-quality rules (run_id = dbt's
-- invocation_id). Append-only, like dq_findings_history; it also records builds that found
-- nothing, so a finding absent from the latest build is known to be resolved.
select
    cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as run_id,
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as built_at,
    count(*) as n_findings,
    count(case when severity = 'error' then 1 end) as n_errors,
    (select max(loaded_at) from {{ ref('stg_ingest__load_manifest') }}) as latest_load_at
from {{ ref('dq_findings_current') }}
