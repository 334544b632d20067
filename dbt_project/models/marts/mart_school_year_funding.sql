-- grain: one row per school per year (school_code, year), from the funding sheets.
-- When two funding rows exist for the same school and year, the most recent load wins
-- (int_file_loads.recency_at), then the smallest source_file and source_row.
-- training_share = training_spend_yuan / public_funds_budget_yuan; required_share is the policy's
-- funding.school_training_share_of_public_funds; meets_share = spend >= required_share x budget
-- (null when the budget or the spend is missing). spend_other_yuan = training_spend_yuan minus the
-- five categories (what the sheet's total holds beyond them; negative = categories exceed the total).
-- unit_suspect: the row is a FUNDING_UNIT_SUSPECT finding (amounts about 10,000x off: 元 vs 万元,
-- one definition: dq_funding_unit_suspect). Its amounts are published as read, marked, and its
-- shares (training_share, meets_share, shortfall, share of payroll) stay null until the sheet is
-- corrected; the county mart leaves it out of its sums. Money decimal(18, 2); shares double.
-- Participation (参训率, 送培率) is in mart_school_year_participation.
-- Over 200 lines because the sheet's five spend categories and three amounts are carried through
-- each step (dedup, school year, unit check, shares) column by column; the steps are one CTE each.
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
{%- set required_share = policy('funding')['school_training_share_of_public_funds'] %}
{%- set payroll_share = policy('funding')['county_training_share_of_payroll'] %}
with funding as (

    select
        year,
        school_code,
        school_name,
        county,
        public_funds_budget_yuan,
        payroll_yuan,
        training_spend_yuan,
        spend_travel_yuan,
        spend_meals_yuan,
        spend_materials_yuan,
        spend_accommodation_yuan,
        spend_fees_yuan,
        unit_declared,
        source_file,
        source_row,
        load_id
    from {{ ref('stg_funding__school_funding') }}
    where school_code is not null
        and year is not null

),

loads as (

    select
        load_id,
        source_file,
        recency_at as loaded_at
    from {{ ref('int_file_loads') }}

),

ranked as (

    select
        funding.year,
        funding.school_code,
        funding.school_name,
        funding.county,
        funding.public_funds_budget_yuan,
        funding.payroll_yuan,
        funding.training_spend_yuan,
        funding.spend_travel_yuan,
        funding.spend_meals_yuan,
        funding.spend_materials_yuan,
        funding.spend_accommodation_yuan,
        funding.spend_fees_yuan,
        funding.unit_declared,
        funding.source_file,
        funding.source_row,
        funding.load_id,
        row_number() over (
            partition by funding.school_code, funding.year
            order by
                case when loads.loaded_at is null then 1 else 0 end,
                loads.loaded_at desc,
                funding.source_file,
                funding.source_row
        ) as funding_rank
    from funding
    left join loads
        on funding.load_id = loads.load_id
        and funding.source_file = loads.source_file

),

school_year as (

    select
        year,
        school_code,
        school_name,
        county,
        public_funds_budget_yuan,
        payroll_yuan,
        training_spend_yuan,
        spend_travel_yuan,
        spend_meals_yuan,
        spend_materials_yuan,
        spend_accommodation_yuan,
        spend_fees_yuan,
        unit_declared,
        source_file,
        source_row,
        load_id
    from ranked
    where funding_rank = 1

),

schools as (

    select
        school_code,
        school_area
    from {{ ref('int_schools') }}

),

unit_suspects as (

    select distinct
        source_file,
        source_row
    from {{ ref('dq_funding_unit_suspect') }}

),

flagged as (

    select
        school_year.year,
        school_year.school_code,
        school_year.school_name,
        school_year.county,
        school_year.public_funds_budget_yuan,
        school_year.payroll_yuan,
        school_year.training_spend_yuan,
        school_year.spend_travel_yuan,
        school_year.spend_meals_yuan,
        school_year.spend_materials_yuan,
        school_year.spend_accommodation_yuan,
        school_year.spend_fees_yuan,
        school_year.unit_declared,
        case when unit_suspects.source_file is not null then true else false end as unit_suspect,
        school_year.source_file,
        school_year.source_row,
        school_year.load_id
    from school_year
    left join unit_suspects
        on school_year.source_file = unit_suspects.source_file
        and school_year.source_row = unit_suspects.source_row

),

measured as (

    select
        flagged.school_code,
        flagged.year,
        flagged.school_name,
        flagged.county,
        schools.school_area,
        flagged.public_funds_budget_yuan,
        flagged.payroll_yuan,
        flagged.training_spend_yuan,
        flagged.spend_travel_yuan,
        flagged.spend_meals_yuan,
        flagged.spend_materials_yuan,
        flagged.spend_accommodation_yuan,
        flagged.spend_fees_yuan,
        flagged.unit_declared,
        flagged.unit_suspect,
        case
            when not flagged.unit_suspect and flagged.public_funds_budget_yuan > 0
                then {{ safe_ratio('flagged.training_spend_yuan', 'flagged.public_funds_budget_yuan') }}
        end as training_share,
        {{ required_share }} as required_share,
        case
            when not flagged.unit_suspect
                then cast(cast({{ required_share }} as decimal(18, 6)) * flagged.public_funds_budget_yuan as decimal(18, 2))
        end as required_spend_yuan,
        case
            when not flagged.unit_suspect and flagged.payroll_yuan > 0
                then {{ safe_ratio('flagged.training_spend_yuan', 'flagged.payroll_yuan') }}
        end as training_share_of_payroll,
        {{ payroll_share }} as payroll_share_reference,
        flagged.source_file,
        flagged.source_row,
        flagged.load_id
    from flagged
    left join schools
        on flagged.school_code = schools.school_code

)

select
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(year as integer) as year,
    cast(school_name as {{ dbt.type_string() }}) as school_name,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(school_area as {{ dbt.type_string() }}) as school_area,
    cast(public_funds_budget_yuan as decimal(18, 2)) as public_funds_budget_yuan,
    cast(payroll_yuan as decimal(18, 2)) as payroll_yuan,
    cast(training_spend_yuan as decimal(18, 2)) as training_spend_yuan,
    cast(spend_travel_yuan as decimal(18, 2)) as spend_travel_yuan,
    cast(spend_meals_yuan as decimal(18, 2)) as spend_meals_yuan,
    cast(spend_materials_yuan as decimal(18, 2)) as spend_materials_yuan,
    cast(spend_accommodation_yuan as decimal(18, 2)) as spend_accommodation_yuan,
    cast(spend_fees_yuan as decimal(18, 2)) as spend_fees_yuan,
    cast(
        training_spend_yuan
        - coalesce(spend_travel_yuan, 0) - coalesce(spend_meals_yuan, 0) - coalesce(spend_materials_yuan, 0)
        - coalesce(spend_accommodation_yuan, 0) - coalesce(spend_fees_yuan, 0)
        as decimal(18, 2)
    ) as spend_other_yuan,
    cast(unit_declared as {{ dbt.type_string() }}) as unit_declared,
    unit_suspect,
    cast(training_share as {{ type_double() }}) as training_share,
    cast(required_share as {{ type_double() }}) as required_share,
    cast(required_spend_yuan as decimal(18, 2)) as required_spend_yuan,
    cast(
        case
            when training_spend_yuan is null or required_spend_yuan is null then null
            when training_spend_yuan >= required_spend_yuan then 0
            else required_spend_yuan - training_spend_yuan
        end as decimal(18, 2)
    ) as shortfall_yuan,
    case
        when training_spend_yuan is null or required_spend_yuan is null then null
        when training_spend_yuan >= required_spend_yuan then true
        else false
    end as meets_share,
    cast(training_share_of_payroll as {{ type_double() }}) as training_share_of_payroll,
    cast(payroll_share_reference as {{ type_double() }}) as payroll_share_reference,
    cast(source_file as {{ dbt.type_string() }}) as source_file,
    cast(source_row as integer) as source_row,
    cast(load_id as {{ dbt.type_string() }}) as load_id
from measured
{{ partition_filter('year') }}
