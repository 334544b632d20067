-- grain: one row per provincial-export, 国培 list or sign-in row whose ID number is valid (it
-- reached staging, so it passed the ingest's checks) but whose teacher is on no roster
-- (int_teachers). Points at that row (a sign-in teacher row once, whatever its sessions).
with record_rows as (

    select k_teacher, project_code, year, source_file, source_row, load_id
    from {{ ref('dq_int_record_rows') }}
    where k_teacher is not null

),

signin_rows as (

    select
        k_teacher,
        cast(null as {{ dbt.type_string() }}) as project_code,
        min(year) as year,
        source_file,
        source_row,
        min(load_id) as load_id
    from {{ ref('stg_signin__attendance') }}
    where k_teacher is not null
    group by k_teacher, source_file, source_row

),

rows_with_id as (

    select k_teacher, project_code, year, source_file, source_row, load_id from record_rows
    union all
    select k_teacher, project_code, year, source_file, source_row, load_id from signin_rows

),

findings as (

    select
        rows_with_id.k_teacher,
        cast(null as {{ dbt.type_string() }}) as school_code,
        rows_with_id.project_code,
        rows_with_id.year,
        rows_with_id.source_file,
        rows_with_id.source_row,
        'valid ID number on no roster' as detail,
        rows_with_id.load_id
    from rows_with_id
    where not exists (
        select 1
        from {{ ref('int_teachers') }} as teachers
        where teachers.k_teacher = rows_with_id.k_teacher
    )

)

{{ dq_finding_select('findings') }}
