-- grain: one row per online-platform row whose masked ID number (6101**********1234) matches no
-- roster teacher or several (int_platform_matches.match_status unmatched / ambiguous): its hours
-- count for no one. Points at the CSV line.
with platform as (

    select match_status, n_candidates, project_code, learned_on, source_file, source_row, load_id
    from {{ ref('int_platform_matches') }}
    where match_status in ('unmatched', 'ambiguous')

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        cast(null as {{ dbt.type_string() }}) as school_code,
        project_code,
        cast(extract(year from learned_on) as integer) as year,
        source_file,
        source_row,
        {{ dbt.concat(["'masked ID '", "match_status", "' ('",
                       "cast(n_candidates as " ~ dbt.type_string() ~ ")", "' roster candidates)'"]) }} as detail,
        load_id
    from platform

)

{{ dq_finding_select('findings') }}
