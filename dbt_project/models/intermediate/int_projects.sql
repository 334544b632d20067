-- grain: one row per project per plan year (project_code, year), from the training plans.
-- A code in two years' plans (延续实施) is two projects: one row per plan year; records are matched
-- to the plan year their dates fall in (macro plan_year_of). When the same project and year
-- arrives twice (two plan files, or a re-sent plan), the newest file wins
-- (load_manifest.file_modified_at, else loaded_at: macro loaded_at_of),
-- then the first row (source_file, source_row) of that load.
with plan_rows as (

    select
        year,
        project_code,
        project_name,
        level,
        mode,
        provider,
        start_date,
        end_date,
        hours,
        practice_hours,
        planned_seats,
        target_stage,
        rural_only,
        budget_yuan,
        source_file,
        source_sheet,
        source_row,
        load_id,
        {{ loaded_at_of('plan_row') }} as loaded_at
    from {{ ref('stg_plan__training_projects') }} as plan_row
    where project_code is not null

),

plan as (

    select
        year,
        project_code,
        project_name,
        level,
        mode,
        provider,
        start_date,
        end_date,
        hours,
        practice_hours,
        planned_seats,
        target_stage,
        rural_only,
        budget_yuan,
        source_file,
        source_sheet,
        source_row,
        load_id,
        row_number() over (
            partition by project_code, year
            order by loaded_at desc nulls last, source_file, source_row
        ) as plan_rank
    from plan_rows

)

select
    project_code,
    year,
    project_name,
    level,
    mode,
    provider,
    start_date,
    end_date,
    hours,
    practice_hours,
    planned_seats,
    target_stage,
    rural_only,
    budget_yuan,
    source_file,
    source_sheet,
    source_row,
    load_id
from plan
where plan_rank = 1
