-- grain: one row per file load (load_id, source_file) with the file's recency, the order of
-- "the newest load wins" between copies of one record: the file's modification time as the loader
-- recorded it, else when its load was written. The file's own time, not the load time, so a
-- warehouse rebuilt from a folder (files loaded in path order) orders copies exactly as the loads
-- one by one did. Read by int_teachers, mart_school_year_funding and macro loaded_at_of.
with manifest as (

    select
        load_id,
        source_file,
        file_modified_at,
        loaded_at
    from {{ ref('stg_ingest__load_manifest') }}

),

file_loads as (

    select
        load_id,
        source_file,
        max(coalesce(file_modified_at, loaded_at)) as recency_at
    from manifest
    group by load_id, source_file

)

select
    load_id,
    source_file,
    recency_at
from file_loads
