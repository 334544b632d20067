-- grain: one row per 国培 enrolment (int_guopei_enrolments: 国培 lists and the provincial export's
-- 国培 records) whose teacher does not meet the conditions of the project's plan year: a rural-only project (限乡村教师=是) and the teacher's roster
-- school is not rural, or a target stage (培训对象学段) that does not include the teacher's stage.
-- Teachers on no roster are UNKNOWN_TEACHER findings, not this rule. Points at the enrolment's
-- winning source row.
with enrolments as (

    select k_teacher, project_code, plan_year, source_file, source_row, load_id
    from {{ ref('int_guopei_enrolments') }}

),

plan_by_code as (

    select
        project_code,
        year,
        target_stage,
        rural_only
    from {{ ref('int_projects') }}

),

teachers as (

    select k_teacher, school_code, stage, school_area
    from {{ ref('int_teachers') }}

),

checked as (

    select
        enrolments.k_teacher,
        teachers.school_code,
        enrolments.project_code,
        enrolments.plan_year,
        enrolments.source_file,
        enrolments.source_row,
        enrolments.load_id,
        case when plan_by_code.rural_only and coalesce(teachers.school_area, '') <> 'rural'
            then true else false end as not_rural,
        case when {{ stage_in_target('teachers.stage', 'plan_by_code.target_stage') }}
            then false else true end as wrong_stage,
        teachers.stage
    from enrolments
    inner join teachers
        on enrolments.k_teacher = teachers.k_teacher
    inner join plan_by_code
        on enrolments.project_code = plan_by_code.project_code
        and enrolments.plan_year = plan_by_code.year

),

findings as (

    select
        k_teacher,
        school_code,
        project_code,
        plan_year as year,
        source_file,
        source_row,
        case
            when not_rural and wrong_stage
                then {{ dbt.concat(["'rural-only project, school not rural; stage '", "coalesce(stage, 'blank')", "' not targeted'"]) }}
            when not_rural then 'rural-only project, school not rural'
            else {{ dbt.concat(["'stage '", "coalesce(stage, 'blank')", "' not targeted by the project'"]) }}
        end as detail,
        load_id
    from checked
    where not_rural
        or wrong_stage

)

{{ dq_finding_select('findings') }}
