{{ config(materialized='view') }}
-- grain: one row per finding a school answered (finding_id): its latest answer from the returned
-- correction workbooks (raw.correction_responses, loaded by `python -m ingest corrections`).
-- The raw table exists only once a workbook has been read back; until then this is empty.
-- The school's free-text 整改说明 stays in raw.correction_responses: it may name people.
{%- set responses = adapter.get_relation(
    database=target.database, schema='raw', identifier='correction_responses') %}
{%- if responses is not none %}
with responses as (

    select
        finding_id,
        response_code,
        response_label,
        loaded_at,
        source_file,
        source_row,
        load_id
    from {{ responses }}

),

ranked as (

    select
        finding_id,
        response_code,
        response_label,
        loaded_at,
        source_file,
        source_row,
        load_id,
        row_number() over (
            partition by finding_id order by loaded_at desc, load_id desc, source_row desc
        ) as answer_rank
    from responses

)

select
    cast(finding_id as {{ dbt.type_string() }}) as finding_id,
    cast(response_code as {{ dbt.type_string() }}) as response_code,
    cast(response_label as {{ dbt.type_string() }}) as response_label,
    cast(loaded_at as timestamp) as responded_at,
    cast(source_file as {{ dbt.type_string() }}) as response_file,
    cast(source_row as integer) as response_row,
    cast(load_id as {{ dbt.type_string() }}) as response_load
from ranked
where answer_rank = 1
{%- else %}
select
    cast(null as {{ dbt.type_string() }}) as finding_id,
    cast(null as {{ dbt.type_string() }}) as response_code,
    cast(null as {{ dbt.type_string() }}) as response_label,
    cast(null as timestamp) as responded_at,
    cast(null as {{ dbt.type_string() }}) as response_file,
    cast(null as integer) as response_row,
    cast(null as {{ dbt.type_string() }}) as response_load
where false
{%- endif %}
