-- grain: one row per school per year per appraisal indicator (school_code, year, indicator).
-- Indicators and weights: policy school_appraisal.weights (the keys are the indicator list).
-- School-years: mart_school_year_participation's, up to the year of as_of_date. Values:
--   send_rate / participation_rate / pass_rate: mart_school_year_participation (学校送培率,
--     教师参训率, 合格率);
--   school_based_sessions (校本研修组织实施): sign-in sessions held (distinct session dates of the
--     school's sheets with at least one present mark) / school_appraisal.
--     school_based_sessions_required_per_year;
--   backbone_trained (骨干队伍建设): roster teachers with an attended training record of a level in
--     school_appraisal.backbone_levels completed in the year / roster teachers;
--   credits_certified (学分管理): of the roster teachers with a record of a counted outcome
--     completed in the year, those whose every such record has a counted review status
--     (certified / approved) by as_of_date.
-- county_median / rank_in_county: over the county's schools with a value that year (rank 1 =
-- highest; ties share a rank); change_from_last_year = value - the school's value the year before.
-- weighted_points = 100 x weight x min(value, 1) / sum of the weights (null value: no points).
-- Over 200 lines because each of the six indicators needs its own inputs (one CTE each) before
-- they meet in one indicator list that the county comparison reads once.
{%- set appraisal_weights = policy_section_key('school_appraisal', 'weights', {
    'send_rate': 0.2, 'participation_rate': 0.2, 'pass_rate': 0.2,
    'school_based_sessions': 0.15, 'backbone_trained': 0.1, 'credits_certified': 0.15}) %}
{%- set sessions_required = policy_section_key('school_appraisal', 'school_based_sessions_required_per_year', 32) %}
{%- set backbone_levels = policy_section_key('school_appraisal', 'backbone_levels', ['national', 'provincial', 'city']) %}
{%- set labels = {
    'send_rate': '学校送培率', 'participation_rate': '教师参训率', 'pass_rate': '合格率',
    'school_based_sessions': '校本研修组织实施', 'backbone_trained': '骨干队伍建设',
    'credits_certified': '学分管理'} %}
{%- set weight_sum = appraisal_weights.values() | sum %}
{%- set as_of_year = "cast(extract(year from " ~ policy_as_of_date() ~ ") as integer)" %}
with participation as (

    select
        school_code,
        year,
        county,
        roster_teachers,
        send_rate,
        participation_rate,
        pass_rate
    from {{ ref('mart_school_year_participation') }}
    where year <= {{ as_of_year }}

),

teachers as (

    select
        k_teacher,
        school_code
    from {{ ref('int_teachers') }}
    where school_code is not null

),

sessions_held as (

    select
        school_code,
        year,
        count(distinct session_date) as sessions_held
    from {{ ref('stg_signin__attendance') }}
    where mark = 'present'
        and session_date is not null
    group by school_code, year

),

year_records as (

    select
        teachers.school_code,
        records.record_year as year,
        records.k_teacher,
        records.level,
        records.attended,
        records.outcome,
        records.review_status
    from {{ ref('int_training_records') }} as records
    inner join teachers
        on records.k_teacher = teachers.k_teacher
    where records.record_year is not null
        and coalesce(records.end_date, records.start_date) <= {{ policy_as_of_date() }}

),

backbone as (

    select
        school_code,
        year,
        count(distinct k_teacher) as backbone_trained
    from year_records
    where attended
        and level in ({{ sql_in_list(backbone_levels) }})
    group by school_code, year

),

credit_teachers as (

    select
        school_code,
        year,
        k_teacher,
        min(case when review_status in ({{ sql_in_list(policy('counted_review_statuses')) }}) then 1 else 0 end)
            as all_certified
    from year_records
    where outcome in ({{ sql_in_list(policy('counted_outcomes')) }})
    group by school_code, year, k_teacher

),

credits as (

    select
        school_code,
        year,
        count(*) as teachers_with_credits,
        sum(all_certified) as teachers_certified
    from credit_teachers
    group by school_code, year

),

school_values as (

    select
        participation.school_code,
        participation.year,
        participation.county,
        participation.send_rate,
        participation.participation_rate,
        participation.pass_rate,
        cast(coalesce(sessions_held.sessions_held, 0) as {{ type_double() }}) / {{ sessions_required }}
            as school_based_sessions,
        {{ safe_ratio('coalesce(backbone.backbone_trained, 0)', 'participation.roster_teachers') }}
            as backbone_trained,
        {{ safe_ratio('credits.teachers_certified', 'credits.teachers_with_credits') }}
            as credits_certified
    from participation
    left join sessions_held
        on participation.school_code = sessions_held.school_code
        and participation.year = sessions_held.year
    left join backbone
        on participation.school_code = backbone.school_code
        and participation.year = backbone.year
    left join credits
        on participation.school_code = credits.school_code
        and participation.year = credits.year

),

indicators as (

    {%- for indicator, weight in appraisal_weights.items() %}
    select
        school_code,
        year,
        county,
        '{{ indicator }}' as indicator,
        '{{ labels[indicator] }}' as indicator_zh,
        {{ loop.index }} as indicator_order,
        cast({{ weight }} as {{ type_double() }}) as weight,
        cast({{ indicator }} as {{ type_double() }}) as value
    from school_values
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

compared as (

    select
        school_code,
        year,
        county,
        indicator,
        indicator_zh,
        indicator_order,
        weight,
        value,
        median(value) over (partition by county, year, indicator) as county_median,
        case
            when value is not null
                then rank() over (
                    partition by county, year, indicator
                    order by case when value is null then 1 else 0 end, value desc
                )
        end as rank_in_county,
        count(value) over (partition by county, year, indicator) as schools_ranked,
        lag(value) over (partition by school_code, indicator order by year) as value_last_year,
        lag(year) over (partition by school_code, indicator order by year) as last_year
    from indicators

)

select
    cast(school_code as {{ dbt.type_string() }}) as school_code,
    cast(year as integer) as year,
    cast(county as {{ dbt.type_string() }}) as county,
    cast(indicator as {{ dbt.type_string() }}) as indicator,
    cast(indicator_zh as {{ dbt.type_string() }}) as indicator_zh,
    cast(indicator_order as integer) as indicator_order,
    cast(weight as {{ type_double() }}) as weight,
    cast(value as {{ type_double() }}) as value,
    cast(county_median as {{ type_double() }}) as county_median,
    cast(rank_in_county as integer) as rank_in_county,
    cast(schools_ranked as integer) as schools_ranked,
    cast(case when last_year = year - 1 then value_last_year end as {{ type_double() }}) as value_last_year,
    cast(
        case when last_year = year - 1 then value - value_last_year end as {{ type_double() }}
    ) as change_from_last_year,
    cast(
        {%- if weight_sum > 0 %}
        -- least() skips nulls in DuckDB: a missing value must earn nothing
        case when value is not null then 100.0 * weight * least(value, 1.0) / {{ weight_sum }} end
        {%- else %}
        null
        {%- endif %}
        as {{ type_double() }}
    ) as weighted_points
from compared
