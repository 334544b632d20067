-- grain: one row per planned project per year (int_projects) whose planned hours (学时) are blank
-- or not positive. Points at the project's plan row.
with projects as (

    select project_code, year, hours, source_file, source_row, load_id
    from {{ ref('int_projects') }}

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        cast(null as {{ dbt.type_string() }}) as school_code,
        project_code,
        year,
        source_file,
        source_row,
        {{ dbt.concat(["'planned hours '", "coalesce(cast(hours as " ~ dbt.type_string() ~ "), 'blank')"]) }} as detail,
        load_id
    from projects
    where hours is null
        or hours <= 0

)

{{ dq_finding_select('findings') }}
