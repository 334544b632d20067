-- grain: one row per teacher per project per plan year (k_teacher, project_code, plan_year) for
-- every teacher enrolled in a project: the union of the 国培 provider lists and the provincial
-- export rows carrying the project code. Used by the participation marts, PROJECT_OVER_QUOTA,
-- SCHOOL_OVER_ALLOCATION and (国培 only) int_guopei_enrolments, so all count "enrolled" the same
-- way. plan_year: int_plan_year_rows' (the plan year the record's dates fall in; a list row takes
-- the plan year of the same teacher's provincial record of the code), as for credits.
-- The winning row is the one int_training_records keeps for credit: the provincial export
-- (certified) over the 国培 list; among several rows of the winning source the one that ends last
-- (the final assessment), then the newest load. attended = not a no-show (国培: reported);
-- start_date = the earliest start of the winning source's rows, end_date = the winner's end
-- (record dates, else the plan year's dates). is_guopei: on a 国培 list or of level national.
with plan as (

    select
        project_code,
        year as plan_year,
        level,
        start_date,
        end_date
    from {{ ref('int_projects') }}

),

-- enrolments need a known teacher and a project code
plan_year_rows as (

    select
        source,
        k_teacher,
        project_code,
        plan_year,
        level,
        start_date,
        end_date,
        reported,
        outcome,
        loaded_at,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ ref('int_plan_year_rows') }}
    where k_teacher is not null
        and project_code is not null

),

provincial as (

    select
        p.k_teacher,
        p.project_code,
        p.plan_year,
        1 as source_rank,
        'provincial' as source,
        coalesce(p.level, plan.level) as level,
        coalesce(p.start_date, plan.start_date) as start_date,
        coalesce(p.end_date, p.start_date, plan.end_date, plan.start_date) as end_date,
        case when p.outcome = 'no_show' then false else true end as attended,
        p.outcome,
        p.loaded_at,
        p.source_file,
        p.source_sheet,
        p.source_row,
        p.load_id
    from plan_year_rows as p
    left join plan
        on p.project_code = plan.project_code
        and p.plan_year = plan.plan_year
    where p.source = 'provincial'

),

guopei as (

    select
        g.k_teacher,
        g.project_code,
        g.plan_year,
        2 as source_rank,
        'guopei' as source,
        coalesce(plan.level, 'national') as level,
        plan.start_date,
        coalesce(plan.end_date, plan.start_date) as end_date,
        case when g.reported and coalesce(g.outcome, '') <> 'no_show' then true else false end as attended,
        case when g.reported = false then 'no_show' else g.outcome end as outcome,
        g.loaded_at,
        g.source_file,
        g.source_sheet,
        g.source_row,
        g.load_id
    from plan_year_rows as g
    left join plan
        on g.project_code = plan.project_code
        and g.plan_year = plan.plan_year
    where g.source = 'guopei'

),

unioned as (

    select
        k_teacher, project_code, plan_year, source_rank, source, level, start_date, end_date,
        attended, outcome, loaded_at, source_file, source_sheet, source_row, load_id
    from provincial
    union all
    select
        k_teacher, project_code, plan_year, source_rank, source, level, start_date, end_date,
        attended, outcome, loaded_at, source_file, source_sheet, source_row, load_id
    from guopei

),

ranked as (

    select
        k_teacher,
        project_code,
        plan_year,
        source_rank,
        source,
        level,
        start_date,
        end_date,
        attended,
        outcome,
        source_file,
        source_sheet,
        source_row,
        load_id,
        min(source_rank) over enrolment as best_rank,
        max(source_rank) over enrolment as worst_rank,
        bool_or(source = 'guopei' or level = 'national') over enrolment as is_guopei,
        row_number() over (
            partition by k_teacher, project_code, plan_year
            order by source_rank, end_date desc nulls last, loaded_at desc nulls last, source_file, source_row
        ) as enrolment_rank
    from unioned
    window enrolment as (partition by k_teacher, project_code, plan_year)

),

first_starts as (

    select
        k_teacher,
        project_code,
        plan_year,
        min(start_date) as start_date
    from ranked
    where source_rank = best_rank
    group by k_teacher, project_code, plan_year

)

select
    ranked.k_teacher,
    ranked.project_code,
    ranked.plan_year,
    ranked.source,
    ranked.level,
    ranked.is_guopei,
    first_starts.start_date,
    ranked.end_date,
    ranked.attended,
    ranked.outcome,
    case when ranked.outcome in ({{ sql_in_list(policy('counted_outcomes')) }}) then true else false end as passed,
    case when ranked.best_rank <> ranked.worst_rank then true else false end as on_both_sources,
    ranked.source_file,
    ranked.source_sheet,
    ranked.source_row,
    ranked.load_id
from ranked
inner join first_starts
    on ranked.k_teacher = first_starts.k_teacher
    and ranked.project_code = first_starts.project_code
    and ranked.plan_year is not distinct from first_starts.plan_year
where ranked.enrolment_rank = 1
