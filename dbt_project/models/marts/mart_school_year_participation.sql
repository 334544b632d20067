-- grain: one row per school per year (school_code, year).
-- School-years: every school with roster teachers for each year of the policy's current cycle up
-- to the year of as_of_date, plus every school-year with a seat allocation or a participant.
-- roster_teachers: teachers int_teachers places at the school (the current roster; the same count
-- in every year). participants: of those, teachers with at least one attended training record
-- completed in the year (any source, deduplicated). participation_rate (参训率) =
-- participants / roster_teachers.
-- allocated_seats: seats allocated to the school by the year's seat-allocation sheets;
-- seats_filled: per allocated project and plan year, the school's teachers sent to it: enrolled
-- (国培 list or provincial export, int_project_enrolments) or with a matched training record of
-- the project (e.g. online programmes known only from the platform export), summed; only those who
-- attended when policy participation.send_rate_basis is 'attended'. A code in two years' plans
-- counts each teacher in the plan year the record's dates fall in; send_rate (送培率) = seats_filled /
-- allocated_seats (may exceed 1 when a school sends more than allocated).
-- enrolments / attended / passed: enrolments of the school's teachers in the planned projects of
-- the year (int_project_enrolments x int_projects); pass_rate (合格率) = passed / attended.
-- Over 200 lines because its three rates have three different populations (roster, allocations,
-- enrolments) joined on one school-year spine; each population is one CTE.
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
{%- set as_of_year = "cast(extract(year from " ~ policy_as_of_date() ~ ") as integer)" %}
with teachers as (

    select
        k_teacher,
        school_code
    from {{ ref('int_teachers') }}
    where school_code is not null

),

roster_counts as (

    select
        school_code,
        count(*) as roster_teachers
    from teachers
    group by school_code

),

participants as (

    select
        teachers.school_code,
        records.record_year as year,
        count(distinct records.k_teacher) as participants
    from {{ ref('int_training_records') }} as records
    inner join teachers
        on records.k_teacher = teachers.k_teacher
    where records.attended
        and records.record_year is not null
    group by teachers.school_code, records.record_year

),

allocations as (

    select
        school_code,
        year,
        project_code,
        sum(allocated_seats) as allocated_seats
    from {{ ref('stg_plan__seat_allocations') }}
    where school_code is not null
        and year is not null
    group by school_code, year, project_code

),

enrolments as (

    select
        teachers.school_code,
        projects.year,
        enrolments.project_code,
        enrolments.k_teacher,
        enrolments.attended,
        enrolments.passed
    from {{ ref('int_project_enrolments') }} as enrolments
    inner join teachers
        on enrolments.k_teacher = teachers.k_teacher
    inner join {{ ref('int_projects') }} as projects
        on enrolments.project_code = projects.project_code
        and enrolments.plan_year = projects.year

),

sent as (

    select distinct
        teachers.school_code,
        projects.year,
        sent_pairs.project_code,
        sent_pairs.k_teacher
    from (
        select k_teacher, project_code, plan_year
        from {{ ref('int_project_enrolments') }}
        {%- if send_basis == 'attended' %}
        where attended
        {%- endif %}
        union
        select k_teacher, project_code, plan_year
        from {{ ref('int_training_records') }}
        where k_teacher is not null
            and project_code is not null
            {%- if send_basis == 'attended' %}
            and attended
            {%- endif %}
    ) as sent_pairs
    inner join teachers
        on sent_pairs.k_teacher = teachers.k_teacher
    inner join {{ ref('int_projects') }} as projects
        on sent_pairs.project_code = projects.project_code
        and sent_pairs.plan_year = projects.year

),

filled as (

    select
        allocations.school_code,
        allocations.year,
        sum(allocations.allocated_seats) as allocated_seats,
        sum(coalesce(sent.seats_filled, 0)) as seats_filled
    from allocations
    left join (
        select school_code, year, project_code, count(distinct k_teacher) as seats_filled
        from sent
        group by school_code, year, project_code
    ) as sent
        on allocations.school_code = sent.school_code
        and allocations.year = sent.year
        and allocations.project_code = sent.project_code
    group by allocations.school_code, allocations.year

),

outcomes as (

    select
        school_code,
        year,
        count(*) as enrolments,
        sum(case when attended then 1 else 0 end) as attended,
        sum(case when attended and passed then 1 else 0 end) as passed
    from enrolments
    group by school_code, year

),

cycle_years as (

    {{ policy_cycle_years() }}

),

school_years as (

    select roster_counts.school_code, cycle_years.year
    from roster_counts
    cross join cycle_years
    where cycle_years.year <= {{ as_of_year }}
    union
    select school_code, year from filled
    union
    select school_code, year from participants

),

joined as (

    select
        school_years.school_code,
        school_years.year,
        schools.school_name,
        schools.county,
        schools.school_area,
        coalesce(roster_counts.roster_teachers, 0) as roster_teachers,
        coalesce(participants.participants, 0) as participants,
        filled.allocated_seats,
        filled.seats_filled,
        coalesce(outcomes.enrolments, 0) as enrolments,
        coalesce(outcomes.attended, 0) as attended,
        coalesce(outcomes.passed, 0) as passed
    from school_years
    left join {{ ref('int_schools') }} as schools
        on school_years.school_code = schools.school_code
    left join roster_counts
        on school_years.school_code = roster_counts.school_code
    left join participants
        on school_years.school_code = participants.school_code
        and school_years.year = participants.year
    left join filled
        on school_years.school_code = filled.school_code
        and school_years.year = filled.year
    left join outcomes
        on school_years.school_code = outcomes.school_code
        and school_years.year = outcomes.year

)

select
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(year as integer) as year,
    cast(school_name as {{ dbt.type_string() }}) as school_name,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(school_area as {{ dbt.type_string() }}) as school_area,
    cast(roster_teachers as integer) as roster_teachers,
    cast(participants as integer) as participants,
    cast(
        {{ safe_ratio('participants', 'roster_teachers') }}
        as {{ type_double() }}
    ) as participation_rate,
    cast(allocated_seats as integer) as allocated_seats,
    cast(seats_filled as integer) as seats_filled,
    cast(
        {{ safe_ratio('seats_filled', 'allocated_seats') }}
        as {{ type_double() }}
    ) as send_rate,
    cast(enrolments as integer) as enrolments,
    cast(attended as integer) as attended,
    cast(passed as integer) as passed,
    cast({{ safe_ratio('passed', 'attended') }} as {{ type_double() }}) as pass_rate
from joined
{{ partition_filter('year') }}
