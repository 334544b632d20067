-- grain: one row per 国培 enrolment beyond the policy's per-cycle limit
-- (guopei.max_enrolments_per_cycle). Enrolments are int_guopei_enrolments: the 国培 lists and the
-- 国培 records of the provincial export, one per teacher and project (code, plan year) however
-- many sources report it. Only attended (reported, not a no-show) enrolments count; within a
-- teacher's cycle they are ordered by start date, then project_code and plan year, and every one
-- after the first `limit` is a finding. Points at the enrolment's winning source row (the
-- provincial export row when it has one, else the 国培 list row).
with enrolments as (

    select
        k_teacher,
        project_code,
        plan_year,
        start_date,
        cycle_start_year,
        source_file,
        source_row,
        load_id
    from {{ ref('int_guopei_enrolments') }}
    where reported
        and cycle_start_year is not null

),

ordered as (

    select
        k_teacher,
        project_code,
        plan_year,
        cycle_start_year,
        source_file,
        source_row,
        load_id,
        row_number() over (
            partition by k_teacher, cycle_start_year
            order by start_date, project_code, plan_year
        ) as enrolment_number
    from enrolments

),

teachers as (

    select k_teacher, school_code
    from {{ ref('int_teachers') }}

),

findings as (

    select
        ordered.k_teacher,
        teachers.school_code,
        ordered.project_code,
        ordered.plan_year as year,
        ordered.source_file,
        ordered.source_row,
        {{ dbt.concat(["'国培 enrolment number '", "cast(ordered.enrolment_number as " ~ dbt.type_string() ~ ")",
                       "' in the cycle starting '", "cast(ordered.cycle_start_year as " ~ dbt.type_string() ~ ")",
                       "' (limit " ~ policy('guopei')['max_enrolments_per_cycle'] ~ ")'"]) }} as detail,
        ordered.load_id
    from ordered
    left join teachers
        on ordered.k_teacher = teachers.k_teacher
    where ordered.enrolment_number > {{ policy('guopei')['max_enrolments_per_cycle'] }}

)

{{ dq_finding_select('findings') }}
