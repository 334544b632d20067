-- grain: one row per county per year (county, year): the schools' funding sheets rolled up, and
-- the county's training budget against policy funding.county_training_share_of_payroll (1.5 %).
-- The data holds no county budget line, so the county training budget is built from what it has:
--   training_budget_yuan = schools_training_spend_yuan (培训经费支出合计 of the county's schools)
--                        + plan_budget_yuan (项目经费 of plan projects whose level is in policy
--                          funding.county_budget_levels, default [county], apportioned to
--                          counties by the share of each project's allocated seats that went to
--                          the county's schools; projects without seat allocations are not
--                          attributed). 国培 has its own special fund and is left out by default.
-- required_budget_yuan = share x payroll_yuan (教职工工资总额 summed over the county's schools);
-- meets_payroll_share = training_budget_yuan >= required_budget_yuan (null without payroll).
-- This is the one definition of the county training share: COUNTY_UNDER_1_5PCT reads
-- meets_payroll_share from this mart.
-- School rows flagged FUNDING_UNIT_SUSPECT (mart_school_year_funding.unit_suspect) are left out of
-- every sum and share until corrected and counted in schools_unit_suspect.
-- The 5 % school rule is rolled up as schools_meeting_share / (schools_with_funding -
-- schools_unit_suspect). Money decimal(18, 2) 元 (apportioned plan budgets rounded per project and
-- county before summing); shares double.
-- Over 200 lines because the county budget has two inputs (school sheets, plan budgets apportioned
-- by seats) that only meet here; splitting them would put half of one definition in another model.
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
{%- set payroll_share = policy('funding')['county_training_share_of_payroll'] %}
{%- set budget_levels = policy('funding').get('county_budget_levels') or [] %}
with schools as (

    select
        school_code,
        year,
        county,
        public_funds_budget_yuan,
        payroll_yuan,
        training_spend_yuan,
        spend_travel_yuan,
        spend_meals_yuan,
        spend_materials_yuan,
        spend_accommodation_yuan,
        spend_fees_yuan,
        meets_share,
        unit_suspect
    from {{ ref('mart_school_year_funding') }}
    where county is not null

),

school_totals as (

    select
        county,
        year,
        count(*) as schools_with_funding,
        sum(case when unit_suspect then 1 else 0 end) as schools_unit_suspect,
        sum(case when meets_share then 1 else 0 end) as schools_meeting_share,
        sum(case when not unit_suspect then public_funds_budget_yuan end) as public_funds_budget_yuan,
        sum(case when not unit_suspect then payroll_yuan end) as payroll_yuan,
        coalesce(sum(case when not unit_suspect then training_spend_yuan end), 0) as schools_training_spend_yuan,
        sum(case when not unit_suspect then spend_travel_yuan end) as spend_travel_yuan,
        sum(case when not unit_suspect then spend_meals_yuan end) as spend_meals_yuan,
        sum(case when not unit_suspect then spend_materials_yuan end) as spend_materials_yuan,
        sum(case when not unit_suspect then spend_accommodation_yuan end) as spend_accommodation_yuan,
        sum(case when not unit_suspect then spend_fees_yuan end) as spend_fees_yuan
    from schools
    group by county, year

),

county_projects as (

    select
        project_code,
        year,
        budget_yuan
    from {{ ref('int_projects') }}
    where level in ({{ sql_in_list(budget_levels) }})
        and budget_yuan is not null

),

allocations as (

    select
        allocations.project_code,
        allocations.year,
        school_attributes.county,
        sum(allocations.allocated_seats) as allocated_seats
    from {{ ref('stg_plan__seat_allocations') }} as allocations
    inner join {{ ref('int_schools') }} as school_attributes
        on allocations.school_code = school_attributes.school_code
    where allocations.allocated_seats > 0
        and school_attributes.county is not null
    group by allocations.project_code, allocations.year, school_attributes.county

),

project_seats as (

    select
        project_code,
        year,
        sum(allocated_seats) as allocated_seats
    from allocations
    group by project_code, year

),

plan_budgets as (

    select
        allocations.county,
        allocations.year,
        sum(cast(
            county_projects.budget_yuan * allocations.allocated_seats / project_seats.allocated_seats
            as decimal(18, 2)
        )) as plan_budget_yuan,
        count(distinct allocations.project_code) as plan_projects
    from allocations
    inner join project_seats
        on allocations.project_code = project_seats.project_code
        and allocations.year = project_seats.year
    inner join county_projects
        on allocations.project_code = county_projects.project_code
        and allocations.year = county_projects.year
    group by allocations.county, allocations.year

),

county_years as (

    select county, year from school_totals
    union
    select county, year from plan_budgets

),

joined as (

    select
        county_years.county,
        county_years.year,
        coalesce(school_totals.schools_with_funding, 0) as schools_with_funding,
        coalesce(school_totals.schools_unit_suspect, 0) as schools_unit_suspect,
        coalesce(school_totals.schools_meeting_share, 0) as schools_meeting_share,
        school_totals.public_funds_budget_yuan,
        school_totals.payroll_yuan,
        coalesce(school_totals.schools_training_spend_yuan, 0) as schools_training_spend_yuan,
        school_totals.spend_travel_yuan,
        school_totals.spend_meals_yuan,
        school_totals.spend_materials_yuan,
        school_totals.spend_accommodation_yuan,
        school_totals.spend_fees_yuan,
        coalesce(plan_budgets.plan_budget_yuan, 0) as plan_budget_yuan,
        coalesce(plan_budgets.plan_projects, 0) as plan_projects,
        {{ payroll_share }} as required_payroll_share
    from county_years
    left join school_totals
        on county_years.county = school_totals.county
        and county_years.year = school_totals.year
    left join plan_budgets
        on county_years.county = plan_budgets.county
        and county_years.year = plan_budgets.year

),

measured as (

    select
        county,
        year,
        schools_with_funding,
        schools_unit_suspect,
        schools_meeting_share,
        public_funds_budget_yuan,
        payroll_yuan,
        schools_training_spend_yuan,
        spend_travel_yuan,
        spend_meals_yuan,
        spend_materials_yuan,
        spend_accommodation_yuan,
        spend_fees_yuan,
        plan_budget_yuan,
        plan_projects,
        schools_training_spend_yuan + plan_budget_yuan as training_budget_yuan,
        required_payroll_share,
        cast(cast(required_payroll_share as decimal(18, 6)) * payroll_yuan as decimal(18, 2)) as required_budget_yuan
    from joined

)

select
    cast(county as {{ dbt.type_string() }}) as county,
    cast(year as integer) as year,
    cast(schools_with_funding as integer) as schools_with_funding,
    cast(schools_unit_suspect as integer) as schools_unit_suspect,
    cast(schools_meeting_share as integer) as schools_meeting_share,
    cast(
        {{ safe_ratio('schools_meeting_share', '(schools_with_funding - schools_unit_suspect)') }}
        as {{ type_double() }}
    ) as schools_meeting_share_rate,
    cast(public_funds_budget_yuan as decimal(18, 2)) as public_funds_budget_yuan,
    cast(payroll_yuan as decimal(18, 2)) as payroll_yuan,
    cast(schools_training_spend_yuan as decimal(18, 2)) as schools_training_spend_yuan,
    cast(spend_travel_yuan as decimal(18, 2)) as spend_travel_yuan,
    cast(spend_meals_yuan as decimal(18, 2)) as spend_meals_yuan,
    cast(spend_materials_yuan as decimal(18, 2)) as spend_materials_yuan,
    cast(spend_accommodation_yuan as decimal(18, 2)) as spend_accommodation_yuan,
    cast(spend_fees_yuan as decimal(18, 2)) as spend_fees_yuan,
    cast(
        {{ safe_ratio('schools_training_spend_yuan', 'public_funds_budget_yuan') }}
        as {{ type_double() }}
    ) as training_share_of_public_funds,
    cast(plan_budget_yuan as decimal(18, 2)) as plan_budget_yuan,
    cast(plan_projects as integer) as plan_projects,
    cast(training_budget_yuan as decimal(18, 2)) as training_budget_yuan,
    cast(required_payroll_share as {{ type_double() }}) as required_payroll_share,
    cast(required_budget_yuan as decimal(18, 2)) as required_budget_yuan,
    cast(
        {{ safe_ratio('training_budget_yuan', 'payroll_yuan') }} as {{ type_double() }}
    ) as training_budget_share_of_payroll,
    cast(
        case
            when required_budget_yuan is null then null
            when training_budget_yuan >= required_budget_yuan then 0
            else required_budget_yuan - training_budget_yuan
        end as decimal(18, 2)
    ) as payroll_shortfall_yuan,
    case
        when required_budget_yuan is null then null
        when training_budget_yuan >= required_budget_yuan then true
        else false
    end as meets_payroll_share
from measured
{{ partition_filter('year') }}
