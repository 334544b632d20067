-- grain: one row per school (school_code), with attributes from the rosters, falling back to the
-- funding sheets for schools without a roster. Among several spellings the most frequent wins,
-- then the smallest value (deterministic).
with roster_attributes as (

    select
        school_code,
        school_name,
        county,
        school_area,
        count(*) as n_rows,
        1 as source_priority
    from {{ ref('stg_roster__teachers') }}
    where school_code is not null
    group by school_code, school_name, county, school_area

),

funding_attributes as (

    select
        school_code,
        school_name,
        county,
        cast(null as {{ dbt.type_string() }}) as school_area,
        count(*) as n_rows,
        2 as source_priority
    from {{ ref('stg_funding__school_funding') }}
    where school_code is not null
    group by school_code, school_name, county

),

candidates as (

    select school_code, school_name, county, school_area, n_rows, source_priority
    from roster_attributes
    union all
    select school_code, school_name, county, school_area, n_rows, source_priority
    from funding_attributes

),

ranked as (

    select
        school_code,
        school_name,
        county,
        school_area,
        row_number() over (
            partition by school_code
            order by source_priority, n_rows desc, school_name, county, school_area
        ) as attribute_rank
    from candidates

)

select
    school_code,
    school_name,
    county,
    school_area
from ranked
where attribute_rank = 1
