-- grain: one row per platform learning-record row, with the teacher it matches.
-- Platform exports mask the ID number (6101**********1234). A row matches a roster teacher when the
-- first 4 and last 4 characters of the mask, the name and the school name (trimmed) are all equal.
-- match_status: 'matched' (exactly one teacher), 'unmatched' (none), 'ambiguous' (several).
-- Unmatched and ambiguous rows keep k_teacher null: never dropped, never guessed.
-- plan_year: the plan year of the row's project code that its learning date falls in
-- (macro plan_year_of; null without a code or a plan).
with platform as (

    select
        id_mask,
        name,
        school_name,
        course_name,
        project_code,
        hours,
        outcome,
        learned_on,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ ref('stg_platform__learning_records') }}

),

roster as (

    select distinct
        k_teacher,
        substr(id_number, 1, 4) as id_head,
        {{ dbt.right('id_number', 4) }} as id_tail,
        trim(name) as name,
        trim(school_name) as school_name
    from {{ ref('stg_roster__teachers') }}
    where k_teacher is not null

),

candidates as (

    select
        platform.source_file,
        platform.source_row,
        count(distinct roster.k_teacher) as n_candidates,
        min(roster.k_teacher) as k_teacher_candidate
    from platform
    inner join roster
        on substr(upper(platform.id_mask), 1, 4) = roster.id_head
        and {{ dbt.right('upper(platform.id_mask)', 4) }} = roster.id_tail
        and trim(platform.name) = roster.name
        and trim(platform.school_name) = roster.school_name
    group by platform.source_file, platform.source_row

)

select
    case when candidates.n_candidates = 1 then candidates.k_teacher_candidate end as k_teacher,
    case
        when candidates.n_candidates = 1 then 'matched'
        when candidates.n_candidates > 1 then 'ambiguous'
        else 'unmatched'
    end as match_status,
    coalesce(candidates.n_candidates, 0) as n_candidates,
    platform.school_name,
    platform.course_name,
    platform.project_code,
    {{ plan_year_of('platform.project_code', 'platform.learned_on', 'platform.learned_on') }} as plan_year,
    platform.hours,
    platform.outcome,
    platform.learned_on,
    platform.source_file,
    platform.source_sheet,
    platform.source_row,
    platform.load_id
from platform
left join candidates
    on platform.source_file = candidates.source_file
    and platform.source_row = candidates.source_row
