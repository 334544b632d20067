-- grain: one row per 国培 list row (trainee x project). Rename/cast only; rows of superseded loads are left out.
with source as (

    select
        project_code,
        k_teacher,
        id_number,
        name,
        school_name,
        county,
        stage,
        subject,
        reported,
        outcome,
        hours,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ source('raw', 'guopei_trainees') }}

),

typed as (

    select
        cast(source.k_teacher as {{ dbt.type_string() }}) as k_teacher,
        cast(source.project_code as {{ dbt.type_string() }}) as project_code,
        cast(source.id_number as {{ dbt.type_string() }}) as id_number,
        cast(source.name as {{ dbt.type_string() }}) as name,
        cast(source.school_name as {{ dbt.type_string() }}) as school_name,
        cast(source.county as {{ dbt.type_string() }}) as county,
        cast(source.stage as {{ dbt.type_string() }}) as stage,
        cast(source.subject as {{ dbt.type_string() }}) as subject,
        cast(source.reported as boolean) as reported,
        cast(source.outcome as {{ dbt.type_string() }}) as outcome,
        cast(source.hours as {{ type_double() }}) as hours,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
