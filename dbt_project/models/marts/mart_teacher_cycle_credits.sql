-- grain: one row per teacher per cycle (k_teacher, cycle_start_year).
-- Teachers: every roster teacher plus every matched teacher with a training record. Cycles: the
-- policy's current cycle (cycle_start_year) for every teacher, plus each cycle where the teacher
-- has a record. Hours count only when the outcome and the review status are in the policy's
-- counted lists (int_training_records.is_counted). Credits = hours / hours_per_credit of the
-- record's mode, then the policy caps (when not null): school-based credits per calendar year,
-- online credits per cycle. Caps apply to credits only, not to hours.
-- expected_hours_by_now = annual_hours_guideline x full calendar years of the cycle completed by
-- as_of_date, i.e. clamp(year(as_of_date + 1 day) - cycle_start_year, 0, cycle_length_years)
-- (as_of 2023-12-31 with a 2021 cycle -> 3 years -> 216 h; as_of 2023-06-30 -> 2 years -> 144 h).
-- Total caps (caps.credits_per_year, caps.credits_per_cycle; null = none): every cap limits the
-- cycle total on its own; credits = the smallest of (sum over modes after the category caps,
-- sum over years after the per-year caps, credits_per_cycle).
-- projected_completion_year: at the pace so far (total_hours / full_years_elapsed), the year in
-- which total_hours reaches required_hours = cycle_start_year + ceil(required / pace) - 1; null
-- when the pace is 0 (no hours, or no completed year yet).
-- meets_split: when the policy fixes a split (in_person_hours_required / other_hours_required, e.g.
-- 160 + 200), in_person_hours and other_hours each reach their part; null when there is no split.
{%- set caps = policy('caps') or {} %}
{%- set school_based_cap = caps.get('school_based_credits_per_year') %}
{%- set online_cap = caps.get('online_credits_per_cycle') %}
{%- set year_cap = caps.get('credits_per_year') %}
{%- set cycle_cap = caps.get('credits_per_cycle') %}
{%- set cycle_length = policy('cycle_length_years') %}
{%- set in_person_required = policy('in_person_hours_required') %}
{%- set other_required = policy('other_hours_required') %}
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
        cycle_start_year,
        record_year,
        level,
        mode,
        is_counted,
        counted_hours,
        practice_hours,
        credits_uncapped
    from {{ ref('int_training_records') }}
    where k_teacher is not null

),

teacher_cycles as (

    select k_teacher, {{ policy('cycle_start_year') }} as cycle_start_year
    from teachers
    union
    select k_teacher, cycle_start_year
    from records

),

hours as (

    select
        k_teacher,
        cycle_start_year,
        sum(counted_hours) as total_hours,
        {%- for level in ['national', 'provincial', 'city', 'county', 'school'] %}
        sum(case when level = '{{ level }}' then counted_hours else 0 end) as {{ level }}_hours,
        {%- endfor %}
        sum(case when level is null then counted_hours else 0 end) as unknown_level_hours,
        sum(case when is_counted then coalesce(practice_hours, 0) else 0 end) as practice_hours,
        sum(case when mode = 'in_person' then counted_hours else 0 end) as in_person_hours,
        sum(case when mode = 'online' then counted_hours else 0 end) as online_hours,
        sum(case when mode = 'school_based' then counted_hours else 0 end) as school_based_hours,
        sum(case when mode = 'blended' then counted_hours else 0 end) as blended_hours,
        sum(case when mode = 'workshop' then counted_hours else 0 end) as workshop_hours,
        sum(case when mode = 'practice' then counted_hours else 0 end) as practice_mode_hours,
        sum(case when mode is null then counted_hours else 0 end) as unknown_mode_hours,
        sum(case when is_counted then 1 else 0 end) as n_records_counted,
        sum(case when is_counted then 0 else 1 end) as n_records_not_counted
    from records
    group by k_teacher, cycle_start_year

),

credits_by_year as (

    select
        k_teacher,
        cycle_start_year,
        record_year,
        mode,
        sum(credits_uncapped) as credits
    from records
    where is_counted
    group by k_teacher, cycle_start_year, record_year, mode

),

credits_year_capped as (

    -- the per-year school-based cap, applied once; later steps sum by mode or by year
    select
        k_teacher,
        cycle_start_year,
        record_year,
        mode,
        {%- if school_based_cap is not none %}
        case
            when mode = 'school_based' and credits > {{ school_based_cap }} then {{ school_based_cap }}
            else credits
        end as credits
        {%- else %}
        credits
        {%- endif %}
    from credits_by_year

),

credits_by_mode as (

    select
        k_teacher,
        cycle_start_year,
        mode,
        sum(credits) as credits
    from credits_year_capped
    group by k_teacher, cycle_start_year, mode

),

credits_cycle_capped as (

    select
        k_teacher,
        cycle_start_year,
        mode,
        {%- if online_cap is not none %}
        case
            when mode = 'online' and credits > {{ online_cap }} then {{ online_cap }}
            else credits
        end as credits
        {%- else %}
        credits
        {%- endif %}
    from credits_by_mode

),

credits_by_category as (

    select
        k_teacher,
        cycle_start_year,
        sum(credits) as credits,
        sum(case when mode = 'in_person' then credits else 0 end) as in_person_credits
    from credits_cycle_capped
    group by k_teacher, cycle_start_year

),

credits_per_year as (

    select
        k_teacher,
        cycle_start_year,
        record_year,
        {%- if year_cap is not none %}
        case when sum(credits) > {{ year_cap }} then {{ year_cap }} else sum(credits) end as credits
        {%- else %}
        sum(credits) as credits
        {%- endif %}
    from credits_year_capped
    group by k_teacher, cycle_start_year, record_year

),

credits_by_year_total as (

    select
        k_teacher,
        cycle_start_year,
        sum(credits) as credits
    from credits_per_year
    group by k_teacher, cycle_start_year

),

credits as (

    select
        credits_by_category.k_teacher,
        credits_by_category.cycle_start_year,
        least(
            credits_by_category.credits,
            credits_by_year_total.credits
            {%- if cycle_cap is not none %}, {{ cycle_cap }}{% endif %}
        ) as credits,
        credits_by_category.in_person_credits
    from credits_by_category
    inner join credits_by_year_total
        on credits_by_category.k_teacher = credits_by_year_total.k_teacher
        and credits_by_category.cycle_start_year = credits_by_year_total.cycle_start_year

),

as_of as (

    select
        cast(extract(year from {{ dbt.dateadd('day', 1, policy_as_of_date()) }}) as integer) as as_of_year_after

),

joined as (

    select
        teacher_cycles.k_teacher,
        teacher_cycles.cycle_start_year,
        teacher_cycles.cycle_start_year + {{ cycle_length }} - 1 as cycle_end_year,
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
        coalesce(hours.blended_hours, 0) as blended_hours,
        coalesce(hours.workshop_hours, 0) as workshop_hours,
        coalesce(hours.practice_mode_hours, 0) as practice_mode_hours,
        coalesce(hours.unknown_mode_hours, 0) as unknown_mode_hours,
        coalesce(credits.credits, 0) as credits,
        coalesce(credits.in_person_credits, 0) as in_person_credits,
        coalesce(hours.n_records_counted, 0) as n_records_counted,
        coalesce(hours.n_records_not_counted, 0) as n_records_not_counted,
        case
            when as_of.as_of_year_after - teacher_cycles.cycle_start_year < 0 then 0
            when as_of.as_of_year_after - teacher_cycles.cycle_start_year > {{ cycle_length }} then {{ cycle_length }}
            else as_of.as_of_year_after - teacher_cycles.cycle_start_year
        end as full_years_elapsed
    from teacher_cycles
    cross join as_of
    left join teachers
        on teacher_cycles.k_teacher = teachers.k_teacher
    left join hours
        on teacher_cycles.k_teacher = hours.k_teacher
        and teacher_cycles.cycle_start_year = hours.cycle_start_year
    left join credits
        on teacher_cycles.k_teacher = credits.k_teacher
        and teacher_cycles.cycle_start_year = credits.cycle_start_year

),

measured as (

    select
        k_teacher,
        cycle_start_year,
        cycle_end_year,
        school_code,
        county,
        school_area,
        stage,
        total_hours,
        national_hours,
        provincial_hours,
        city_hours,
        county_hours,
        school_hours,
        unknown_level_hours,
        practice_hours,
        in_person_hours,
        other_hours,
        online_hours,
        school_based_hours,
        blended_hours,
        workshop_hours,
        practice_mode_hours,
        unknown_mode_hours,
        credits,
        in_person_credits,
        n_records_counted,
        n_records_not_counted,
        {{ policy('hours_per_cycle') }} as required_hours,
        full_years_elapsed,
        {{ policy('annual_hours_guideline') }} * full_years_elapsed as expected_hours_by_now,
        case
            when full_years_elapsed > 0 and total_hours > 0
                then cast(total_hours as {{ type_double() }}) / full_years_elapsed
        end as hours_per_year_pace
    from joined

)

select
    cast(k_teacher as {{ dbt.type_string() }}) as k_teacher,
    cast(cycle_start_year as integer) as cycle_start_year,
    cast(cycle_end_year as integer) as cycle_end_year,
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(school_area as {{ dbt.type_string() }}) as school_area,
    cast(stage as {{ dbt.type_string() }}) as stage,
    cast(total_hours as {{ type_double() }}) as total_hours,
    cast(national_hours as {{ type_double() }}) as national_hours,
    cast(provincial_hours as {{ type_double() }}) as provincial_hours,
    cast(city_hours as {{ type_double() }}) as city_hours,
    cast(county_hours as {{ type_double() }}) as county_hours,
    cast(school_hours as {{ type_double() }}) as school_hours,
    cast(unknown_level_hours as {{ type_double() }}) as unknown_level_hours,
    cast(practice_hours as {{ type_double() }}) as practice_hours,
    cast(in_person_hours as {{ type_double() }}) as in_person_hours,
    cast(other_hours as {{ type_double() }}) as other_hours,
    cast(online_hours as {{ type_double() }}) as online_hours,
    cast(school_based_hours as {{ type_double() }}) as school_based_hours,
    cast(blended_hours as {{ type_double() }}) as blended_hours,
    cast(workshop_hours as {{ type_double() }}) as workshop_hours,
    cast(practice_mode_hours as {{ type_double() }}) as practice_mode_hours,
    cast(unknown_mode_hours as {{ type_double() }}) as unknown_mode_hours,
    cast(credits as {{ type_double() }}) as credits,
    cast(in_person_credits as {{ type_double() }}) as in_person_credits,
    cast(n_records_counted as integer) as n_records_counted,
    cast(n_records_not_counted as integer) as n_records_not_counted,
    cast(required_hours as {{ type_double() }}) as required_hours,
    cast(case when required_hours > total_hours then required_hours - total_hours else 0 end as {{ type_double() }}) as remaining_hours,
    cast(full_years_elapsed as integer) as full_years_elapsed,
    cast(expected_hours_by_now as {{ type_double() }}) as expected_hours_by_now,
    case when total_hours >= expected_hours_by_now then true else false end as on_track,
    cast(hours_per_year_pace as {{ type_double() }}) as hours_per_year_pace,
    cast(
        case
            when hours_per_year_pace > 0
                then cycle_start_year + cast(ceil(required_hours / hours_per_year_pace) as integer) - 1
        end as integer
    ) as projected_completion_year,
    cast({{ policy_literal(in_person_required) }} as {{ type_double() }}) as in_person_hours_required,
    cast({{ policy_literal(other_required) }} as {{ type_double() }}) as other_hours_required,
    {%- if in_person_required is none and other_required is none %}
    cast(null as boolean) as meets_split
    {%- else %}
    case
        when in_person_hours >= {{ in_person_required if in_person_required is not none else 0 }}
            and other_hours >= {{ other_required if other_required is not none else 0 }}
            then true
        else false
    end as meets_split
    {%- endif %}
from measured
