-- grain: one row per returned satisfaction questionnaire (source_file, source_row). Rename/cast
-- only; rows of superseded loads are left out.
with source as (

    select
        project_code,
        provider,
        response_id,
        submitted_on,
        overall_score,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ source('raw', 'satisfaction_survey') }}

),

typed as (

    select
        cast(source.project_code as {{ dbt.type_string() }}) as project_code,
        cast(source.provider as {{ dbt.type_string() }}) as provider,
        cast(source.response_id as {{ dbt.type_string() }}) as response_id,
        cast(source.submitted_on as date) as submitted_on,
        cast(source.overall_score as integer) as overall_score,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
