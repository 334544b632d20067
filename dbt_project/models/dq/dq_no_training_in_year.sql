-- grain: one row per roster teacher per year of the data (the distinct years of the training
-- plans) that started by as_of_date (a plan year whose 1 January lies after policy as_of_date is
-- not judged yet) in which the teacher has no training record in any source (any outcome; a
-- record counts for every year its dates touch) and no 'present' sign-in mark. Points at the
-- teacher's roster row (int_teachers' chosen row), with `year` set.
with teachers as (

    select
        k_teacher,
        school_code,
        source_file,
        source_row,
        load_id
    from {{ ref('int_teachers') }}

),

data_years as (

    select distinct year
    from {{ ref('stg_plan__training_projects') }}
    where year is not null
        and make_date(year, 1, 1) <= {{ policy_as_of_date() }}

),

record_years as (

    select
        k_teacher,
        cast(extract(year from start_date) as integer) as first_year,
        cast(extract(year from coalesce(end_date, start_date)) as integer) as last_year
    from {{ ref('int_training_records') }}
    where k_teacher is not null
        and start_date is not null

),

present_marks as (

    select
        k_teacher,
        coalesce(cast(extract(year from session_date) as integer), year) as year
    from {{ ref('stg_signin__attendance') }}
    where mark = 'present'
        and k_teacher is not null

),

teacher_years as (

    select
        teachers.k_teacher,
        teachers.school_code,
        data_years.year,
        teachers.source_file,
        teachers.source_row,
        teachers.load_id
    from teachers
    cross join data_years

),

findings as (

    select
        teacher_years.k_teacher,
        teacher_years.school_code,
        cast(null as {{ dbt.type_string() }}) as project_code,
        teacher_years.year,
        teacher_years.source_file,
        teacher_years.source_row,
        {{ dbt.concat(["'no training record in '", "cast(teacher_years.year as " ~ dbt.type_string() ~ ")"]) }} as detail,
        teacher_years.load_id
    from teacher_years
    where not exists (
            select 1
            from record_years
            where record_years.k_teacher = teacher_years.k_teacher
                and record_years.first_year <= teacher_years.year
                and record_years.last_year >= teacher_years.year
        )
        and not exists (
            select 1
            from present_marks
            where present_marks.k_teacher = teacher_years.k_teacher
                and present_marks.year = teacher_years.year
        )

)

{{ dq_finding_select('findings') }}
