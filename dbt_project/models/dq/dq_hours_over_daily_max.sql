-- grain: one row per provincial-export row whose hours exceed the most a person can train in its
-- own dates: hours > days (start_date .. end_date, inclusive) x dq_setting
-- 'dq_max_hours_per_training_day' (default 8). Points at that row.
{%- set max_per_day = dq_setting('dq_max_hours_per_training_day', 8) %}
with records as (

    select
        k_teacher,
        project_code,
        year,
        hours,
        {{ dbt.datediff('start_date', 'end_date', 'day') }} + 1 as n_days,
        source_file,
        source_row,
        load_id
    from {{ ref('dq_int_record_rows') }}
    where source = 'provincial'
        and hours is not null
        and start_date is not null
        and end_date is not null
        and end_date >= start_date

),

teachers as (

    select k_teacher, school_code
    from {{ ref('int_teachers') }}

),

findings as (

    select
        records.k_teacher,
        teachers.school_code,
        records.project_code,
        records.year,
        records.source_file,
        records.source_row,
        {{ dbt.concat(["'hours '", "cast(round(records.hours, 2) as " ~ dbt.type_string() ~ ")",
                       "' in '", "cast(records.n_days as " ~ dbt.type_string() ~ ")",
                       "' day(s), more than " ~ max_per_day ~ " a day'"]) }} as detail,
        records.load_id
    from records
    left join teachers
        on records.k_teacher = teachers.k_teacher
    where records.hours > records.n_days * {{ max_per_day }} + 0.001

)

{{ dq_finding_select('findings') }}
