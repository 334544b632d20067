-- grain: one row per reported 国培 enrolment (int_guopei_enrolments: lists and provincial
-- export) of a teacher who had already met the annual hours (policy annual_hours_guideline, default 72) in that year before the
-- project started: the counted hours (int_training_records.counted_hours) of records that ended
-- in the same calendar year before the project's start date reach the guideline. Points at the
-- enrolment's winning source row.
with enrolments as (

    select k_teacher, project_code, plan_year, start_date, source_file, source_row, load_id
    from {{ ref('int_guopei_enrolments') }}
    where reported
        and start_date is not null

),

records as (

    select k_teacher, project_code, plan_year, end_date, counted_hours
    from {{ ref('int_training_records') }}
    where k_teacher is not null
        and counted_hours > 0
        and end_date is not null

),

hours_before as (

    select
        enrolments.k_teacher,
        enrolments.project_code,
        enrolments.plan_year,
        enrolments.source_file,
        enrolments.source_row,
        enrolments.load_id,
        sum(records.counted_hours) as hours_before_start
    from enrolments
    inner join records
        on enrolments.k_teacher = records.k_teacher
        and not (
            coalesce(records.project_code, '') = enrolments.project_code
            and records.plan_year is not distinct from enrolments.plan_year
        )
        and records.end_date < enrolments.start_date
        and extract(year from records.end_date) = extract(year from enrolments.start_date)
    group by
        enrolments.k_teacher,
        enrolments.project_code,
        enrolments.plan_year,
        enrolments.source_file,
        enrolments.source_row,
        enrolments.load_id

),

teachers as (

    select k_teacher, school_code
    from {{ ref('int_teachers') }}

),

findings as (

    select
        hours_before.k_teacher,
        teachers.school_code,
        hours_before.project_code,
        hours_before.plan_year as year,
        hours_before.source_file,
        hours_before.source_row,
        {{ dbt.concat(["cast(round(hours_before.hours_before_start, 1) as " ~ dbt.type_string() ~ ")",
                       "' counted hours in the year before the project started (annual guideline "
                       ~ policy('annual_hours_guideline') ~ ")'"]) }} as detail,
        hours_before.load_id
    from hours_before
    left join teachers
        on hours_before.k_teacher = teachers.k_teacher
    where hours_before.hours_before_start >= {{ policy('annual_hours_guideline') }}

)

{{ dq_finding_select('findings') }}
