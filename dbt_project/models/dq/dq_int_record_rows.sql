-- grain: one row per provincial-export row and per 国培 list row (the two sources that register
-- hours against a planned project), with the hours of the plan it belongs to: projects are keyed
-- (project_code, plan year) and a record goes to the plan year its dates fall in (macro
-- plan_year_of; a list row takes its provincial twin's plan year, list_plan_year). Shared by the
-- hours rules (HOURS_OVER_PROJECT, HOURS_OVER_DAILY_MAX) and UNKNOWN_TEACHER; not a business model.
with plan as (

    select project_code, year, hours, start_date, end_date
    from {{ ref('int_projects') }}

),

provincial_rows as (

    select
        'provincial' as source,
        p.k_teacher,
        p.project_code,
        p.hours,
        p.outcome,
        p.start_date,
        p.end_date,
        cast(extract(year from coalesce(p.end_date, p.start_date)) as integer) as record_year,
        {{ plan_year_of('p.project_code', 'p.start_date', 'p.end_date') }} as plan_year,
        p.source_file,
        p.source_row,
        p.load_id
    from {{ ref('stg_provincial__training_records') }} as p

),

provincial as (

    select
        source, k_teacher, project_code, hours, outcome, start_date, end_date, record_year,
        plan_year, source_file, source_row, load_id
    from provincial_rows

),

guopei as (

    select
        'guopei' as source,
        g.k_teacher,
        g.project_code,
        g.hours,
        case when g.reported = false then 'no_show' else g.outcome end as outcome,
        cast(null as date) as start_date,
        cast(null as date) as end_date,
        cast(null as integer) as record_year,
        {{ list_plan_year('g', 'provincial') }} as plan_year,
        g.source_file,
        g.source_row,
        g.load_id
    from {{ ref('stg_guopei__trainees') }} as g

),

records as (

    select source, k_teacher, project_code, hours, outcome, start_date, end_date, record_year,
           plan_year, source_file, source_row, load_id
    from provincial
    union all
    select source, k_teacher, project_code, hours, outcome, start_date, end_date, record_year,
           plan_year, source_file, source_row, load_id
    from guopei

)

select
    records.source,
    records.k_teacher,
    records.project_code,
    records.hours,
    records.outcome,
    records.start_date,
    records.end_date,
    coalesce(records.record_year, records.plan_year) as year,
    plan.hours as plan_hours,
    records.source_file,
    records.source_row,
    records.load_id
from records
left join plan
    on records.project_code = plan.project_code
    and records.plan_year = plan.year
