-- grain: one row per teacher (k_teacher). RESTRICTED: maps the keyed hash back to the ID number,
-- name and phone, for the correction workbooks sent back to schools only. Lives in schema
-- `restricted` (never `main`), is not a mart and is never exported to analysts (the Parquet export
-- writes schema main's mart_* tables only). Grant it only to the people who send corrections.
select
    cast(k_teacher as {{ dbt.type_string() }}) as k_teacher,
    cast(id_number as {{ dbt.type_string() }}) as id_number,
    cast(name as {{ dbt.type_string() }}) as name,
    -- what a school sees in its correction workbook: first 4 and last 4 characters
    cast(
        left(id_number, 4) || repeat('*', greatest(length(id_number) - 8, 0)) || right(id_number, 4)
        as {{ dbt.type_string() }}
    ) as id_number_masked,
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(school_name as {{ dbt.type_string() }}) as school_name,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(source_file as {{ dbt.type_string() }}) as source_file,
    cast(source_row as integer) as source_row
from {{ ref('int_teachers') }}
