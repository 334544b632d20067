-- grain: one row per teacher per 国培 project per plan year (k_teacher, project_code, plan_year):
-- the enrolments of int_project_enrolments that are 国培 (on a provider list, or of level
-- national in the provincial export or the plan). A 国培 training recorded only in the provincial
-- export counts; one on both the list and the export is one enrolment, and its outcome is the
-- winning source's (the provincial export, as in the credit marts). reported = attended (not a
-- no-show; a list trainee who did not report, 报到=否, is a no-show whatever 结业情况 says).
-- start_date / end_date: the record's dates, else the plan year's; the cycle is the policy cycle
-- containing start_date (the plan year when there is no date). The ban (guopei.ban_years) runs
-- from end_date, the end of the training (its final assessment).
with enrolments as (

    select
        k_teacher,
        project_code,
        plan_year,
        source,
        on_both_sources,
        attended as reported,
        outcome,
        start_date,
        end_date,
        coalesce(cast(extract(year from start_date) as integer), plan_year) as start_year,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ ref('int_project_enrolments') }}
    where is_guopei

)

select
    k_teacher,
    project_code,
    plan_year,
    source,
    on_both_sources,
    reported,
    outcome,
    start_date,
    end_date,
    start_year,
    case when start_year is not null then {{ cycle_start_year_of('start_year') }} end as cycle_start_year,
    source_file,
    source_sheet,
    source_row,
    load_id
from enrolments
