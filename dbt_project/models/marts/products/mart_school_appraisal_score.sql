-- grain: one row per school per year (school_code, year): the weighted score of
-- mart_school_appraisal (sum of weighted_points; indicators without a value earn nothing), its
-- rank in the county that year (1 = highest) and the change from the year before.
-- The sum is rounded to 9 decimals: a sum of doubles depends on the order of its rows
-- (0.1 + 0.2 + 0.3 <> 0.3 + 0.2 + 0.1), and that order is not fixed, so equal scores would
-- otherwise rank apart by noise in the 16th digit and differ from one build to the next.
with points as (

    select
        school_code,
        year,
        county,
        round(sum(coalesce(weighted_points, 0)), 9) as weighted_score,
        count(value) as indicators_with_value,
        count(*) as indicators
    from {{ ref('mart_school_appraisal') }}
    group by school_code, year, county

),

ranked as (

    select
        school_code,
        year,
        county,
        weighted_score,
        indicators_with_value,
        indicators,
        rank() over (partition by county, year order by weighted_score desc) as rank_in_county,
        median(weighted_score) over (partition by county, year) as county_median,
        lag(weighted_score) over (partition by school_code order by year) as score_last_year,
        lag(year) over (partition by school_code order by year) as last_year
    from points

)

select
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(year as integer) as year,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(weighted_score as {{ type_double() }}) as weighted_score,
    cast(county_median as {{ type_double() }}) as county_median,
    cast(rank_in_county as integer) as rank_in_county,
    cast(
        case when last_year = year - 1 then weighted_score - score_last_year end as {{ type_double() }}
    ) as change_from_last_year,
    cast(indicators_with_value as integer) as indicators_with_value,
    cast(indicators as integer) as indicators
from ranked
