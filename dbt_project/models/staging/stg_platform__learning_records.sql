-- grain: one row per platform learning-record row. Rename/cast only; rows of superseded loads are left out.
with source as (

    select
        id_mask,
        name,
        school_name,
        course_name,
        project_code,
        hours,
        outcome,
        learned_on,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ source('raw', 'platform_records') }}

),

typed as (

    select
        cast(source.id_mask as {{ dbt.type_string() }}) as id_mask,
        cast(source.name as {{ dbt.type_string() }}) as name,
        cast(source.school_name as {{ dbt.type_string() }}) as school_name,
        cast(source.course_name as {{ dbt.type_string() }}) as course_name,
        cast(source.project_code as {{ dbt.type_string() }}) as project_code,
        cast(source.hours as {{ type_double() }}) as hours,
        cast(source.outcome as {{ dbt.type_string() }}) as outcome,
        cast(source.learned_on as date) as learned_on,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
