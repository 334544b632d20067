-- grain: one row per teacher per calendar year (k_teacher, year).
-- Teacher-years: every roster teacher for each year of the policy's current cycle up to the year
-- of as_of_date, plus every year in which a matched teacher has a training record. A record's year
-- is the year of its completion date (int_training_records.record_year). Hours count as in
-- mart_teacher_cycle_credits (outcome and review status in the policy lists, deduplicated).
-- credits = hours / hours_per_credit[mode], then the per-year caps of the policy:
-- caps.school_based_credits_per_year on school-based credits, then caps.credits_per_year on the
-- year's total. Per-cycle caps (online_credits_per_cycle, credits_per_cycle) cannot be placed in
-- a year; they apply in mart_teacher_cycle_credits only. meets_annual_guideline = total_hours >=
-- annual_hours_guideline.
{%- set caps = policy('caps') or {} %}
{%- set school_based_cap = caps.get('school_based_credits_per_year') %}
{%- set year_cap = caps.get('credits_per_year') %}
{%- set as_of_year = "cast(extract(year from " ~ policy_as_of_date() ~ ") as integer)" %}
with teachers as (

    select
        k_teacher,
        school_code,
        county,
        school_area,
        stage
    from {{ ref('int_teachers') }}

),

records as (

    select
        k_teacher,
        record_year,
        level,
        mode,
        is_counted,
        counted_hours,
        practice_hours,
        credits_uncapped
    from {{ ref('int_training_records') }}
    where k_teacher is not null
        and record_year is not null

),

cycle_years as (

    {{ policy_cycle_years() }}

),

teacher_years as (

    select teachers.k_teacher, cycle_years.year
    from teachers
    cross join cycle_years
    where cycle_years.year <= {{ as_of_year }}
    union
    select k_teacher, record_year as year
    from records

),

hours as (

    select
        k_teacher,
        record_year as year,
        sum(counted_hours) as total_hours,
        {%- for level in ['national', 'provincial', 'city', 'county', 'school'] %}
        sum(case when level = '{{ level }}' then counted_hours else 0 end) as {{ level }}_hours,
        {%- endfor %}
        sum(case when level is null then counted_hours else 0 end) as unknown_level_hours,
        sum(case when is_counted then coalesce(practice_hours, 0) else 0 end) as practice_hours,
        sum(case when mode = 'in_person' then counted_hours else 0 end) as in_person_hours,
        sum(case when mode = 'online' then counted_hours else 0 end) as online_hours,
        sum(case when mode = 'school_based' then counted_hours else 0 end) as school_based_hours,
        sum(case when is_counted then 1 else 0 end) as n_records_counted,
        sum(case when is_counted then 0 else 1 end) as n_records_not_counted
    from records
    group by k_teacher, record_year

),

credits_by_mode as (

    select
        k_teacher,
        record_year as year,
        mode,
        sum(credits_uncapped) as credits
    from records
    where is_counted
    group by k_teacher, record_year, mode

),

credits_category_capped as (

    select
        k_teacher,
        year,
        {%- if school_based_cap is not none %}
        case
            when mode = 'school_based' and credits > {{ school_based_cap }} then {{ school_based_cap }}
            else credits
        end as credits
        {%- else %}
        credits
        {%- endif %}
    from credits_by_mode

),

credits as (

    select
        k_teacher,
        year,
        {%- if year_cap is not none %}
        case when sum(credits) > {{ year_cap }} then {{ year_cap }} else sum(credits) end as credits
        {%- else %}
        sum(credits) as credits
        {%- endif %}
    from credits_category_capped
    group by k_teacher, year

),

joined as (

    select
        teacher_years.k_teacher,
        teacher_years.year,
        {{ cycle_start_year_of('teacher_years.year') }} as cycle_start_year,
        teachers.school_code,
        teachers.county,
        teachers.school_area,
        teachers.stage,
        coalesce(hours.total_hours, 0) as total_hours,
        {%- for level in ['national', 'provincial', 'city', 'county', 'school', 'unknown_level'] %}
        coalesce(hours.{{ level }}_hours, 0) as {{ level }}_hours,
        {%- endfor %}
        coalesce(hours.practice_hours, 0) as practice_hours,
        coalesce(hours.in_person_hours, 0) as in_person_hours,
        coalesce(hours.total_hours, 0) - coalesce(hours.in_person_hours, 0) as other_hours,
        coalesce(hours.online_hours, 0) as online_hours,
        coalesce(hours.school_based_hours, 0) as school_based_hours,
        coalesce(credits.credits, 0) as credits,
        coalesce(hours.n_records_counted, 0) as n_records_counted,
        coalesce(hours.n_records_not_counted, 0) as n_records_not_counted
    from teacher_years
    left join teachers
        on teacher_years.k_teacher = teachers.k_teacher
    left join hours
        on teacher_years.k_teacher = hours.k_teacher
        and teacher_years.year = hours.year
    left join credits
        on teacher_years.k_teacher = credits.k_teacher
        and teacher_years.year = credits.year

)

select
    cast(k_teacher as {{ dbt.type_string() }}) as k_teacher,
    cast(year as integer) as year,
    cast(cycle_start_year as integer) as cycle_start_year,
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(school_area as {{ dbt.type_string() }}) as school_area,
    cast(stage as {{ dbt.type_string() }}) as stage,
    cast(total_hours as {{ type_double() }}) as total_hours,
    {%- for level in ['national', 'provincial', 'city', 'county', 'school', 'unknown_level'] %}
    cast({{ level }}_hours as {{ type_double() }}) as {{ level }}_hours,
    {%- endfor %}
    cast(practice_hours as {{ type_double() }}) as practice_hours,
    cast(in_person_hours as {{ type_double() }}) as in_person_hours,
    cast(other_hours as {{ type_double() }}) as other_hours,
    cast(online_hours as {{ type_double() }}) as online_hours,
    cast(school_based_hours as {{ type_double() }}) as school_based_hours,
    cast(credits as {{ type_double() }}) as credits,
    cast(n_records_counted as integer) as n_records_counted,
    cast(n_records_not_counted as integer) as n_records_not_counted,
    cast({{ policy('annual_hours_guideline') }} as {{ type_double() }}) as annual_hours_guideline,
    case when total_hours >= {{ policy('annual_hours_guideline') }} then true else false end as meets_annual_guideline
from joined
