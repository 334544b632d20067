-- grain: one row per mart row x source row (mart_name, k_teacher, mart_key, source_role,
-- source_file, source_sheet, source_row, load_id): which spreadsheet rows every row of every
-- analyst mart is built from. Teacher marts put their k_teacher in its own column (null for the
-- other marts); mart_key holds the other key values joined by '|' in the order of key_columns
-- (e.g. k_teacher = '<hash>', key_columns 'cycle_start_year', mart_key '2021'; or key_columns
-- 'school_code|year', mart_key '3101000001|2023'). source_role says what the
-- row contributes: roster (the teacher's or school's roster row), training_record (a training
-- record's surviving source row after dedup; rows merged into it are listed with the same
-- role when they are 国培 / provincial enrolments), confirming_record (a 国培-list or platform row
-- of the same teacher and project code that the dedup merged into a record of another source; it
-- adds no hours), funding, plan, allocation, enrolment. Rows merged by title and dates (no project
-- code) are not listed; confirmed_by_sources in int_training_records names their sources.
{%- set as_text = dbt.type_string() %}
with teachers as (

    select k_teacher, school_code, source_file, source_sheet, source_row, load_id
    from {{ ref('int_teachers') }}

),

records as (

    select
        k_teacher,
        source,
        cycle_start_year,
        record_year,
        is_counted,
        title,
        project_code,
        attended,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ ref('int_training_records') }}
    where k_teacher is not null

),

-- the records of the credit marts, with the school year and cycle they count in
credit_records as (

    select
        k_teacher,
        source,
        cycle_start_year,
        school_year_start,
        completed_by_as_of,
        is_counted,
        title,
        project_code,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ ref('int_teacher_credit_records') }}

),

enrolments as (

    select
        enrolments.k_teacher,
        enrolments.project_code,
        projects.year,
        enrolments.source_file,
        cast(null as {{ as_text }}) as source_sheet,
        enrolments.source_row,
        enrolments.load_id
    from {{ ref('int_project_enrolments') }} as enrolments
    inner join {{ ref('int_projects') }} as projects
        on enrolments.project_code = projects.project_code
        and enrolments.plan_year = projects.year

),

-- 国培-list and platform rows merged into a record of another source (same teacher + project code)
confirmations as (

    select
        records.k_teacher,
        records.cycle_start_year,
        records.school_year_start,
        merged.source_file,
        merged.source_sheet,
        merged.source_row,
        merged.load_id
    from credit_records as records
    inner join (
        select 'guopei' as source, k_teacher, project_code, source_file, source_sheet, source_row, load_id
        from {{ ref('stg_guopei__trainees') }}
        union all
        select 'platform', k_teacher, project_code, source_file, source_sheet, source_row, load_id
        from {{ ref('int_platform_matches') }}
    ) as merged
        on records.k_teacher = merged.k_teacher
        and records.project_code = merged.project_code
        and records.source <> merged.source
    where merged.k_teacher is not null

),

allocations as (

    select school_code, year, project_code, source_file, source_sheet, source_row, load_id
    from {{ ref('stg_plan__seat_allocations') }}

),

teacher_cycle as (

    select
        'mart_teacher_cycle_credits' as mart_name,
        'cycle_start_year' as key_columns,
        m.k_teacher as k_teacher,
        cast(m.cycle_start_year as {{ as_text }}) as mart_key,
        'training_record' as source_role,
        r.source_file, r.source_sheet, r.source_row, r.load_id
    from {{ ref('mart_teacher_cycle_credits') }} as m
    inner join credit_records as r
        on m.k_teacher = r.k_teacher
        and m.cycle_start_year = r.cycle_start_year
    union all
    select
        'mart_teacher_cycle_credits', 'cycle_start_year',
        m.k_teacher,
        cast(m.cycle_start_year as {{ as_text }}),
        'roster',
        t.source_file, t.source_sheet, t.source_row, t.load_id
    from {{ ref('mart_teacher_cycle_credits') }} as m
    inner join teachers as t
        on m.k_teacher = t.k_teacher
    union all
    select
        'mart_teacher_cycle_credits', 'cycle_start_year',
        m.k_teacher,
        cast(m.cycle_start_year as {{ as_text }}),
        'confirming_record',
        c.source_file, c.source_sheet, c.source_row, c.load_id
    from {{ ref('mart_teacher_cycle_credits') }} as m
    inner join confirmations as c
        on m.k_teacher = c.k_teacher
        and m.cycle_start_year = c.cycle_start_year

),

teacher_year as (

    select
        'mart_teacher_year_credits' as mart_name,
        'school_year_start' as key_columns,
        m.k_teacher as k_teacher,
        cast(m.school_year_start as {{ as_text }}) as mart_key,
        'training_record' as source_role,
        r.source_file, r.source_sheet, r.source_row, r.load_id
    from {{ ref('mart_teacher_year_credits') }} as m
    inner join credit_records as r
        on m.k_teacher = r.k_teacher
        and m.school_year_start = r.school_year_start
    union all
    select
        'mart_teacher_year_credits', 'school_year_start',
        m.k_teacher,
        cast(m.school_year_start as {{ as_text }}),
        'roster',
        t.source_file, t.source_sheet, t.source_row, t.load_id
    from {{ ref('mart_teacher_year_credits') }} as m
    inner join teachers as t
        on m.k_teacher = t.k_teacher
    union all
    select
        'mart_teacher_year_credits', 'school_year_start',
        m.k_teacher,
        cast(m.school_year_start as {{ as_text }}),
        'confirming_record',
        c.source_file, c.source_sheet, c.source_row, c.load_id
    from {{ ref('mart_teacher_year_credits') }} as m
    inner join confirmations as c
        on m.k_teacher = c.k_teacher
        and m.school_year_start = c.school_year_start

),

teacher_it20 as (

    select
        'mart_teacher_it20_compliance' as mart_name,
        'cycle_start_year' as key_columns,
        m.k_teacher as k_teacher,
        cast(m.cycle_start_year as {{ as_text }}) as mart_key,
        'training_record' as source_role,
        r.source_file, r.source_sheet, r.source_row, r.load_id
    from {{ ref('mart_teacher_it20_compliance') }} as m
    inner join credit_records as r
        on m.k_teacher = r.k_teacher
        and m.cycle_start_year = r.cycle_start_year
    where r.is_counted
        and r.completed_by_as_of
        and {{ is_it20_training('r.title', 'r.project_code') }}
    union all
    select
        'mart_teacher_it20_compliance', 'cycle_start_year',
        m.k_teacher,
        cast(m.cycle_start_year as {{ as_text }}),
        'roster',
        t.source_file, t.source_sheet, t.source_row, t.load_id
    from {{ ref('mart_teacher_it20_compliance') }} as m
    inner join teachers as t
        on m.k_teacher = t.k_teacher

),

school_funding as (

    select
        'mart_school_year_funding' as mart_name,
        'school_code|year' as key_columns,
        cast(null as {{ as_text }}) as k_teacher,
        {{ dbt.concat(['m.school_code', "'|'", 'cast(m.year as ' ~ as_text ~ ')']) }} as mart_key,
        'funding' as source_role,
        m.source_file, f.source_sheet, m.source_row, m.load_id
    from {{ ref('mart_school_year_funding') }} as m
    left join {{ ref('stg_funding__school_funding') }} as f
        on m.source_file = f.source_file
        and m.source_row = f.source_row
        and m.load_id = f.load_id

),

county_funding as (

    select
        'mart_county_year_funding' as mart_name,
        'county|year' as key_columns,
        cast(null as {{ as_text }}) as k_teacher,
        {{ dbt.concat(['m.county', "'|'", 'cast(m.year as ' ~ as_text ~ ')']) }} as mart_key,
        'funding' as source_role,
        s.source_file, f.source_sheet, s.source_row, s.load_id
    from {{ ref('mart_county_year_funding') }} as m
    inner join {{ ref('mart_school_year_funding') }} as s
        on m.county = s.county
        and m.year = s.year
    left join {{ ref('stg_funding__school_funding') }} as f
        on s.source_file = f.source_file
        and s.source_row = f.source_row
        and s.load_id = f.load_id
    union all
    select
        'mart_county_year_funding', 'county|year',
        cast(null as {{ as_text }}),
        {{ dbt.concat(['m.county', "'|'", 'cast(m.year as ' ~ as_text ~ ')']) }},
        'allocation',
        a.source_file, a.source_sheet, a.source_row, a.load_id
    from {{ ref('mart_county_year_funding') }} as m
    inner join {{ ref('int_schools') }} as sc
        on m.county = sc.county
    inner join allocations as a
        on sc.school_code = a.school_code
        and m.year = a.year
    inner join {{ ref('int_projects') }} as p
        on a.project_code = p.project_code
        and a.year = p.year
    where p.level in ({{ sql_in_list(policy('funding').get('county_budget_levels') or []) }})
    union all
    select
        'mart_county_year_funding', 'county|year',
        cast(null as {{ as_text }}),
        {{ dbt.concat(['m.county', "'|'", 'cast(m.year as ' ~ as_text ~ ')']) }},
        'plan',
        p.source_file, p.source_sheet, p.source_row, p.load_id
    from {{ ref('mart_county_year_funding') }} as m
    inner join {{ ref('int_schools') }} as sc
        on m.county = sc.county
    inner join allocations as a
        on sc.school_code = a.school_code
        and m.year = a.year
    inner join {{ ref('int_projects') }} as p
        on a.project_code = p.project_code
        and a.year = p.year
    where p.level in ({{ sql_in_list(policy('funding').get('county_budget_levels') or []) }})

),

project_participation as (

    select
        'mart_project_year_participation' as mart_name,
        'project_code|year' as key_columns,
        cast(null as {{ as_text }}) as k_teacher,
        {{ dbt.concat(['m.project_code', "'|'", 'cast(m.year as ' ~ as_text ~ ')']) }} as mart_key,
        'plan' as source_role,
        p.source_file, p.source_sheet, p.source_row, p.load_id
    from {{ ref('mart_project_year_participation') }} as m
    inner join {{ ref('int_projects') }} as p
        on m.project_code = p.project_code
        and m.year = p.year
    union all
    select
        'mart_project_year_participation', 'project_code|year',
        cast(null as {{ as_text }}),
        {{ dbt.concat(['m.project_code', "'|'", 'cast(m.year as ' ~ as_text ~ ')']) }},
        'enrolment',
        e.source_file, e.source_sheet, e.source_row, e.load_id
    from {{ ref('mart_project_year_participation') }} as m
    inner join enrolments as e
        on m.project_code = e.project_code
        and m.year = e.year
    union all
    select
        'mart_project_year_participation', 'project_code|year',
        cast(null as {{ as_text }}),
        {{ dbt.concat(['m.project_code', "'|'", 'cast(m.year as ' ~ as_text ~ ')']) }},
        'allocation',
        a.source_file, a.source_sheet, a.source_row, a.load_id
    from {{ ref('mart_project_year_participation') }} as m
    inner join allocations as a
        on m.project_code = a.project_code
        and m.year = a.year

),

-- source rows of each school-year of mart_school_year_participation (reused by the county roll-up)
school_year_sources as (

    select m.school_code, m.year, 'roster' as source_role,
        t.source_file, t.source_sheet, t.source_row, t.load_id
    from {{ ref('mart_school_year_participation') }} as m
    inner join teachers as t
        on m.school_code = t.school_code
    union all
    select m.school_code, m.year, 'training_record',
        r.source_file, r.source_sheet, r.source_row, r.load_id
    from {{ ref('mart_school_year_participation') }} as m
    inner join teachers as t
        on m.school_code = t.school_code
    inner join records as r
        on t.k_teacher = r.k_teacher
        and m.year = r.record_year
    where r.attended
    union all
    select m.school_code, m.year, 'allocation',
        a.source_file, a.source_sheet, a.source_row, a.load_id
    from {{ ref('mart_school_year_participation') }} as m
    inner join allocations as a
        on m.school_code = a.school_code
        and m.year = a.year
    union all
    select m.school_code, m.year, 'enrolment',
        e.source_file, e.source_sheet, e.source_row, e.load_id
    from {{ ref('mart_school_year_participation') }} as m
    inner join teachers as t
        on m.school_code = t.school_code
    inner join enrolments as e
        on t.k_teacher = e.k_teacher
        and m.year = e.year

),

school_participation as (

    select
        'mart_school_year_participation' as mart_name,
        'school_code|year' as key_columns,
        cast(null as {{ as_text }}) as k_teacher,
        {{ dbt.concat(['school_code', "'|'", 'cast(year as ' ~ as_text ~ ')']) }} as mart_key,
        source_role, source_file, source_sheet, source_row, load_id
    from school_year_sources

),

county_participation as (

    select
        'mart_county_year_participation' as mart_name,
        'county|year|school_area' as key_columns,
        cast(null as {{ as_text }}) as k_teacher,
        {{ dbt.concat(['m.county', "'|'", 'cast(m.year as ' ~ as_text ~ ')', "'|'", 'm.school_area']) }} as mart_key,
        s.source_role, s.source_file, s.source_sheet, s.source_row, s.load_id
    from {{ ref('mart_county_year_participation') }} as m
    inner join {{ ref('mart_school_year_participation') }} as sy
        on m.county = sy.county
        and m.year = sy.year
        and (m.school_area = 'all' or m.school_area = coalesce(sy.school_area, 'unknown'))
    inner join school_year_sources as s
        on sy.school_code = s.school_code
        and sy.year = s.year

),

unioned as (

    {% for part in ['teacher_cycle', 'teacher_year', 'teacher_it20', 'school_funding', 'county_funding',
                    'project_participation', 'school_participation', 'county_participation'] -%}
    select mart_name, key_columns, k_teacher, mart_key, source_role, source_file, source_sheet,
        source_row, load_id
    from {{ part }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select distinct
    cast(mart_name as {{ as_text }}) as mart_name,
    cast(key_columns as {{ as_text }}) as key_columns,
    cast(k_teacher as {{ as_text }}) as k_teacher,
    cast(mart_key as {{ as_text }}) as mart_key,
    cast(source_role as {{ as_text }}) as source_role,
    cast(source_file as {{ as_text }}) as source_file,
    cast(coalesce(source_sheet, '') as {{ as_text }}) as source_sheet,
    cast(source_row as integer) as source_row,
    cast(load_id as {{ as_text }}) as load_id
from unioned
where source_file is not null
