-- grain: one row per file load (load_id x source_file)
with source as (

    select
        load_id,
        source_file,
        content_hash,
        profile,
        logical_key,
        rows_read,
        rows_loaded,
        rows_quarantined,
        rows_skipped,
        status,
        message,
        loaded_at,
        superseded_by,
        replaces_load_id,
        file_modified_at
    from {{ source('raw', 'load_manifest') }}

)

select
    cast(load_id as {{ dbt.type_string() }}) as load_id,
    cast(source_file as {{ dbt.type_string() }}) as source_file,
    cast(content_hash as {{ dbt.type_string() }}) as content_hash,
    cast(profile as {{ dbt.type_string() }}) as profile,
    cast(logical_key as {{ dbt.type_string() }}) as logical_key,
    cast(rows_read as integer) as rows_read,
    cast(rows_loaded as integer) as rows_loaded,
    cast(rows_quarantined as integer) as rows_quarantined,
    cast(rows_skipped as integer) as rows_skipped,
    cast(status as {{ dbt.type_string() }}) as status,
    cast(message as {{ dbt.type_string() }}) as message,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at,
    -- version history (ingest/replacement.py): the load that replaced this one, the version this
    -- one replaced, and the file's modification time that ordered versions without a mark
    cast(superseded_by as {{ dbt.type_string() }}) as superseded_by,
    cast(replaces_load_id as {{ dbt.type_string() }}) as replaces_load_id,
    cast(file_modified_at as {{ dbt.type_timestamp() }}) as file_modified_at
from source
