-- grain: one row per 国培 enrolment made while the teacher was banned. "未通过结业考核的学员，在三年
-- 内不得再参加": the ban runs from the END of the banning training (its final assessment): an
-- enrolment whose start date is after the end date of another enrolment of the same teacher with
-- an outcome in guopei.ban_outcomes (no-show, dismissed, failed) and before that end date +
-- guopei.ban_years is a finding. Enrolments (int_guopei_enrolments) include 国培 recorded only in
-- the provincial export; the outcome is the winning source's, as in the credit marts. Points at
-- the winning source row of the later (banned) enrolment; one finding per such enrolment.
with enrolments as (

    select
        k_teacher,
        project_code,
        plan_year,
        outcome,
        start_date,
        end_date,
        source_file,
        source_row,
        load_id
    from {{ ref('int_guopei_enrolments') }}
    where start_date is not null

),

bans as (

    select
        k_teacher,
        project_code as banning_project_code,
        plan_year as banning_plan_year,
        coalesce(end_date, start_date) as banned_from,
        {{ dbt.dateadd('year', policy('guopei')['ban_years'], 'coalesce(end_date, start_date)') }} as banned_until
    from enrolments
    where outcome in ({{ sql_in_list(policy('guopei')['ban_outcomes']) }})

),

banned_enrolments as (

    select
        enrolments.k_teacher,
        enrolments.project_code,
        enrolments.plan_year,
        enrolments.source_file,
        enrolments.source_row,
        enrolments.load_id,
        min(bans.banning_project_code) as banning_project_code
    from enrolments
    inner join bans
        on enrolments.k_teacher = bans.k_teacher
        and enrolments.start_date > bans.banned_from
        and enrolments.start_date < bans.banned_until
        and not (
            enrolments.project_code = bans.banning_project_code
            and enrolments.plan_year is not distinct from bans.banning_plan_year
        )
    group by
        enrolments.k_teacher,
        enrolments.project_code,
        enrolments.plan_year,
        enrolments.source_file,
        enrolments.source_row,
        enrolments.load_id

),

teachers as (

    select k_teacher, school_code
    from {{ ref('int_teachers') }}

),

findings as (

    select
        banned_enrolments.k_teacher,
        teachers.school_code,
        banned_enrolments.project_code,
        banned_enrolments.plan_year as year,
        banned_enrolments.source_file,
        banned_enrolments.source_row,
        {{ dbt.concat(["'enrolled while banned after '", "banned_enrolments.banning_project_code"]) }} as detail,
        banned_enrolments.load_id
    from banned_enrolments
    left join teachers
        on banned_enrolments.k_teacher = teachers.k_teacher

)

{{ dq_finding_select('findings') }}
