-- grain: one row per quarantined source row (ingest refused it; reason codes sorted, comma-separated)
with source as (

    select
        load_id,
        source_file,
        source_sheet,
        source_row,
        profile,
        target_table,
        reason_codes,
        reason_detail,
        raw_values
    from {{ source('raw', 'quarantine') }}

),

typed as (

    select
        cast(source.profile as {{ dbt.type_string() }}) as profile,
        cast(source.target_table as {{ dbt.type_string() }}) as target_table,
        cast(source.reason_codes as {{ dbt.type_string() }}) as reason_codes,
        cast(source.reason_detail as {{ dbt.type_string() }}) as reason_detail,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
