-- grain: one row per teacher per 国培 project (k_teacher, project_code), from the provider lists.
-- start_date is the plan's start date of the project (latest plan year listing the code); the
-- cycle is the policy cycle containing that date (the plan year when the plan has no start date).
-- A teacher listed twice for one project keeps the first list row (source_file, source_row).
-- A trainee who did not report (报到=否) is a no-show whatever the 结业情况 cell says (providers
-- leave it blank): outcome = 'no_show', which the ban rule (guopei.ban_outcomes) relies on.
with trainees as (

    select
        k_teacher,
        project_code,
        school_name,
        county,
        reported,
        case when reported = false then 'no_show' else outcome end as outcome,
        hours,
        source_file,
        source_sheet,
        source_row,
        load_id,
        row_number() over (
            partition by k_teacher, project_code
            order by source_file, source_row
        ) as list_rank
    from {{ ref('stg_guopei__trainees') }}
    where k_teacher is not null
        and project_code is not null

),

plan_by_code as (

    select
        project_code,
        year,
        start_date,
        row_number() over (partition by project_code order by year desc) as plan_rank
    from {{ ref('int_projects') }}

),

enrolments as (

    select
        trainees.k_teacher,
        trainees.project_code,
        trainees.school_name,
        trainees.county,
        trainees.reported,
        trainees.outcome,
        trainees.hours,
        plan_by_code.year as plan_year,
        plan_by_code.start_date,
        coalesce(cast(extract(year from plan_by_code.start_date) as integer), plan_by_code.year) as start_year,
        trainees.source_file,
        trainees.source_sheet,
        trainees.source_row,
        trainees.load_id
    from trainees
    left join plan_by_code
        on trainees.project_code = plan_by_code.project_code
        and plan_by_code.plan_rank = 1
    where trainees.list_rank = 1

)

select
    k_teacher,
    project_code,
    school_name,
    county,
    reported,
    outcome,
    hours,
    plan_year,
    start_date,
    start_year,
    case when start_year is not null then {{ cycle_start_year_of('start_year') }} end as cycle_start_year,
    source_file,
    source_sheet,
    source_row,
    load_id
from enrolments
