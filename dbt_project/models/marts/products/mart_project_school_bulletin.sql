-- grain: one row per enrolment of a roster teacher in a planned project that closed by
-- as_of_date (project_code, year, k_teacher): the bulletin (培训通报) rows a school receives.
-- Enrolments: int_project_enrolments (国培 list ∪ provincial export); closed = the plan's end
-- date (else the enrolment's) on or before policy as_of_date. study_hours: the registered hours
-- of the teacher's training record of the project and plan year (int_training_records), counted
-- or not; counted_hours: those that count. School and county rates are per project and plan year:
-- attendance = attended / enrolled, pass = passed / attended.
with projects as (

    select
        project_code,
        year,
        project_name,
        provider,
        end_date
    from {{ ref('int_projects') }}

),

teachers as (

    select
        k_teacher,
        school_code,
        county
    from {{ ref('int_teachers') }}
    where school_code is not null

),

records as (

    select
        k_teacher,
        project_code,
        plan_year,
        sum(coalesce(hours, 0)) as study_hours,
        sum(counted_hours) as counted_hours
    from {{ ref('int_training_records') }}
    where
        k_teacher is not null
        and project_code is not null
    group by k_teacher, project_code, plan_year

),

enrolments as (

    select
        enrolments.project_code,
        projects.year,
        projects.project_name,
        projects.provider,
        coalesce(projects.end_date, enrolments.end_date) as end_date,
        teachers.school_code,
        teachers.county,
        enrolments.k_teacher,
        enrolments.attended,
        enrolments.outcome,
        enrolments.passed,
        coalesce(records.study_hours, 0) as study_hours,
        coalesce(records.counted_hours, 0) as counted_hours
    from {{ ref('int_project_enrolments') }} as enrolments
    inner join projects
        on
            enrolments.project_code = projects.project_code
            and enrolments.plan_year = projects.year
    inner join teachers
        on enrolments.k_teacher = teachers.k_teacher
    left join records
        on
            enrolments.k_teacher = records.k_teacher
            and enrolments.project_code = records.project_code
            and enrolments.plan_year = records.plan_year
    where coalesce(projects.end_date, enrolments.end_date) <= {{ policy_as_of_date() }}

),

rated as (

    select
        project_code,
        year,
        project_name,
        provider,
        end_date,
        school_code,
        county,
        k_teacher,
        attended,
        outcome,
        passed,
        study_hours,
        counted_hours,
        count(*) over (partition by project_code, year, school_code) as school_enrolled,
        sum(case when attended then 1 else 0 end)
            over (partition by project_code, year, school_code) as school_attended,
        sum(case when attended and passed then 1 else 0 end)
            over (partition by project_code, year, school_code) as school_passed,
        count(*) over (partition by project_code, year, county) as county_enrolled,
        sum(case when attended then 1 else 0 end)
            over (partition by project_code, year, county) as county_attended,
        sum(case when attended and passed then 1 else 0 end)
            over (partition by project_code, year, county) as county_passed
    from enrolments

)

select
    cast(project_code as {{ dbt.type_string() }}) as project_code,
    cast(year as integer) as year,
    cast(project_name as {{ dbt.type_string() }}) as project_name,
    cast(provider as {{ dbt.type_string() }}) as provider,
    cast(end_date as date) as end_date,
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(k_teacher as {{ dbt.type_string() }}) as k_teacher,
    attended,
    cast(outcome as {{ dbt.type_string() }}) as outcome,
    passed,
    cast(study_hours as decimal(18, 4)) as study_hours,
    cast(counted_hours as decimal(18, 4)) as counted_hours,
    cast(school_enrolled as integer) as school_enrolled,
    cast({{ safe_ratio('school_attended', 'school_enrolled') }} as {{ type_double() }})
        as school_attendance_rate,
    cast({{ safe_ratio('school_passed', 'school_attended') }} as {{ type_double() }})
        as school_pass_rate,
    cast(county_enrolled as integer) as county_enrolled,
    cast({{ safe_ratio('county_attended', 'county_enrolled') }} as {{ type_double() }})
        as county_attendance_rate,
    cast({{ safe_ratio('county_passed', 'county_attended') }} as {{ type_double() }})
        as county_pass_rate
from rated
