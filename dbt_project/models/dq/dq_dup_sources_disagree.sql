-- grain: one row per 国培 list row whose hours or outcome differ from the provincial export's
-- record of the same teacher, project code and plan year (both sources report the same training;
-- the provincial export is the certified one and wins in int_training_records, the enrolments and
-- the 国培 rules). Points at the 国培 row.
-- A 国培 trainee who did not report (报到=否) is compared as a no-show.
-- the plan year of each row as credits and enrolments place it (int_plan_year_rows)
with plan_year_rows as (

    select
        source,
        k_teacher,
        project_code,
        plan_year,
        hours,
        reported,
        outcome,
        start_date,
        end_date,
        source_file,
        source_row,
        load_id
    from {{ ref('int_plan_year_rows') }}
    where k_teacher is not null
        and project_code is not null

),

provincial as (

    select
        k_teacher,
        project_code,
        plan_year,
        hours,
        outcome,
        cast(extract(year from coalesce(end_date, start_date)) as integer) as year
    from plan_year_rows
    where source = 'provincial'

),

guopei as (

    select
        k_teacher,
        project_code,
        plan_year,
        hours,
        case when reported = false then 'no_show' else outcome end as outcome,
        source_file,
        source_row,
        load_id
    from plan_year_rows
    where source = 'guopei'

),

disagreements as (

    select
        guopei.k_teacher,
        guopei.project_code,
        guopei.source_file,
        guopei.source_row,
        guopei.load_id,
        min(provincial.year) as year,
        min({{ dbt.concat(["'国培 list: '", "coalesce(cast(guopei.hours as " ~ dbt.type_string() ~ "), 'blank')",
                           "' h '", "coalesce(guopei.outcome, 'blank')",
                           "'; provincial export: '", "coalesce(cast(provincial.hours as " ~ dbt.type_string() ~ "), 'blank')",
                           "' h '", "coalesce(provincial.outcome, 'blank')"]) }}) as detail
    from guopei
    inner join provincial
        on guopei.k_teacher = provincial.k_teacher
        and guopei.project_code = provincial.project_code
        and guopei.plan_year is not distinct from provincial.plan_year
    where coalesce(guopei.outcome, '') <> coalesce(provincial.outcome, '')
        or (guopei.hours is null and provincial.hours is not null)
        or (guopei.hours is not null and provincial.hours is null)
        or abs(guopei.hours - provincial.hours) > 0.001
    group by
        guopei.k_teacher,
        guopei.project_code,
        guopei.source_file,
        guopei.source_row,
        guopei.load_id

),

teachers as (

    select k_teacher, school_code
    from {{ ref('int_teachers') }}

),

findings as (

    select
        disagreements.k_teacher,
        teachers.school_code,
        disagreements.project_code,
        disagreements.year,
        disagreements.source_file,
        disagreements.source_row,
        disagreements.detail,
        disagreements.load_id
    from disagreements
    left join teachers
        on disagreements.k_teacher = teachers.k_teacher

)

{{ dq_finding_select('findings') }}
