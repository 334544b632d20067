-- grain: one row per scope x teacher x cycle x school year x mode (scope, k_teacher,
-- cycle_start_year, school_year_start, mode_key): the credits the policy caps let count.
-- scope 'by_as_of' uses the counted records completed by as_of_date, scope 'all' every counted
-- record (int_teacher_credit_records). mode_key = mode, 'unknown' when the mode is not known.
-- Caps (policy caps, null = none), S school-based per school year, Y total per school year,
-- O online per cycle, C total per cycle. The capped total is the largest total that respects
-- every cap at once: with n_y = non-online credits of year y (school-based at most S),
-- o_y = online credits, a_y = min(Y, n_y): total = min(C, sum a_y + min(O, sum min(o_y, Y - a_y))).
-- Attribution (so the by-mode and by-year figures add up to the total), in this order:
--   1. school-based credits of a year are cut to S;
--   2. inside a school year the modes fill Y in a fixed order: in-person, blended, workshop,
--      practice, school-based, unknown mode, online last (online has its own cap, the others not);
--   3. online credits fill O in the earliest school years first;
--   4. the cycle cap C keeps the earliest credits: school years in order, modes in the order of 2.
-- Earlier years never depend on later records, so a school year that ended by as_of_date gets the
-- same credits in both scopes.
{%- set caps = policy('caps') or {} %}
{%- set school_based_cap = caps.get('school_based_credits_per_year') %}
{%- set online_cap = caps.get('online_credits_per_cycle') %}
{%- set year_cap = caps.get('credits_per_year') %}
{%- set cycle_cap = caps.get('credits_per_cycle') %}
{%- set dec = 'decimal(18, 4)' %}
{%- set record_columns = 'k_teacher, cycle_start_year, school_year_start, mode_key, mode_priority, credits_uncapped' %}
{%- set key_columns = 'scope, k_teacher, cycle_start_year, school_year_start, mode_key, mode_priority, credits_uncapped' %}
with records as (

    select
        k_teacher,
        cycle_start_year,
        school_year_start,
        coalesce(mode, 'unknown') as mode_key,
        mode_priority,
        completed_by_as_of,
        credits_uncapped
    from {{ ref('int_teacher_credit_records') }}
    where is_counted
        and cycle_start_year is not null

),

scoped as (

    select 'by_as_of' as scope, {{ record_columns }}
    from records
    where completed_by_as_of
    union all
    select 'all' as scope, {{ record_columns }}
    from records

),

by_year_mode as (

    select
        scope,
        k_teacher,
        cycle_start_year,
        school_year_start,
        mode_key,
        min(mode_priority) as mode_priority,
        sum(credits_uncapped) as credits_uncapped
    from scoped
    group by scope, k_teacher, cycle_start_year, school_year_start, mode_key

),

-- step 1: school-based credits per school year
category_capped as (

    select
        scope,
        k_teacher,
        cycle_start_year,
        school_year_start,
        mode_key,
        mode_priority,
        credits_uncapped,
        {%- if school_based_cap is not none %}
        case
            when mode_key = 'school_based' then least(credits_uncapped, cast({{ school_based_cap }} as {{ dec }}))
            else credits_uncapped
        end as credits_after_category_cap
        {%- else %}
        credits_uncapped as credits_after_category_cap
        {%- endif %}
    from by_year_mode

),

-- step 2: the total per school year, filled in mode order
year_capped as (

    select
        {{ key_columns }},
        credits_after_category_cap,
        {%- if year_cap is not none %}
        greatest(
            cast(0 as {{ dec }}),
            least(
                credits_after_category_cap,
                cast({{ year_cap }} as {{ dec }}) - coalesce(sum(credits_after_category_cap) over (
                    partition by scope, k_teacher, cycle_start_year, school_year_start
                    order by mode_priority
                    rows between unbounded preceding and 1 preceding
                ), 0)
            )
        ) as credits_after_year_cap
        {%- else %}
        credits_after_category_cap as credits_after_year_cap
        {%- endif %}
    from category_capped

),

-- step 3: online credits per cycle, earliest school years first
online_capped as (

    select
        {{ key_columns }},
        credits_after_category_cap,
        credits_after_year_cap,
        {%- if online_cap is not none %}
        case
            when mode_key = 'online' then greatest(
                cast(0 as {{ dec }}),
                least(
                    credits_after_year_cap,
                    cast({{ online_cap }} as {{ dec }}) - coalesce(sum(credits_after_year_cap) over (
                        partition by scope, k_teacher, cycle_start_year, mode_key
                        order by school_year_start
                        rows between unbounded preceding and 1 preceding
                    ), 0)
                )
            )
            else credits_after_year_cap
        end as credits_after_online_cap
        {%- else %}
        credits_after_year_cap as credits_after_online_cap
        {%- endif %}
    from year_capped

),

-- step 4: the total per cycle, earliest credits first
cycle_capped as (

    select
        {{ key_columns }},
        credits_after_category_cap,
        credits_after_year_cap,
        credits_after_online_cap,
        {%- if cycle_cap is not none %}
        greatest(
            cast(0 as {{ dec }}),
            least(
                credits_after_online_cap,
                cast({{ cycle_cap }} as {{ dec }}) - coalesce(sum(credits_after_online_cap) over (
                    partition by scope, k_teacher, cycle_start_year
                    order by school_year_start, mode_priority
                    rows between unbounded preceding and 1 preceding
                ), 0)
            )
        ) as credits
        {%- else %}
        credits_after_online_cap as credits
        {%- endif %}
    from online_capped

)

select
    cast(scope as {{ dbt.type_string() }}) as scope,
    cast(k_teacher as {{ dbt.type_string() }}) as k_teacher,
    cast(cycle_start_year as integer) as cycle_start_year,
    cast(school_year_start as integer) as school_year_start,
    cast(mode_key as {{ dbt.type_string() }}) as mode_key,
    cast(mode_priority as integer) as mode_priority,
    {{ credit_decimal('credits_uncapped') }} as credits_uncapped,
    {{ credit_decimal('credits_after_category_cap') }} as credits_after_category_cap,
    {{ credit_decimal('credits_after_year_cap') }} as credits_after_year_cap,
    {{ credit_decimal('credits_after_online_cap') }} as credits_after_online_cap,
    {{ credit_decimal('credits') }} as credits
from cycle_capped
