{{ config(materialized='table') }}
-- grain: one row per data-quality finding ever seen (finding_id): the findings of this build
-- (status 'open') plus the findings of earlier builds that this build no longer finds (status
-- 'resolved'), with when and in which load each was first seen (from dq_findings_history), and the
-- school's latest 整改情况 answer when a returned correction workbook was read back.
{%- set columns = ['finding_id', 'rule_id', 'severity', 'k_teacher', 'school_code', 'project_code',
                   'year', 'source_file', 'source_row', 'detail', 'load_id'] %}
with current_findings as (

    select {{ columns | join(', ') }}
    from {{ ref('dq_findings_current') }}

),

history as (

    select {{ columns | join(', ') }}, run_id, built_at
    from {{ ref('dq_findings_history') }}

),

first_seen as (

    select
        finding_id,
        built_at as first_seen_at,
        run_id as first_seen_run,
        load_id as first_seen_load,
        row_number() over (partition by finding_id order by built_at, run_id) as seen_rank
    from history

),

last_seen as (

    select
        {{ columns | join(', ') }},
        built_at as last_seen_at,
        row_number() over (partition by finding_id order by built_at desc, run_id desc) as seen_rank
    from history

),

resolved as (

    select {{ columns | join(', ') }}, last_seen_at
    from last_seen
    where seen_rank = 1
        and finding_id not in (select finding_id from current_findings)

),

unioned as (

    select {{ columns | join(', ') }}, 'open' as status,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as last_seen_at
    from current_findings
    union all
    select {{ columns | join(', ') }}, 'resolved' as status, last_seen_at
    from resolved

)

select
    {% for c in columns %}unioned.{{ c }}, {% endfor %}
    coalesce(first_seen.first_seen_at, unioned.last_seen_at) as first_seen_at,
    coalesce(first_seen.first_seen_load, unioned.load_id) as first_seen_load,
    first_seen.first_seen_run,
    unioned.last_seen_at,
    cast(unioned.status as {{ dbt.type_string() }}) as status,
    responses.response_code,
    responses.response_label,
    responses.responded_at,
    responses.response_file
from unioned
left join first_seen
    on unioned.finding_id = first_seen.finding_id
    and first_seen.seen_rank = 1
-- the school's latest answer from its returned correction workbook (at most one per finding)
left join {{ ref('dq_correction_responses') }} as responses
    on unioned.finding_id = responses.finding_id
