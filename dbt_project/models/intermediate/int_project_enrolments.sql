-- grain: one row per teacher per project (k_teacher, project_code) for every teacher enrolled in a
-- planned project: the union of the 国培 provider lists and the provincial export rows carrying
-- the project code. Used by mart_project_year_participation and PROJECT_OVER_QUOTA so both count
-- "enrolled" the same way. When both sources have the teacher, the provincial export's outcome
-- wins (certified source); attended = reported and not a no-show.
with provincial as (

    select
        k_teacher,
        project_code,
        1 as source_rank,
        case when outcome = 'no_show' then false else true end as attended,
        outcome,
        source_file,
        source_row,
        load_id
    from {{ ref('stg_provincial__training_records') }}
    where k_teacher is not null
        and project_code is not null

),

guopei as (

    select
        k_teacher,
        project_code,
        2 as source_rank,
        case when reported and coalesce(outcome, '') <> 'no_show' then true else false end as attended,
        case when reported = false then 'no_show' else outcome end as outcome,
        source_file,
        source_row,
        load_id
    from {{ ref('stg_guopei__trainees') }}
    where k_teacher is not null
        and project_code is not null

),

unioned as (

    select k_teacher, project_code, source_rank, attended, outcome, source_file, source_row, load_id
    from provincial
    union all
    select k_teacher, project_code, source_rank, attended, outcome, source_file, source_row, load_id
    from guopei

),

ranked as (

    select
        k_teacher,
        project_code,
        attended,
        outcome,
        source_file,
        source_row,
        load_id,
        min(source_rank) over (partition by k_teacher, project_code) as best_rank,
        max(source_rank) over (partition by k_teacher, project_code) as worst_rank,
        row_number() over (
            partition by k_teacher, project_code
            order by source_rank, source_file, source_row
        ) as enrolment_rank
    from unioned

)

select
    k_teacher,
    project_code,
    attended,
    outcome,
    case when outcome in ({{ sql_in_list(policy('counted_outcomes')) }}) then true else false end as passed,
    case when best_rank <> worst_rank then true else false end as on_both_sources,
    source_file,
    source_row,
    load_id
from ranked
where enrolment_rank = 1
