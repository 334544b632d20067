-- grain: one row per plan row (project x year). Rename/cast only; rows of superseded loads are left out.
with source as (

    select
        year,
        project_code,
        project_name,
        level,
        mode,
        provider,
        start_date,
        end_date,
        hours,
        practice_hours,
        planned_seats,
        target_stage,
        rural_only,
        budget_yuan,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ source('raw', 'training_plan') }}

),

typed as (

    select
        cast(source.year as integer) as year,
        cast(source.project_code as {{ dbt.type_string() }}) as project_code,
        cast(source.project_name as {{ dbt.type_string() }}) as project_name,
        cast(source.level as {{ dbt.type_string() }}) as level,
        cast(source.mode as {{ dbt.type_string() }}) as mode,
        cast(source.provider as {{ dbt.type_string() }}) as provider,
        cast(source.start_date as date) as start_date,
        cast(source.end_date as date) as end_date,
        cast(source.hours as {{ type_double() }}) as hours,
        cast(source.practice_hours as {{ type_double() }}) as practice_hours,
        cast(source.planned_seats as integer) as planned_seats,
        cast(source.target_stage as {{ dbt.type_string() }}) as target_stage,
        cast(source.rural_only as boolean) as rural_only,
        cast(source.budget_yuan as decimal(18, 2)) as budget_yuan,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
