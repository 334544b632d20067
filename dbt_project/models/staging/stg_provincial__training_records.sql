-- grain: one row per provincial-export row (teacher x training record). Rename/cast only; rows of superseded loads are left out.
with source as (

    select
        k_teacher,
        id_number,
        name,
        school_name,
        county,
        stage,
        subject,
        project_code,
        project_name,
        level,
        mode,
        start_date,
        end_date,
        hours,
        practice_hours,
        outcome,
        review_status,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ source('raw', 'provincial_records') }}

),

typed as (

    select
        cast(source.k_teacher as {{ dbt.type_string() }}) as k_teacher,
        cast(source.id_number as {{ dbt.type_string() }}) as id_number,
        cast(source.name as {{ dbt.type_string() }}) as name,
        cast(source.school_name as {{ dbt.type_string() }}) as school_name,
        cast(source.county as {{ dbt.type_string() }}) as county,
        cast(source.stage as {{ dbt.type_string() }}) as stage,
        cast(source.subject as {{ dbt.type_string() }}) as subject,
        cast(source.project_code as {{ dbt.type_string() }}) as project_code,
        cast(source.project_name as {{ dbt.type_string() }}) as project_name,
        cast(source.level as {{ dbt.type_string() }}) as level,
        cast(source.mode as {{ dbt.type_string() }}) as mode,
        cast(source.start_date as date) as start_date,
        cast(source.end_date as date) as end_date,
        cast(source.hours as {{ type_double() }}) as hours,
        cast(source.practice_hours as {{ type_double() }}) as practice_hours,
        cast(source.outcome as {{ dbt.type_string() }}) as outcome,
        cast(source.review_status as {{ dbt.type_string() }}) as review_status,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
