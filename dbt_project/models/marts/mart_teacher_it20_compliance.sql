-- grain: one row per teacher of the IT 2.0 project counties per cycle (k_teacher, cycle_start_year).
-- Teachers: int_teachers whose county is in policy it20.project_counties (none when the list is
-- empty); cycles: the policy's current cycle plus every cycle in which the teacher has an IT 2.0
-- record completed by as_of_date (every figure here is as of as_of_date; a record's cycle is the
-- cycle of the school year of its completion date, int_teacher_credit_records). An IT 2.0 record
-- is a counted training record (int_teacher_credit_records.is_counted) whose
-- title contains one of it20.project_name_keywords or whose project code matches one of
-- it20.project_code_patterns (macro is_it20_training). it20_practice_hours: the whole hours of
-- records whose mode is in it20.practice_modes, else the record's registered practice hours
-- (实践学时, int_teacher_credit_records.practice_hours), at most its hours. Hours decimal(18,4).
-- compliant = it20_hours >= it20.min_hours and it20_practice_hours >= it20.min_practice_hours.
{%- set it20 = policy('it20') %}
{%- set practice_modes = it20.get('practice_modes') or [] %}
with teachers as (

    select
        k_teacher,
        school_code,
        county,
        school_area,
        stage
    from {{ ref('int_teachers') }}
    where county in ({{ sql_in_list(it20['project_counties']) }})

),

it20_records as (

    select
        records.k_teacher,
        records.cycle_start_year,
        records.counted_hours,
        case
            when records.mode in ({{ sql_in_list(practice_modes) }}) then records.counted_hours
            when records.practice_hours > records.counted_hours then records.counted_hours
            else coalesce(records.practice_hours, 0)
        end as practice_hours
    from {{ ref('int_teacher_credit_records') }} as records
    inner join teachers
        on records.k_teacher = teachers.k_teacher
    where records.is_counted
        and records.completed_by_as_of
        and records.cycle_start_year is not null
        and {{ is_it20_training('records.title', 'records.project_code') }}

),

teacher_cycles as (

    select k_teacher, {{ policy('cycle_start_year') }} as cycle_start_year
    from teachers
    union
    select k_teacher, cycle_start_year
    from it20_records

),

hours as (

    select
        k_teacher,
        cycle_start_year,
        sum(counted_hours) as it20_hours,
        sum(practice_hours) as it20_practice_hours,
        count(*) as n_it20_records
    from it20_records
    group by k_teacher, cycle_start_year

),

joined as (

    select
        teacher_cycles.k_teacher,
        teacher_cycles.cycle_start_year,
        teachers.school_code,
        teachers.county,
        teachers.school_area,
        teachers.stage,
        coalesce(hours.it20_hours, 0) as it20_hours,
        coalesce(hours.it20_practice_hours, 0) as it20_practice_hours,
        coalesce(hours.n_it20_records, 0) as n_it20_records,
        {{ it20['min_hours'] }} as min_hours,
        {{ it20['min_practice_hours'] }} as min_practice_hours
    from teacher_cycles
    inner join teachers
        on teacher_cycles.k_teacher = teachers.k_teacher
    left join hours
        on teacher_cycles.k_teacher = hours.k_teacher
        and teacher_cycles.cycle_start_year = hours.cycle_start_year

)

select
    cast(k_teacher as {{ dbt.type_string() }}) as k_teacher,
    cast(cycle_start_year as integer) as cycle_start_year,
    cast(cycle_start_year + {{ policy('cycle_length_years') }} - 1 as integer) as cycle_end_year,
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(school_area as {{ dbt.type_string() }}) as school_area,
    cast(stage as {{ dbt.type_string() }}) as stage,
    {{ credit_decimal('it20_hours') }} as it20_hours,
    {{ credit_decimal('it20_practice_hours') }} as it20_practice_hours,
    cast(n_it20_records as integer) as n_it20_records,
    {{ credit_decimal('min_hours') }} as min_hours,
    {{ credit_decimal('min_practice_hours') }} as min_practice_hours,
    {{ credit_decimal('case when it20_hours < min_hours then min_hours - it20_hours else 0 end') }} as hours_missing,
    {{ credit_decimal(
        'case when it20_practice_hours < min_practice_hours'
        ~ ' then min_practice_hours - it20_practice_hours else 0 end') }} as practice_hours_missing,
    case
        when it20_hours >= min_hours and it20_practice_hours >= min_practice_hours then true
        else false
    end as compliant
from joined
