-- grain: one row per teacher per roster file row. Rename/cast only; rows of superseded loads are left out.
with source as (

    select
        k_teacher,
        id_number,
        name,
        gender,
        birth_date,
        stage,
        subject,
        title,
        phone,
        school_code,
        school_name,
        county,
        school_area,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ source('raw', 'roster') }}

),

typed as (

    select
        cast(source.k_teacher as {{ dbt.type_string() }}) as k_teacher,
        cast(source.id_number as {{ dbt.type_string() }}) as id_number,
        cast(source.name as {{ dbt.type_string() }}) as name,
        cast(source.gender as {{ dbt.type_string() }}) as gender,
        cast(source.birth_date as date) as birth_date,
        cast(source.stage as {{ dbt.type_string() }}) as stage,
        cast(source.subject as {{ dbt.type_string() }}) as subject,
        cast(source.title as {{ dbt.type_string() }}) as title,
        cast(source.phone as {{ dbt.type_string() }}) as phone,
        cast(source.school_code as {{ dbt.type_string() }}) as school_code,
        cast(source.school_name as {{ dbt.type_string() }}) as school_name,
        cast(source.county as {{ dbt.type_string() }}) as county,
        cast(source.school_area as {{ dbt.type_string() }}) as school_area,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
