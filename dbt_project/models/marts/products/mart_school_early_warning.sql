-- grain: one row per school (school_code) with roster teachers in the current cycle: the counts
-- of mart_teacher_early_warning's risk classes, the school's share at risk or worse and its rank
-- in the county (1 = the largest share of teachers at risk or unable to finish).
with teachers as (

    select
        school_code,
        county,
        risk_class,
        hours_needed
    from {{ ref('mart_teacher_early_warning') }}
    where school_code is not null

),

counts as (

    select
        school_code,
        min(county) as county,
        count(*) as roster_teachers,
        sum(case when risk_class = 'on_track' then 1 else 0 end) as n_on_track,
        sum(case when risk_class = 'at_risk' then 1 else 0 end) as n_at_risk,
        sum(case when risk_class = 'cannot_finish' then 1 else 0 end) as n_cannot_finish,
        sum(hours_needed) as hours_needed
    from teachers
    group by school_code

),

shares as (

    select
        school_code,
        county,
        roster_teachers,
        n_on_track,
        n_at_risk,
        n_cannot_finish,
        hours_needed,
        cast(n_at_risk + n_cannot_finish as {{ type_double() }}) / roster_teachers as share_at_risk
    from counts

)

select
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(county as {{ dbt.type_string() }}) as county,
    {{ policy_as_of_date() }} as as_of_date,
    cast(roster_teachers as integer) as roster_teachers,
    cast(n_on_track as integer) as n_on_track,
    cast(n_at_risk as integer) as n_at_risk,
    cast(n_cannot_finish as integer) as n_cannot_finish,
    cast(hours_needed as decimal(18, 4)) as hours_needed,
    cast(share_at_risk as {{ type_double() }}) as share_at_risk,
    cast(rank() over (partition by county order by share_at_risk desc) as integer) as rank_in_county
from shares
