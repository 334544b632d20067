-- grain: one row per sign-in sheet (school x year) in which at least one session has present
-- marks (√) but no hours in the sheet's 学时 row. Points at that 学时 row of the sheet
-- (raw.skipped_rows reason 'hours_row'; the row above the first teacher when not recorded).
with attendance as (

    select
        school_code,
        year,
        session_date,
        session_title,
        session_hours,
        mark,
        source_file,
        source_row,
        load_id
    from {{ ref('stg_signin__attendance') }}

),

sheets as (

    select
        source_file,
        min(school_code) as school_code,
        min(year) as year,
        min(source_row) - 1 as first_row_above,
        min(load_id) as load_id
    from attendance
    group by source_file

),

sessions_without_hours as (

    select
        source_file,
        count(distinct {{ dbt.concat(["cast(session_date as " ~ dbt.type_string() ~ ")", "'|'", "coalesce(session_title, '')"]) }}) as n_sessions
    from attendance
    where mark = 'present'
        and session_hours is null
    group by source_file

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        sheets.school_code,
        cast(null as {{ dbt.type_string() }}) as project_code,
        sheets.year,
        sheets.source_file,
        {{ skipped_row_of('sheets.source_file', 'hours_row', 'sheets.first_row_above') }} as source_row,
        {{ dbt.concat(["cast(sessions_without_hours.n_sessions as " ~ dbt.type_string() ~ ")",
                       "' session(s) with present marks but no hours in the 学时 row'"]) }} as detail,
        sheets.load_id
    from sessions_without_hours
    inner join sheets
        on sessions_without_hours.source_file = sheets.source_file

)

{{ dq_finding_select('findings') }}
