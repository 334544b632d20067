-- grain: one row per planned project per plan year whose distinct enrolled teachers (国培 list ∪
-- provincial export rows for the project code matched to that plan year, int_project_enrolments)
-- exceed planned_seats. A code in two years' plans is two projects, each against its own seats.
-- Points at the project's plan row.
with projects as (

    select
        project_code,
        year,
        planned_seats,
        source_file,
        source_row,
        load_id
    from {{ ref('int_projects') }}
    where planned_seats is not null

),

enrolment_counts as (

    select
        project_code,
        plan_year,
        count(distinct k_teacher) as enrolled
    from {{ ref('int_project_enrolments') }}
    group by project_code, plan_year

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        cast(null as {{ dbt.type_string() }}) as school_code,
        projects.project_code,
        projects.year,
        projects.source_file,
        projects.source_row,
        {{ dbt.concat(["cast(enrolment_counts.enrolled as " ~ dbt.type_string() ~ ")",
                       "' enrolled, '", "cast(projects.planned_seats as " ~ dbt.type_string() ~ ")",
                       "' planned seats'"]) }} as detail,
        projects.load_id
    from projects
    inner join enrolment_counts
        on projects.project_code = enrolment_counts.project_code
        and projects.year = enrolment_counts.plan_year
    where enrolment_counts.enrolled > projects.planned_seats

)

{{ dq_finding_select('findings') }}
