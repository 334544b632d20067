-- grain: one row per school-based sign-in sheet (school_code, source_file) holding at least one
-- session on or after policy school_based_timetable.from_date whose day of the week is not in
-- school_based_timetable.weekdays (ISO: 1 = Monday; default Tuesdays and Thursdays from 2023); the
-- detail lists every such session. A session is a dated column of a sign-in sheet, whatever its
-- marks, so it has no row of its own: the finding points at the sheet's first teacher row (one
-- finding per sheet keeps finding ids unique). Severity warn.
{%- set from_date = policy_section_key('school_based_timetable', 'from_date', '2023-01-01') %}
{%- set weekdays = policy_section_key('school_based_timetable', 'weekdays', [2, 4]) %}
{%- set day_names = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] %}
{%- set allowed = [] %}
{%- for day in weekdays %}{%- do allowed.append(day_names[day - 1]) %}{%- endfor %}
with attendance as (

    select
        school_code,
        year,
        session_date,
        source_file,
        source_row,
        load_id
    from {{ ref('stg_signin__attendance') }}
    where
        session_date is not null
        and session_date >= cast({{ sql_string(from_date) }} as date)

),

sessions as (

    select
        school_code,
        session_date,
        source_file,
        min(year) as year,
        min(source_row) as source_row,
        min(load_id) as load_id,
        cast({{ iso_weekday('session_date') }} as integer) as iso_weekday
    from attendance
    group by school_code, session_date, source_file

),

off_timetable as (

    select
        school_code,
        session_date,
        source_file,
        year,
        source_row,
        load_id,
        case iso_weekday
            {%- for name in day_names %}
            when {{ loop.index }} then '{{ name }}'
            {%- endfor %}
        end as weekday_zh
    from sessions
    where iso_weekday not in ({{ weekdays | join(', ') if weekdays else '0' }})

),

per_sheet as (

    select
        school_code,
        source_file,
        min(year) as year,
        min(source_row) as source_row,
        min(load_id) as load_id,
        {{ string_agg_ordered(
            dbt.concat(["cast(session_date as " ~ dbt.type_string() ~ ")", "'（'", "weekday_zh", "'）'"]),
            "'、'", 'session_date'
        ) }} as sessions
    from off_timetable
    group by school_code, source_file

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        school_code,
        cast(null as {{ dbt.type_string() }}) as project_code,
        year,
        source_file,
        source_row,
        {{ dbt.concat([
            "'校本研修场次 '",
            "sessions",
            "'不在规定的校本研修日（" ~ (allowed | join('、')) ~ "）'"
        ]) }} as detail,
        load_id
    from per_sheet

)

{{ dq_finding_select('findings') }}
