-- grain: one row per 国培 list row that reports a counted outcome (policy counted_outcomes:
-- 合格 / 优秀) for a trainee who did not report (是否报到=否): the list claims more passed than
-- attended, so the project's reported pass figures cannot be trusted. Points at the list row.
with trainees as (

    select k_teacher, project_code, outcome, source_file, source_row, load_id
    from {{ ref('stg_guopei__trainees') }}
    where reported = false
        and outcome in ({{ sql_in_list(policy('counted_outcomes')) }})

),

plan_by_code as (

    select
        project_code,
        year,
        row_number() over (partition by project_code order by year desc) as plan_rank
    from {{ ref('int_projects') }}

),

teachers as (

    select k_teacher, school_code
    from {{ ref('int_teachers') }}

),

findings as (

    select
        trainees.k_teacher,
        teachers.school_code,
        trainees.project_code,
        plan_by_code.year,
        trainees.source_file,
        trainees.source_row,
        {{ dbt.concat(["'not reported (报到=否) but outcome '", "trainees.outcome"]) }} as detail,
        trainees.load_id
    from trainees
    left join teachers
        on trainees.k_teacher = teachers.k_teacher
    left join plan_by_code
        on trainees.project_code = plan_by_code.project_code
        and plan_by_code.plan_rank = 1

)

{{ dq_finding_select('findings') }}
