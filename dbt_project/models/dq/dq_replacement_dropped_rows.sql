-- grain: one row per loaded file version that replaced an earlier version of its logical file
-- (raw.load_manifest replaces_load_id, see ingest/replacement.py) and has fewer data rows (loaded
-- + quarantined) than that version by more than the policy share
-- ingest.replacement_max_row_drop_share (default 0.2) of the earlier version's rows. Points at
-- the new file (source_row null: the whole file); the earlier version's file, load and counts
-- are in the detail and stay in the manifest as status 'superseded'.
{%- set p = var('policy', none) %}
{%- set section = p.get('ingest') if p is mapping else none %}
{%- set max_drop = section.get('replacement_max_row_drop_share') if section is mapping else none %}
{%- if max_drop is none %}{% set max_drop = 0.2 %}{% endif %}
{%- if max_drop is not number or max_drop is boolean or max_drop < 0 or max_drop > 1 %}
  {{ exceptions.raise_compiler_error("policy ingest.replacement_max_row_drop_share must be a number between 0 and 1, got " ~ max_drop) }}
{%- endif %}
with manifest as (

    select
        load_id,
        source_file,
        logical_key,
        rows_loaded + rows_quarantined as data_rows,
        status,
        replaces_load_id
    from {{ ref('stg_ingest__load_manifest') }}

),

replacements as (

    select
        current_version.load_id,
        current_version.source_file,
        current_version.logical_key,
        current_version.data_rows as rows_after,
        previous_version.source_file as previous_file,
        previous_version.load_id as previous_load_id,
        previous_version.data_rows as rows_before
    from manifest as current_version
    inner join manifest as previous_version
        on current_version.replaces_load_id = previous_version.load_id
    where current_version.status = 'loaded'

),

dropped as (

    select
        load_id,
        source_file,
        logical_key,
        previous_file,
        previous_load_id,
        rows_before,
        rows_after,
        rows_before - rows_after as rows_dropped
    from replacements
    where rows_before > 0
        and rows_before - rows_after > {{ max_drop }} * rows_before

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        cast(null as {{ dbt.type_string() }}) as school_code,
        nullif(regexp_extract(logical_key, 'project_code=([^;|]+)', 1), '') as project_code,
        cast(nullif(regexp_extract(logical_key, 'year=([0-9]{4})(;|$)', 1), '') as integer) as year,
        source_file,
        cast(null as integer) as source_row,
        'replaces ' || previous_file || ' (load ' || previous_load_id || '): '
        || cast(rows_before as {{ dbt.type_string() }}) || ' data rows before, '
        || cast(rows_after as {{ dbt.type_string() }}) || ' now ('
        || cast(rows_dropped as {{ dbt.type_string() }}) || ' dropped, more than '
        || '{{ (max_drop * 100) | round(1) }}% of the earlier version)' as detail,
        load_id
    from dropped

)

{{ dq_finding_select('findings') }}
