-- grain: one row per teacher per sign-in session cell. Rename/cast only; rows of superseded loads are left out.
with source as (

    select
        school_code,
        year,
        k_teacher,
        id_number,
        name,
        session_date,
        session_title,
        session_hours,
        mark,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ source('raw', 'signin_attendance') }}

),

typed as (

    select
        cast(source.k_teacher as {{ dbt.type_string() }}) as k_teacher,
        cast(source.school_code as {{ dbt.type_string() }}) as school_code,
        cast(source.year as integer) as year,
        cast(source.id_number as {{ dbt.type_string() }}) as id_number,
        cast(source.name as {{ dbt.type_string() }}) as name,
        cast(source.session_date as date) as session_date,
        cast(source.session_title as {{ dbt.type_string() }}) as session_title,
        cast(source.session_hours as {{ type_double() }}) as session_hours,
        cast(source.mark as {{ dbt.type_string() }}) as mark,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
