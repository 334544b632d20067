-- grain: one row per county per year per school area (county, year, school_area), where
-- school_area is 'rural', 'urban', 'unknown' (schools without a roster area) or 'all' (the
-- county total). Sums of mart_school_year_participation over the county's schools; the rates are
-- recomputed from the sums (never averaged): participation_rate (参训率) = participants /
-- roster_teachers, send_rate (送培率) = seats_filled / allocated_seats, pass_rate (合格率) =
-- passed / attended. Schools without a county are left out.
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
with schools as (

    select
        county,
        year,
        coalesce(school_area, 'unknown') as school_area,
        roster_teachers,
        participants,
        allocated_seats,
        seats_filled,
        enrolments,
        attended,
        passed
    from {{ ref('mart_school_year_participation') }}
    where county is not null

),

-- per school area and, rolled up, for the whole county ('all') in one pass
rolled_up as (

    select
        county,
        year,
        case when grouping(school_area) = 1 then 'all' else school_area end as school_area,
        count(*) as schools,
        sum(roster_teachers) as roster_teachers,
        sum(participants) as participants,
        sum(allocated_seats) as allocated_seats,
        sum(seats_filled) as seats_filled,
        sum(enrolments) as enrolments,
        sum(attended) as attended,
        sum(passed) as passed
    from schools
    group by county, year, rollup(school_area)

)

select
    cast(county as {{ dbt.type_string() }}) as county,
    cast(year as integer) as year,
    cast(school_area as {{ dbt.type_string() }}) as school_area,
    cast(schools as integer) as schools,
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
from rolled_up
{{ partition_filter('year') }}
