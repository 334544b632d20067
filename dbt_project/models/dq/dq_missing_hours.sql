-- grain: one row per provincial-export or 国培-list row whose outcome counts (policy
-- counted_outcomes: passed / excellent) but whose hours are blank or 0. Points at that row.
with teachers as (

    select k_teacher, school_code
    from {{ ref('int_teachers') }}

),

plan_by_code as (

    select
        project_code,
        year,
        row_number() over (partition by project_code order by year desc) as plan_rank
    from {{ ref('int_projects') }}

),

provincial as (

    select
        k_teacher,
        project_code,
        cast(extract(year from coalesce(end_date, start_date)) as integer) as year,
        hours,
        outcome,
        source_file,
        source_row,
        load_id
    from {{ ref('stg_provincial__training_records') }}
    where outcome in ({{ sql_in_list(policy('counted_outcomes')) }})
        and (hours is null or hours = 0)

),

guopei as (

    select
        g.k_teacher,
        g.project_code,
        plan_by_code.year,
        g.hours,
        g.outcome,
        g.source_file,
        g.source_row,
        g.load_id
    from {{ ref('stg_guopei__trainees') }} as g
    left join plan_by_code
        on g.project_code = plan_by_code.project_code
        and plan_by_code.plan_rank = 1
    where g.outcome in ({{ sql_in_list(policy('counted_outcomes')) }})
        and (g.hours is null or g.hours = 0)

),

flagged as (

    select k_teacher, project_code, year, hours, outcome, source_file, source_row, load_id
    from provincial
    union all
    select k_teacher, project_code, year, hours, outcome, source_file, source_row, load_id
    from guopei

),

findings as (

    select
        flagged.k_teacher,
        teachers.school_code,
        flagged.project_code,
        flagged.year,
        flagged.source_file,
        flagged.source_row,
        {{ dbt.concat(["'outcome '", "flagged.outcome", "' but hours '",
                       "coalesce(cast(flagged.hours as " ~ dbt.type_string() ~ "), 'blank')"]) }} as detail,
        flagged.load_id
    from flagged
    left join teachers
        on flagged.k_teacher = teachers.k_teacher

)

{{ dq_finding_select('findings') }}
