-- grain: one row per project per plan year (project_code, year), from the training plans.
-- If a plan file lists the same project twice in one year, the first row (source_file, source_row) wins.
with plan as (

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
            order by source_file, source_row
        ) as plan_rank
    from {{ ref('stg_plan__training_projects') }}
    where project_code is not null

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
