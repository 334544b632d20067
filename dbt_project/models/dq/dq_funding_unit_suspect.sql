-- grain: one row per school funding row whose amounts look entered in the wrong unit (元 vs
-- 万元, a factor of 10,000): its public-funds budget or training spend is more than
-- dq_setting 'dq_unit_factor_suspect' (default 1000) times above or below the median of the other
-- schools on the same sheet (at least 3 schools), or its spend exceeds its budget more than
-- dq_setting 'dq_spend_over_budget_factor' (default 100) times. Points at the school's row.
{%- set factor = dq_setting('dq_unit_factor_suspect', 1000) %}
{%- set over_budget = dq_setting('dq_spend_over_budget_factor', 100) %}
with funding as (

    select
        school_code,
        year,
        public_funds_budget_yuan as budget,
        training_spend_yuan as spend,
        source_file,
        source_row,
        load_id
    from {{ ref('stg_funding__school_funding') }}

),

peers as (

    select
        source_file,
        count(*) as n_schools,
        median(budget) as median_budget,
        median(spend) as median_spend
    from funding
    group by source_file

),

checked as (

    select
        funding.school_code,
        funding.year,
        funding.source_file,
        funding.source_row,
        funding.load_id,
        case when peers.n_schools >= 3 and (
                funding.budget * {{ factor }} < peers.median_budget
                or funding.budget > peers.median_budget * {{ factor }}
                or funding.spend * {{ factor }} < peers.median_spend
                or funding.spend > peers.median_spend * {{ factor }})
            then true else false end as off_median,
        case when funding.budget > 0 and funding.spend > funding.budget * {{ over_budget }}
            then true else false end as over_budget
    from funding
    inner join peers
        on funding.source_file = peers.source_file

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        school_code,
        cast(null as {{ dbt.type_string() }}) as project_code,
        year,
        source_file,
        source_row,
        case
            when off_median then 'amounts about 10,000x away from the median of the sheet''s schools (元 vs 万元?)'
            else 'training spend more than {{ over_budget }}x the public-funds budget (元 vs 万元?)'
        end as detail,
        load_id
    from checked
    where off_median
        or over_budget

)

{{ dq_finding_select('findings') }}
