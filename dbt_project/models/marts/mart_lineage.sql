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
-- Longer than most models because it covers every analyst mart: one CTE of source rows per kind,
-- then one lineage_rows call (macros/mart_lineage.sql) per mart and role.
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

-- 国培-list and platform rows merged into a record of another source (same teacher + project code):
-- the teacher's projects per source first, so a project with several records meets its merged
-- rows once
record_projects as (

    select distinct
        k_teacher,
        source,
        project_code,
        cycle_start_year,
        school_year_start
    from credit_records
    where project_code is not null

),

confirmations as (

    select
        records.k_teacher,
        records.cycle_start_year,
        records.school_year_start,
        merged.source_file,
        merged.source_sheet,
        merged.source_row,
        merged.load_id
    from record_projects as records
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

-- Source rows per teacher and period, each once: a sign-in row is one record per session marked
-- present, so joining records to the marts repeated its row once per session.
{%- for period in ['cycle_start_year', 'school_year_start'] %}
{%- for kind in ['credit_records', 'confirmations'] %}

{{ kind }}_rows_by_{{ period }} as (

    select distinct k_teacher, {{ period }}, source_file, source_sheet, source_row, load_id
    from {{ kind }}

),
{%- endfor %}
{%- endfor %}

it20_rows as (

    select distinct k_teacher, cycle_start_year, source_file, source_sheet, source_row, load_id
    from credit_records
    where is_counted and completed_by_as_of and {{ is_it20_training('title', 'project_code') }}

),

attended_rows as (

    select distinct k_teacher, record_year, source_file, source_sheet, source_row, load_id
    from records
    where attended

),

allocations as (

    select school_code, year, project_code, source_file, source_sheet, source_row, load_id
    from {{ ref('stg_plan__seat_allocations') }}

),

-- each school's funding row with its sheet (the funding marts keep file and row)
funding_rows as (

    select
        m.school_code,
        m.county,
        m.year,
        m.source_file,
        f.source_sheet,
        m.source_row,
        m.load_id
    from {{ ref('mart_school_year_funding') }} as m
    left join {{ ref('stg_funding__school_funding') }} as f
        on m.source_file = f.source_file
        and m.source_row = f.source_row
        and m.load_id = f.load_id

),

-- allocation and plan rows of the projects that count in a county's training budget
county_budget_sources as (

    select
        schools.county,
        a.year,
        a.source_file as allocation_file,
        a.source_sheet as allocation_sheet,
        a.source_row as allocation_row,
        a.load_id as allocation_load_id,
        p.source_file as plan_file,
        p.source_sheet as plan_sheet,
        p.source_row as plan_row,
        p.load_id as plan_load_id
    from allocations as a
    inner join {{ ref('int_schools') }} as schools
        on a.school_code = schools.school_code
    inner join {{ ref('int_projects') }} as p
        on a.project_code = p.project_code
        and a.year = p.year
    where p.level in ({{ sql_in_list(policy('funding').get('county_budget_levels') or []) }})

),

county_budget_rows as (

    select county, year, 'allocation' as source_role, allocation_file as source_file,
        allocation_sheet as source_sheet, allocation_row as source_row, allocation_load_id as load_id
    from county_budget_sources
    union all
    -- a plan row once per county and year, however many of the county's schools it allocated to
    select distinct county, year, 'plan', plan_file, plan_sheet, plan_row, plan_load_id
    from county_budget_sources

),

project_sources as (

    select project_code, year, 'plan' as source_role, source_file, source_sheet, source_row, load_id
    from {{ ref('int_projects') }}
    union all
    select project_code, year, 'enrolment', source_file, source_sheet, source_row, load_id
    from enrolments
    union all
    select project_code, year, 'allocation', source_file, source_sheet, source_row, load_id
    from allocations

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
    inner join attended_rows as r
        on t.k_teacher = r.k_teacher
        and m.year = r.record_year
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

-- the same per county, year and school area ('unknown' for schools without one)
school_area_sources as (

    select
        sy.county,
        sy.year,
        coalesce(sy.school_area, 'unknown') as school_area,
        s.source_role,
        s.source_file,
        s.source_sheet,
        s.source_row,
        s.load_id
    from {{ ref('mart_school_year_participation') }} as sy
    inner join school_year_sources as s
        on sy.school_code = s.school_code
        and sy.year = s.year

),

teacher_cycle as (

    {{ teacher_credit_lineage('mart_teacher_cycle_credits', 'cycle_start_year') }}

),

teacher_year as (

    {{ teacher_credit_lineage('mart_teacher_year_credits', 'school_year_start') }}

),

teacher_it20 as (

    {{ lineage_rows(
        'mart_teacher_it20_compliance', ['cycle_start_year'], "'training_record'", 'it20_rows',
        'm.k_teacher = s.k_teacher and m.cycle_start_year = s.cycle_start_year', teacher=true) }}
    union all
    {{ lineage_rows(
        'mart_teacher_it20_compliance', ['cycle_start_year'], "'roster'", 'teachers',
        'm.k_teacher = s.k_teacher', teacher=true) }}

),

school_funding as (

    {{ lineage_rows(
        'mart_school_year_funding', ['school_code', 'year'], "'funding'", 'funding_rows',
        'm.school_code = s.school_code and m.year = s.year') }}

),

county_funding as (

    {{ lineage_rows(
        'mart_county_year_funding', ['county', 'year'], "'funding'", 'funding_rows',
        'm.county = s.county and m.year = s.year') }}
    union all
    {{ lineage_rows(
        'mart_county_year_funding', ['county', 'year'], 's.source_role', 'county_budget_rows',
        'm.county = s.county and m.year = s.year') }}

),

project_participation as (

    {{ lineage_rows(
        'mart_project_year_participation', ['project_code', 'year'], 's.source_role',
        'project_sources', 'm.project_code = s.project_code and m.year = s.year') }}

),

school_participation as (

    {{ lineage_rows(
        'mart_school_year_participation', ['school_code', 'year'], 's.source_role',
        'school_year_sources', 'm.school_code = s.school_code and m.year = s.year') }}

),

county_participation as (

    {{ lineage_rows(
        'mart_county_year_participation', ['county', 'year', 'school_area'], 's.source_role',
        'school_area_sources',
        "m.county = s.county and m.year = s.year and (m.school_area = 'all' or m.school_area = s.school_area)") }}

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

-- no distinct: each part lists a source row once (the unique_combination test holds it)
select
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
