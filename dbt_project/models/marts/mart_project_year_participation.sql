-- grain: one row per project per plan year (project_code, year), from the training plans. A code in
-- two years' plans (延续实施) is two rows; every enrolment counts in the one plan year its dates
-- fall in (int_project_enrolments.plan_year), never in both.
-- enrolled = distinct teachers on the 国培 list or in the provincial export for the project code
-- (int_project_enrolments, the same count PROJECT_OVER_QUOTA uses); attended = enrolled and not a
-- no-show (国培: reported); passed = outcome in the policy's counted outcomes.
-- pass_rate (合格率) = passed / attended; fill_rate = enrolled / planned_seats;
-- send_rate (送培率) = enrolled (or attended: policy participation.send_rate_basis) /
-- allocated_seats; over_quota = enrolled > planned_seats. Hours decimal(18, 4), money
-- decimal(18, 2) 元; rates double.
-- Cost: trainee_hours = attended x the plan's hours; cost_per_trainee_hour_yuan = budget_yuan (the
-- plan's 项目经费, 元) / trainee_hours; platform_learners = matched teachers in the online-platform
-- export with the project code (online programmes have no enrolment list: enrolled stays 0); cost_per_attendee_yuan = budget_yuan / attended (null when 0).
-- yearly partition on year (macros/partitions.sql): incremental, the run's years replaced
{{
    config(
        materialized='incremental',
        incremental_strategy=yearly_incremental_strategy(),
        partition_by=yearly_partition_by('year'),
        on_schema_change='append_new_columns',
        pre_hook="{{ partition_delete('year') }}",
        tags=['yearly'],
    )
}}
{%- set send_basis = 'attended' if policy_section_key('participation', 'send_rate_basis', 'enrolled') == 'attended' else 'enrolled' %}
with projects as (

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
        budget_yuan,
        source_file,
        source_row
    from {{ ref('int_projects') }}

),

allocations as (

    select
        project_code,
        year,
        sum(allocated_seats) as allocated_seats,
        count(distinct school_code) as allocated_schools
    from {{ ref('stg_plan__seat_allocations') }}
    group by project_code, year

),

enrolment_counts as (

    select
        project_code,
        plan_year,
        count(distinct k_teacher) as enrolled,
        count(distinct case when attended then k_teacher end) as attended,
        count(distinct case when attended and passed then k_teacher end) as passed
    from {{ ref('int_project_enrolments') }}
    group by project_code, plan_year

),

platform_learners as (

    select
        project_code,
        plan_year,
        count(distinct k_teacher) as platform_learners
    from {{ ref('int_platform_matches') }}
    where k_teacher is not null
        and project_code is not null
    group by project_code, plan_year

),

joined as (

    select
        projects.project_code,
        projects.year,
        projects.project_name,
        projects.level,
        projects.mode,
        projects.provider,
        projects.start_date,
        projects.end_date,
        projects.hours,
        projects.practice_hours,
        projects.planned_seats,
        projects.budget_yuan,
        allocations.allocated_seats,
        coalesce(allocations.allocated_schools, 0) as allocated_schools,
        coalesce(enrolment_counts.enrolled, 0) as enrolled,
        coalesce(enrolment_counts.attended, 0) as attended,
        coalesce(enrolment_counts.passed, 0) as passed,
        coalesce(platform_learners.platform_learners, 0) as platform_learners,
        projects.source_file,
        projects.source_row
    from projects
    left join allocations
        on projects.project_code = allocations.project_code
        and projects.year = allocations.year
    left join enrolment_counts
        on projects.project_code = enrolment_counts.project_code
        and projects.year = enrolment_counts.plan_year
    left join platform_learners
        on projects.project_code = platform_learners.project_code
        and projects.year = platform_learners.plan_year

)

select
    cast(project_code as {{ dbt.type_string() }}) as project_code,
    cast(year as integer) as year,
    cast(project_name as {{ dbt.type_string() }}) as project_name,
    cast(level as {{ dbt.type_string() }}) as level,
    cast(mode as {{ dbt.type_string() }}) as mode,
    cast(provider as {{ dbt.type_string() }}) as provider,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(hours as decimal(18, 4)) as hours,
    cast(practice_hours as decimal(18, 4)) as practice_hours,
    cast(planned_seats as integer) as planned_seats,
    cast(allocated_seats as integer) as allocated_seats,
    cast(allocated_schools as integer) as allocated_schools,
    cast(enrolled as integer) as enrolled,
    cast(attended as integer) as attended,
    cast(passed as integer) as passed,
    cast({{ safe_ratio('passed', 'attended') }} as {{ type_double() }}) as pass_rate,
    cast({{ safe_ratio('enrolled', 'planned_seats') }} as {{ type_double() }}) as fill_rate,
    cast({{ safe_ratio(send_basis, 'allocated_seats') }} as {{ type_double() }}) as send_rate,
    case when planned_seats is not null and enrolled > planned_seats then true else false end as over_quota,
    cast(platform_learners as integer) as platform_learners,
    cast(budget_yuan as decimal(18, 2)) as budget_yuan,
    cast(attended * cast(hours as decimal(18, 4)) as decimal(18, 4)) as trainee_hours,
    cast(
        case
            when attended * cast(hours as decimal(18, 4)) > 0
                then cast(budget_yuan as decimal(18, 2)) / (attended * cast(hours as decimal(18, 4)))
        end as decimal(18, 2)
    ) as cost_per_trainee_hour_yuan,
    cast(
        case when attended > 0 then cast(budget_yuan as decimal(18, 2)) / attended end as decimal(18, 2)
    ) as cost_per_attendee_yuan,
    cast(source_file as {{ dbt.type_string() }}) as source_file,
    cast(source_row as integer) as source_row
from joined
{{ partition_filter('year') }}
