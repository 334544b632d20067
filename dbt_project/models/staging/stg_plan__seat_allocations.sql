-- grain: one row per allocation row (project x school x year). Rename/cast only; rows of superseded loads are left out.
with source as (

    select
        year,
        project_code,
        school_code,
        school_name,
        allocated_seats,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ source('raw', 'seat_allocation') }}

),

typed as (

    select
        cast(source.year as integer) as year,
        cast(source.project_code as {{ dbt.type_string() }}) as project_code,
        cast(source.school_code as {{ dbt.type_string() }}) as school_code,
        cast(source.school_name as {{ dbt.type_string() }}) as school_name,
        cast(source.allocated_seats as integer) as allocated_seats,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
