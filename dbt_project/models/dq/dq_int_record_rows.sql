-- grain: one row per provincial-export row and per 国培 list row (the two sources that register
-- hours against a planned project), with the hours of the plan it belongs to: projects are keyed
-- (project_code, plan year) and a record goes to the plan year int_plan_year_rows gives it (its
-- dates; a list row takes its provincial twin's plan year). Shared by the
-- hours rules (HOURS_OVER_PROJECT, HOURS_OVER_DAILY_MAX) and UNKNOWN_TEACHER; not a business model.
with plan as (

    select project_code, year, hours, start_date, end_date
    from {{ ref('int_projects') }}

),

records as (

    select
        source,
        k_teacher,
        project_code,
        hours,
        case when reported = false then 'no_show' else outcome end as outcome,
        start_date,
        end_date,
        cast(extract(year from coalesce(end_date, start_date)) as integer) as record_year,
        plan_year,
        source_file,
        source_row,
        load_id
    from {{ ref('int_plan_year_rows') }}

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
