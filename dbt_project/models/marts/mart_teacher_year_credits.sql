-- grain: one row per teacher per school year (k_teacher, school_year_start).
-- School years (学年) start in month policy school_year_start_month (default 9; 1 = calendar
-- years); school_year_start is the calendar year a school year starts in, school_year its label
-- ('2022-2023'). A record belongs to the school year of its completion date (end date, else start
-- date; int_teacher_credit_records). A school year belongs to the cycle containing the calendar
-- year it ends in (the 2021 cycle = school years 2020-2021 .. 2024-2025 by default).
-- Teacher-years: every roster teacher for each school year of the policy's current cycle that
-- started by as_of_date, plus every school year in which a matched teacher has a record.
-- Figures count every record of the school year (a school year is its own period);
-- is_complete_by_as_of says whether the school year ended by as_of_date and
-- hours_after_as_of how much of total_hours was completed after it.
-- credits: the credits int_teacher_credit_allocation attributes to the school year (scope all:
-- every cap, per year and per cycle, at once; online and cycle caps fill the earliest school
-- years first), so the school years of a cycle add up to its credits_incl_after_as_of.
-- meets_annual_guideline = total_hours >= annual_hours_guideline.
-- yearly partition on school_year_start (macros/partitions.sql): incremental, the run's years replaced
{{
    config(
        materialized='incremental',
        incremental_strategy=yearly_incremental_strategy(),
        partition_by=yearly_partition_by('school_year_start'),
        on_schema_change='append_new_columns',
        pre_hook="{{ partition_delete('school_year_start') }}",
        tags=['yearly'],
    )
}}
{%- set levels = vocabulary('level') %}
{%- set as_of = policy_as_of_date() %}
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
        school_year_start,
        cycle_start_year,
        level,
        mode,
        completed_by_as_of,
        is_counted,
        counted_hours,
        practice_hours
    from {{ ref('int_teacher_credit_records') }}
    where school_year_start is not null

),

cycle_years as (

    -- the school years ending in the current cycle's years, started by as_of_date
    select year - ({{ school_year_end_year('0') }}) as school_year_start
    from ({{ policy_cycle_years() }}) as years
    where {{ school_year_first_day('year - (' ~ school_year_end_year('0') ~ ')') }} <= {{ as_of }}

),

teacher_years as (

    select teachers.k_teacher, cycle_years.school_year_start
    from teachers
    cross join cycle_years
    union
    select k_teacher, school_year_start
    from records

),

hours as (

    select
        k_teacher,
        school_year_start,
        sum(counted_hours) as total_hours,
        {%- for level in levels %}
        sum(case when level = '{{ level }}' then counted_hours else 0 end) as {{ level }}_hours,
        {%- endfor %}
        sum(case when level is null then counted_hours else 0 end) as unknown_level_hours,
        sum(practice_hours) as practice_hours,
        sum(case when mode = 'in_person' then counted_hours else 0 end) as in_person_hours,
        sum(case when mode = 'online' then counted_hours else 0 end) as online_hours,
        sum(case when mode = 'school_based' then counted_hours else 0 end) as school_based_hours,
        sum(case when completed_by_as_of then 0 else counted_hours end) as hours_after_as_of,
        sum(case when is_counted then 1 else 0 end) as n_records_counted,
        sum(case when is_counted then 0 else 1 end) as n_records_not_counted
    from records
    group by k_teacher, school_year_start

),

credits as (

    select
        k_teacher,
        school_year_start,
        sum(credits) as credits
    from {{ ref('int_teacher_credit_allocation') }}
    where scope = 'all'
    group by k_teacher, school_year_start

),

joined as (

    select
        teacher_years.k_teacher,
        teacher_years.school_year_start,
        {{ cycle_start_year_of(school_year_end_year('teacher_years.school_year_start')) }} as cycle_start_year,
        case when teachers.k_teacher is not null then true else false end as on_roster,
        teachers.school_code,
        teachers.county,
        teachers.school_area,
        teachers.stage,
        case
            when {{ school_year_first_day('teacher_years.school_year_start + 1') }} <= {{ dbt.dateadd('day', 1, as_of) }}
                then true
            else false
        end as is_complete_by_as_of,
        coalesce(hours.total_hours, 0) as total_hours,
        {%- for level in levels + ['unknown_level'] %}
        coalesce(hours.{{ level }}_hours, 0) as {{ level }}_hours,
        {%- endfor %}
        coalesce(hours.practice_hours, 0) as practice_hours,
        coalesce(hours.in_person_hours, 0) as in_person_hours,
        coalesce(hours.total_hours, 0) - coalesce(hours.in_person_hours, 0) as other_hours,
        coalesce(hours.online_hours, 0) as online_hours,
        coalesce(hours.school_based_hours, 0) as school_based_hours,
        coalesce(hours.hours_after_as_of, 0) as hours_after_as_of,
        coalesce(credits.credits, 0) as credits,
        coalesce(hours.n_records_counted, 0) as n_records_counted,
        coalesce(hours.n_records_not_counted, 0) as n_records_not_counted
    from teacher_years
    left join teachers
        on teacher_years.k_teacher = teachers.k_teacher
    left join hours
        on teacher_years.k_teacher = hours.k_teacher
        and teacher_years.school_year_start = hours.school_year_start
    left join credits
        on teacher_years.k_teacher = credits.k_teacher
        and teacher_years.school_year_start = credits.school_year_start

)

select
    cast(k_teacher as {{ dbt.type_string() }}) as k_teacher,
    cast(school_year_start as integer) as school_year_start,
    {{ school_year_label('school_year_start') }} as school_year,
    cast(cycle_start_year as integer) as cycle_start_year,
    on_roster,
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(school_area as {{ dbt.type_string() }}) as school_area,
    cast(stage as {{ dbt.type_string() }}) as stage,
    is_complete_by_as_of,
    {{ credit_decimal('total_hours') }} as total_hours,
    {%- for level in levels + ['unknown_level'] %}
    {{ credit_decimal(level ~ '_hours') }} as {{ level }}_hours,
    {%- endfor %}
    {{ credit_decimal('practice_hours') }} as practice_hours,
    {{ credit_decimal('in_person_hours') }} as in_person_hours,
    {{ credit_decimal('other_hours') }} as other_hours,
    {{ credit_decimal('online_hours') }} as online_hours,
    {{ credit_decimal('school_based_hours') }} as school_based_hours,
    {{ credit_decimal('hours_after_as_of') }} as hours_after_as_of,
    {{ credit_decimal('credits') }} as credits,
    cast(n_records_counted as integer) as n_records_counted,
    cast(n_records_not_counted as integer) as n_records_not_counted,
    {{ credit_decimal(policy('annual_hours_guideline')) }} as annual_hours_guideline,
    case when total_hours >= {{ policy('annual_hours_guideline') }} then true else false end as meets_annual_guideline
from joined
{{ partition_filter('school_year_start') }}
