-- grain: one row per 国培 enrolment made while the teacher was banned: its start date is after
-- the start date of an earlier enrolment of the same teacher whose outcome is in the policy's
-- guopei.ban_outcomes (no-show, dismissed, failed) and before that start date + guopei.ban_years.
-- Points at the 国培 list row of the later (banned) enrolment; one finding per such enrolment.
with enrolments as (

    select
        k_teacher,
        project_code,
        plan_year,
        outcome,
        start_date,
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
        start_date as banned_from,
        {{ dbt.dateadd('year', policy('guopei')['ban_years'], 'start_date') }} as banned_until
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

{{ dq_finding_select('findings', 'GP_BANNED_REENROLLED', 'error') }}
