-- grain: one row per roster teacher in the cycle containing as_of_date (k_teacher).
-- Built on mart_teacher_cycle_credits (its as-of semantics: hours count only records completed by
-- policy as_of_date). school_years_remaining = school years of the cycle not yet ended by
-- as_of_date (the one in progress included) = cycle_length_years - full_years_elapsed.
-- hours_per_remaining_year = remaining_hours / school_years_remaining (the pace that closes the
-- gap). risk_class (policy early_warning): no hours needed or a need of at most
-- on_track_max_hours_per_year -> on_track; more than feasible_max_hours_per_year, or hours still
-- needed with no school year left -> cannot_finish; else at_risk.
{%- set on_track_max = policy_section_key('early_warning', 'on_track_max_hours_per_year', 72) %}
{%- set feasible_max = policy_section_key('early_warning', 'feasible_max_hours_per_year', 144) %}
{%- set dec = 'decimal(18, 4)' %}
with cycles as (

    select
        k_teacher,
        school_code,
        county,
        cycle_start_year,
        cycle_end_year,
        total_hours,
        required_hours,
        remaining_hours,
        expected_hours_by_now,
        full_years_elapsed
    from {{ ref('mart_teacher_cycle_credits') }}
    where on_roster
        and is_current_cycle

),

paced as (

    select
        k_teacher,
        school_code,
        county,
        cycle_start_year,
        cycle_end_year,
        total_hours,
        required_hours,
        remaining_hours,
        expected_hours_by_now,
        full_years_elapsed,
        {{ policy('cycle_length_years') }} - full_years_elapsed as school_years_remaining
    from cycles

),

needed as (

    select
        k_teacher,
        school_code,
        county,
        cycle_start_year,
        cycle_end_year,
        total_hours,
        required_hours,
        remaining_hours,
        expected_hours_by_now,
        school_years_remaining,
        case
            when school_years_remaining > 0
                then cast(remaining_hours as {{ dec }}) / school_years_remaining
        end as hours_per_remaining_year
    from paced

),

classified as (

    select
        k_teacher,
        school_code,
        county,
        cycle_start_year,
        cycle_end_year,
        total_hours,
        required_hours,
        remaining_hours,
        expected_hours_by_now,
        school_years_remaining,
        hours_per_remaining_year,
        case
            when remaining_hours = 0 then 'on_track'
            when school_years_remaining = 0 then 'cannot_finish'
            when hours_per_remaining_year <= {{ on_track_max }} then 'on_track'
            when hours_per_remaining_year > {{ feasible_max }} then 'cannot_finish'
            else 'at_risk'
        end as risk_class
    from needed

)

select
    cast(k_teacher as {{ dbt.type_string() }}) as k_teacher,
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(cycle_start_year as integer) as cycle_start_year,
    cast(cycle_end_year as integer) as cycle_end_year,
    {{ policy_as_of_date() }} as as_of_date,
    cast(total_hours as {{ dec }}) as hours_counted,
    cast(required_hours as {{ dec }}) as required_hours,
    cast(remaining_hours as {{ dec }}) as hours_needed,
    cast(expected_hours_by_now as {{ dec }}) as expected_hours_by_now,
    cast(school_years_remaining as integer) as school_years_remaining,
    cast(round(hours_per_remaining_year, 4) as {{ dec }}) as hours_per_remaining_year,
    cast(risk_class as {{ dbt.type_string() }}) as risk_class,
    cast(
        case risk_class
            when 'on_track' then '进度正常'
            when 'at_risk' then '有风险'
            else '不破例无法完成'
        end as {{ dbt.type_string() }}
    ) as risk_class_zh
from classified
