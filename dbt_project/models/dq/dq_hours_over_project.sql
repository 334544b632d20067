-- grain: one row per provincial-export or 国培 list row whose hours exceed the planned hours
-- (学时) of its project in the training plan. Points at that row.
with records as (

    select k_teacher, project_code, year, hours, plan_hours, source_file, source_row, load_id
    from {{ ref('dq_int_record_rows') }}
    where hours is not null
        and plan_hours is not null
        and plan_hours > 0
        and hours > plan_hours + 0.001

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
                       "' > planned '", "cast(round(records.plan_hours, 2) as " ~ dbt.type_string() ~ ")"]) }} as detail,
        records.load_id
    from records
    left join teachers
        on records.k_teacher = teachers.k_teacher

)

{{ dq_finding_select('findings') }}
