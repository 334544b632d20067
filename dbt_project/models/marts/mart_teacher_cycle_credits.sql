-- grain: one row per teacher per cycle (k_teacher, cycle_start_year).
-- Teachers: every roster teacher plus every matched teacher with a training record (on_roster
-- false: "unknown teachers", reported apart and left out of every rate). Cycles: the policy's
-- current cycle (cycle_start_year) for every roster teacher, plus each cycle where the teacher has
-- a record. Records: int_teacher_credit_records (counted = outcome and review status in the
-- policy lists); a record belongs to the school year of its completion date (end date, else start
-- date) and to the cycle containing the calendar year that school year ends in (macros
-- school_year_start_of, school_year_end_year; policy school_year_start_month).
-- By now: every hours, credits and count column without a suffix, and every figure derived from
-- them (remaining, on_track, pace, projected year, split), counts only records completed by
-- as_of_date (completed_by_as_of). *_incl_after_as_of columns count every record of the cycle.
-- Credits: int_teacher_credit_allocation (the largest total every policy cap allows at once,
-- attributed to school years and modes there), scope by_as_of for credits and its by-mode
-- columns, scope all for credits_incl_after_as_of.
-- expected_hours_by_now = annual_hours_guideline x full_years_elapsed, full_years_elapsed =
-- school years of the cycle ended by as_of_date = clamp(end year of the school year of
-- (as_of_date + 1 day) - cycle_start_year, 0, cycle_length_years).
-- projected_completion_year: at the pace so far (total_hours / full_years_elapsed), the calendar
-- year in which the school year ends in which total_hours reaches required_hours =
-- cycle_start_year + ceil(required / pace) - 1; null when the pace is 0.
-- Over 200 lines because every figure exists twice (as of as_of_date and including later records)
-- and by mode; both come from the same CTEs so the two can never disagree on what counts.
{%- set cycle_length = policy('cycle_length_years') %}
{%- set in_person_required = policy('in_person_hours_required') %}
{%- set other_required = policy('other_hours_required') %}
{%- set levels = vocabulary('level') %}
{%- set modes = [('in_person', 'in_person'), ('online', 'online'), ('school_based', 'school_based'),
                 ('blended', 'blended'), ('workshop', 'workshop'), ('practice', 'practice_mode')] %}
{%- set dec = 'decimal(18, 4)' %}
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
        level,
        mode,
        completed_by_as_of,
        is_counted,
        counted_hours,
        practice_hours
    from {{ ref('int_teacher_credit_records') }}
    where cycle_start_year is not null

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
        {%- for level in levels %}
        sum(case when level = '{{ level }}' then counted_hours else 0 end) as {{ level }}_hours,
        {%- endfor %}
        sum(case when level is null then counted_hours else 0 end) as unknown_level_hours,
        sum(practice_hours) as practice_hours,
        {%- for mode, name in modes %}
        sum(case when mode = '{{ mode }}' then counted_hours else 0 end) as {{ name }}_hours,
        {%- endfor %}
        sum(case when mode is null then counted_hours else 0 end) as unknown_mode_hours,
        sum(case when is_counted then 1 else 0 end) as n_records_counted,
        sum(case when is_counted then 0 else 1 end) as n_records_not_counted
    from records
    where completed_by_as_of
    group by k_teacher, cycle_start_year

),

hours_all as (

    select
        k_teacher,
        cycle_start_year,
        sum(counted_hours) as total_hours,
        sum(case when is_counted and not completed_by_as_of then 1 else 0 end) as n_records_counted_after_as_of
    from records
    group by k_teacher, cycle_start_year

),

credits as (

    select
        k_teacher,
        cycle_start_year,
        sum(credits) as credits,
        {%- for mode, name in modes %}
        sum(case when mode_key = '{{ mode }}' then credits else 0 end) as {{ name }}_credits,
        {%- endfor %}
        sum(case when mode_key = 'unknown' then credits else 0 end) as unknown_mode_credits
    from {{ ref('int_teacher_credit_allocation') }}
    where scope = 'by_as_of'
    group by k_teacher, cycle_start_year

),

credits_all as (

    select
        k_teacher,
        cycle_start_year,
        sum(credits) as credits
    from {{ ref('int_teacher_credit_allocation') }}
    where scope = 'all'
    group by k_teacher, cycle_start_year

),

as_of as (

    select
        {{ school_year_end_year(school_year_start_of(dbt.dateadd('day', 1, policy_as_of_date()))) }}
            as school_year_end_after_as_of,
        {{ cycle_start_year_of(school_year_end_year(school_year_start_of(policy_as_of_date()))) }}
            as current_cycle_start_year

),

joined as (

    select
        teacher_cycles.k_teacher,
        teacher_cycles.cycle_start_year,
        teacher_cycles.cycle_start_year + {{ cycle_length }} - 1 as cycle_end_year,
        case when teachers.k_teacher is not null then true else false end as on_roster,
        case
            when teacher_cycles.cycle_start_year = as_of.current_cycle_start_year then true
            else false
        end as is_current_cycle,
        teachers.school_code,
        teachers.county,
        teachers.school_area,
        teachers.stage,
        coalesce(hours.total_hours, 0) as total_hours,
        {%- for level in levels + ['unknown_level'] %}
        coalesce(hours.{{ level }}_hours, 0) as {{ level }}_hours,
        {%- endfor %}
        coalesce(hours.practice_hours, 0) as practice_hours,
        coalesce(hours.in_person_hours, 0) as in_person_hours,
        coalesce(hours.total_hours, 0) - coalesce(hours.in_person_hours, 0) as other_hours,
        {%- for mode, name in modes if mode != 'in_person' %}
        coalesce(hours.{{ name }}_hours, 0) as {{ name }}_hours,
        {%- endfor %}
        coalesce(hours.unknown_mode_hours, 0) as unknown_mode_hours,
        coalesce(credits.credits, 0) as credits,
        {%- for mode, name in modes %}
        coalesce(credits.{{ name }}_credits, 0) as {{ name }}_credits,
        {%- endfor %}
        coalesce(credits.unknown_mode_credits, 0) as unknown_mode_credits,
        coalesce(hours.n_records_counted, 0) as n_records_counted,
        coalesce(hours.n_records_not_counted, 0) as n_records_not_counted,
        coalesce(hours_all.total_hours, 0) as total_hours_incl_after_as_of,
        coalesce(credits_all.credits, 0) as credits_incl_after_as_of,
        coalesce(hours_all.n_records_counted_after_as_of, 0) as n_records_counted_after_as_of,
        case
            when as_of.school_year_end_after_as_of - teacher_cycles.cycle_start_year < 0 then 0
            when as_of.school_year_end_after_as_of - teacher_cycles.cycle_start_year > {{ cycle_length }}
                then {{ cycle_length }}
            else as_of.school_year_end_after_as_of - teacher_cycles.cycle_start_year
        end as full_years_elapsed
    from teacher_cycles
    cross join as_of
    left join teachers
        on teacher_cycles.k_teacher = teachers.k_teacher
    left join hours
        on teacher_cycles.k_teacher = hours.k_teacher
        and teacher_cycles.cycle_start_year = hours.cycle_start_year
    left join hours_all
        on teacher_cycles.k_teacher = hours_all.k_teacher
        and teacher_cycles.cycle_start_year = hours_all.cycle_start_year
    left join credits
        on teacher_cycles.k_teacher = credits.k_teacher
        and teacher_cycles.cycle_start_year = credits.cycle_start_year
    left join credits_all
        on teacher_cycles.k_teacher = credits_all.k_teacher
        and teacher_cycles.cycle_start_year = credits_all.cycle_start_year

),

measured as (

    select
        k_teacher,
        cycle_start_year,
        cycle_end_year,
        on_roster,
        is_current_cycle,
        school_code,
        county,
        school_area,
        stage,
        total_hours,
        {%- for level in levels + ['unknown_level'] %}
        {{ level }}_hours,
        {%- endfor %}
        practice_hours,
        other_hours,
        {%- for mode, name in modes %}
        {{ name }}_hours,
        {%- endfor %}
        unknown_mode_hours,
        credits,
        {%- for mode, name in modes %}
        {{ name }}_credits,
        {%- endfor %}
        unknown_mode_credits,
        n_records_counted,
        n_records_not_counted,
        total_hours_incl_after_as_of,
        credits_incl_after_as_of,
        n_records_counted_after_as_of,
        cast({{ policy('hours_per_cycle') }} as {{ dec }}) as required_hours,
        full_years_elapsed,
        cast({{ policy('annual_hours_guideline') }} as {{ dec }}) * full_years_elapsed as expected_hours_by_now,
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
    on_roster,
    is_current_cycle,
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(school_area as {{ dbt.type_string() }}) as school_area,
    cast(stage as {{ dbt.type_string() }}) as stage,
    {{ credit_decimal('total_hours') }} as total_hours,
    {%- for level in levels + ['unknown_level'] %}
    {{ credit_decimal(level ~ '_hours') }} as {{ level }}_hours,
    {%- endfor %}
    {{ credit_decimal('practice_hours') }} as practice_hours,
    {{ credit_decimal('in_person_hours') }} as in_person_hours,
    {{ credit_decimal('other_hours') }} as other_hours,
    {%- for mode, name in modes if mode != 'in_person' %}
    {{ credit_decimal(name ~ '_hours') }} as {{ name }}_hours,
    {%- endfor %}
    {{ credit_decimal('unknown_mode_hours') }} as unknown_mode_hours,
    {{ credit_decimal('credits') }} as credits,
    {%- for mode, name in modes %}
    {{ credit_decimal(name ~ '_credits') }} as {{ name }}_credits,
    {%- endfor %}
    {{ credit_decimal('unknown_mode_credits') }} as unknown_mode_credits,
    cast(n_records_counted as integer) as n_records_counted,
    cast(n_records_not_counted as integer) as n_records_not_counted,
    {{ credit_decimal('total_hours_incl_after_as_of') }} as total_hours_incl_after_as_of,
    {{ credit_decimal('credits_incl_after_as_of') }} as credits_incl_after_as_of,
    cast(n_records_counted_after_as_of as integer) as n_records_counted_after_as_of,
    {{ credit_decimal('required_hours') }} as required_hours,
    {{ credit_decimal('case when required_hours > total_hours then required_hours - total_hours else 0 end') }} as remaining_hours,
    cast(full_years_elapsed as integer) as full_years_elapsed,
    {{ credit_decimal('expected_hours_by_now') }} as expected_hours_by_now,
    case when total_hours >= expected_hours_by_now then true else false end as on_track,
    cast(hours_per_year_pace as {{ type_double() }}) as hours_per_year_pace,
    cast(
        case
            when hours_per_year_pace > 0
                then cycle_start_year + cast(ceil(required_hours / hours_per_year_pace) as integer) - 1
        end as integer
    ) as projected_completion_year,
    {{ credit_decimal(policy_literal(in_person_required)) }} as in_person_hours_required,
    {{ credit_decimal(policy_literal(other_required)) }} as other_hours_required,
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
