-- grain: one row per teacher per training, after matching and cross-source dedup.
-- Sources and their certification rank (lower wins when the same training arrives twice):
--   1 provincial export (省平台, certified by the review chain)
--   2 国培 provider list (outcome and hours from the provider; dates, level and mode from the plan)
--   3 school sign-in (one record per session marked present; level school, mode school_based)
--   4 online platform (matched by masked ID + name + school; unmatched rows keep k_teacher null)
-- Sign-in and platform rows have no review chain: a present mark / a completed course counts as
-- certified. 国培 list rows are the provider's certified results and count as certified too;
-- a 国培 trainee who did not report (报到=否) is a no-show whatever the outcome cell says.
-- plan_year: int_plan_year_rows' for provincial and 国培 list rows (the plan year their dates fall
-- in; a code in two years' plans is two projects; a list row takes the plan year of the same
-- teacher's provincial record of the code), as int_project_enrolments counts them. Plan dates,
-- title, level and mode come from that plan year's row.
-- Over 200 lines because the four sources and both dedup steps must meet in one model: a record's
-- winner depends on every source at once, and splitting the steps would materialise each half.
-- Dedup, in two steps, only between rows of a known teacher:
--   a. same k_teacher + project_code + plan_year from several sources -> the rows of the
--      best-ranked source survive (several rows of that source stay separate trainings unless
--      they repeat the same title and start date); rows of worse sources join its first row.
--      Rows without a project code of one source that repeat the same title and start date are one
--      record too. Within one source the row of the newest file wins (load_manifest.file_modified_at,
--      else loaded_at: macro loaded_at_of),
--      then the smallest (source_file, source_row);
--   b. among the survivors, same k_teacher + same title (trimmed, lower-case) + overlapping dates
--      from a better-ranked source -> the worse one joins the better one. No chains: a record
--      that lost to another joins that record's own winner (each step goes to a strictly better
--      source, so three steps resolve every chain of the four sources).
-- confirmed_by_sources lists every source that reported the surviving record (best rank first).
{%- set columns = ['record_id', 'source', 'source_rank', 'k_teacher', 'match_status', 'school_code',
                   'project_code', 'plan_year', 'title', 'level', 'mode', 'start_date', 'end_date',
                   'hours', 'practice_hours', 'outcome', 'review_status', 'attended', 'loaded_at',
                   'source_file', 'source_sheet', 'source_row', 'load_id'] %}
{%- set string = dbt.type_string() %}
{#- the sources in rank order: source_rank is the position in this list (1 = best) #}
{%- set sources = ['provincial', 'guopei', 'signin', 'platform'] %}
with plan as (

    select
        project_code,
        year as plan_year,
        project_name,
        level,
        mode,
        start_date,
        end_date,
        practice_hours
    from {{ ref('int_projects') }}

),

plan_year_rows as (

    select
        source,
        k_teacher,
        project_code,
        plan_year,
        project_name,
        level,
        mode,
        start_date,
        end_date,
        hours,
        practice_hours,
        outcome,
        reported,
        review_status,
        loaded_at,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ ref('int_plan_year_rows') }}

),

provincial as (

    select
        {{ surrogate_key(["'provincial'", 'p.source_file', 'p.source_sheet', 'p.source_row']) }} as record_id,
        'provincial' as source,
        1 as source_rank,
        p.k_teacher,
        'id_number' as match_status,
        cast(null as {{ string }}) as school_code,
        p.project_code,
        p.plan_year,
        coalesce(p.project_name, plan.project_name) as title,
        coalesce(p.level, plan.level) as level,
        coalesce(p.mode, plan.mode) as mode,
        coalesce(p.start_date, plan.start_date) as start_date,
        coalesce(p.end_date, p.start_date, plan.end_date) as end_date,
        p.hours,
        p.practice_hours,
        p.outcome,
        p.review_status,
        case when p.outcome = 'no_show' then false else true end as attended,
        p.loaded_at,
        p.source_file,
        p.source_sheet,
        p.source_row,
        p.load_id
    from plan_year_rows as p
    left join plan
        on p.project_code = plan.project_code
        and p.plan_year = plan.plan_year
    where p.source = 'provincial'

),

guopei as (

    select
        {{ surrogate_key(["'guopei'", 'g.source_file', 'g.source_sheet', 'g.source_row']) }} as record_id,
        'guopei' as source,
        2 as source_rank,
        g.k_teacher,
        'id_number' as match_status,
        cast(null as {{ string }}) as school_code,
        g.project_code,
        g.plan_year,
        plan.project_name as title,
        coalesce(plan.level, 'national') as level,
        plan.mode,
        plan.start_date,
        coalesce(plan.end_date, plan.start_date) as end_date,
        g.hours,
        case
            when plan.practice_hours is null or g.hours is null then null
            when plan.practice_hours < g.hours then plan.practice_hours
            else g.hours
        end as practice_hours,
        case when g.reported = false then 'no_show' else g.outcome end as outcome,
        'certified' as review_status,
        case when g.reported and coalesce(g.outcome, '') <> 'no_show' then true else false end as attended,
        g.loaded_at,
        g.source_file,
        g.source_sheet,
        g.source_row,
        g.load_id
    from plan_year_rows as g
    left join plan
        on g.project_code = plan.project_code
        and g.plan_year = plan.plan_year
    where g.source = 'guopei'

),

signin as (

    select
        {{ surrogate_key(["'signin'", 's.source_file', 's.source_sheet', 's.source_row', 's.session_date', 's.session_title']) }} as record_id,
        'signin' as source,
        3 as source_rank,
        s.k_teacher,
        'id_number' as match_status,
        s.school_code,
        cast(null as {{ string }}) as project_code,
        cast(null as integer) as plan_year,
        s.session_title as title,
        'school' as level,
        'school_based' as mode,
        s.session_date as start_date,
        s.session_date as end_date,
        s.session_hours as hours,
        cast(null as {{ type_double() }}) as practice_hours,
        'passed' as outcome,
        'certified' as review_status,
        true as attended,
        {{ loaded_at_of('s') }} as loaded_at,
        s.source_file,
        s.source_sheet,
        s.source_row,
        s.load_id
    from {{ ref('stg_signin__attendance') }} as s
    where s.mark = 'present'

),

platform as (

    select
        {{ surrogate_key(["'platform'", 'm.source_file', 'm.source_sheet', 'm.source_row']) }} as record_id,
        'platform' as source,
        4 as source_rank,
        m.k_teacher,
        m.match_status,
        cast(null as {{ string }}) as school_code,
        m.project_code,
        m.plan_year,
        coalesce(m.course_name, plan.project_name) as title,
        plan.level,
        coalesce(plan.mode, 'online') as mode,
        m.learned_on as start_date,
        m.learned_on as end_date,
        m.hours,
        cast(null as {{ type_double() }}) as practice_hours,
        m.outcome,
        'certified' as review_status,
        case when m.outcome = 'no_show' then false else true end as attended,
        {{ loaded_at_of('m') }} as loaded_at,
        m.source_file,
        m.source_sheet,
        m.source_row,
        m.load_id
    from {{ ref('int_platform_matches') }} as m
    left join plan
        on m.project_code = plan.project_code
        and m.plan_year = plan.plan_year

),

-- materialized: referenced twice below; its plan-year lookups should run once
unioned as {{ materialized_cte() }} (

    {% for relation in sources -%}
    select {{ columns | join(', ') }} from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- step a: the same teacher, project code and plan year from several sources counts once. Rows of
-- the best source stay separate records (an online programme has several courses, a provincial
-- export may list a project's modules) unless they repeat the same title and start date; rows of
-- worse sources join the first row of the best source. Copies of one record in one source (the
-- same file loaded twice under two names, a re-sent export): the newest load wins.
-- Each window reads only the rows whose winner it decides (a window sorts all of its input): the
-- project windows the coded rows of known teachers (their partitions hold no other row), the
-- title-and-date window every row of a known teacher (a coded row of the same source, title and
-- date is in an uncoded row's partition), unknown teachers none. A partition of one row is its own
-- winner (by_project's coalesce), so the windows read only the partitions of several rows, found
-- by a hash count (at 50,000 teachers every title-and-date partition and 45% of the project
-- partitions hold one row: the windows sorted 1.9M rows to find no winner but the row itself).
coded_partitions as (

    select
        k_teacher,
        project_code,
        plan_year
    from unioned
    where k_teacher is not null and project_code is not null
    group by k_teacher, project_code, plan_year
    having count(*) > 1

),

coded_rows as (

    select
        unioned.record_id,
        unioned.k_teacher,
        unioned.project_code,
        unioned.plan_year,
        unioned.source,
        unioned.source_rank,
        lower(trim(unioned.title)) as title_key,
        unioned.start_date,
        unioned.loaded_at,
        unioned.source_file,
        unioned.source_row
    from unioned
    inner join coded_partitions
        on unioned.k_teacher = coded_partitions.k_teacher
        and unioned.project_code = coded_partitions.project_code
        and unioned.plan_year is not distinct from coded_partitions.plan_year

),

coded_winners as (

    select
        record_id,
        case
            when source_rank > min(source_rank) over (partition by k_teacher, project_code, plan_year)
                then first_value(record_id) over (
                    partition by k_teacher, project_code, plan_year
                    order by source_rank, loaded_at desc nulls last, source_file, source_row, record_id
                    rows between unbounded preceding and unbounded following
                )
            else first_value(record_id) over (
                    partition by k_teacher, project_code, plan_year, source, title_key, start_date
                    order by loaded_at desc nulls last, source_file, source_row, record_id
                    rows between unbounded preceding and unbounded following
                )
        end as project_winner_id
    from coded_rows

),

-- the title-and-date window decides only uncoded rows: partitions of several rows, one uncoded
title_date_partitions as (

    select
        k_teacher,
        source,
        lower(trim(title)) as title_key,
        start_date
    from unioned
    where k_teacher is not null
    group by k_teacher, source, lower(trim(title)), start_date
    having count(*) > 1 and count(project_code) < count(*)

),

title_date_rows as (

    select
        unioned.record_id,
        unioned.project_code,
        unioned.k_teacher,
        unioned.source,
        title_date_partitions.title_key,
        unioned.start_date,
        unioned.loaded_at,
        unioned.source_file,
        unioned.source_row
    from unioned
    inner join title_date_partitions
        on unioned.k_teacher = title_date_partitions.k_teacher
        and unioned.source = title_date_partitions.source
        and lower(trim(unioned.title)) is not distinct from title_date_partitions.title_key
        and unioned.start_date is not distinct from title_date_partitions.start_date

),

title_date_winners as (

    select
        record_id,
        project_code,
        first_value(record_id) over (
            partition by k_teacher, source, title_key, start_date
            order by loaded_at desc nulls last, source_file, source_row, record_id
            rows between unbounded preceding and unbounded following
        ) as project_winner_id
    from title_date_rows

),

step_a_winners as (

    select
        record_id,
        project_winner_id
    from coded_winners
    union all
    select
        record_id,
        project_winner_id
    from title_date_winners
    where project_code is null

),

by_project as (

    select
        unioned.record_id,
        unioned.source,
        unioned.source_rank,
        unioned.k_teacher,
        unioned.title,
        unioned.start_date,
        unioned.end_date,
        unioned.source_file,
        unioned.source_row,
        coalesce(step_a_winners.project_winner_id, unioned.record_id) as project_winner_id
    from unioned
    left join step_a_winners
        on unioned.record_id = step_a_winners.record_id

),

project_winners as (

    select
        record_id,
        source,
        source_rank,
        k_teacher,
        lower(trim(title)) as title_key,
        start_date,
        coalesce(end_date, start_date) as end_date,
        source_file,
        source_row
    from by_project
    where record_id = project_winner_id

),

-- step b: same title and overlapping dates from a better-ranked source. A keyed join: each record
-- is spread over the months its dates span (two overlapping ranges share a month), pairs meet on
-- teacher + title + month, and the exact condition is checked on the few pairs that meet. (A join
-- on teacher and title alone paired every same-title session of a teacher with every other.)
winner_months as (

    select
        record_id,
        source,
        source_rank,
        k_teacher,
        title_key,
        start_date,
        end_date,
        source_file,
        source_row,
        {{ month_buckets('least(start_date, end_date)', 'greatest(start_date, end_date)') }} as month_start
    from project_winners
    where k_teacher is not null and title_key is not null

),

title_pairs as (

    select distinct
        loser.record_id,
        winner.record_id as title_winner_id,
        winner.source_rank,
        winner.source_file,
        winner.source_row
    from winner_months as loser
    inner join winner_months as winner
        on loser.k_teacher = winner.k_teacher
        and loser.title_key = winner.title_key
        and loser.month_start = winner.month_start
    where
        loser.source <> winner.source
        and winner.source_rank < loser.source_rank
        and winner.start_date <= loser.end_date
        and loser.start_date <= winner.end_date

),

title_matches as (

    select
        record_id,
        title_winner_id,
        row_number() over (
            partition by record_id
            order by source_rank, source_file, source_row, title_winner_id
        ) as match_rank
    from title_pairs

),

-- no chains: a winner that itself lost to a better source hands its losers on to its own winner
best_title_matches as (

    select
        record_id,
        title_winner_id
    from title_matches
    where match_rank = 1

),

resolved_title_matches as (

    select
        hop1.record_id,
        coalesce(hop3.title_winner_id, hop2.title_winner_id, hop1.title_winner_id) as title_winner_id
    from best_title_matches as hop1
    left join best_title_matches as hop2
        on hop1.title_winner_id = hop2.record_id
    left join best_title_matches as hop3
        on hop2.title_winner_id = hop3.record_id

),

assigned as (

    select
        by_project.record_id,
        by_project.source,
        by_project.source_rank,
        coalesce(resolved_title_matches.title_winner_id, by_project.project_winner_id) as winner_id
    from by_project
    left join resolved_title_matches
        on by_project.project_winner_id = resolved_title_matches.record_id

),

-- one row per winner: the sources that reported it (best rank first) and how many source rows
-- joined it. Each source has its own rank (the union above), so a flag per source in rank order
-- gives the list that an ordered string_agg over (winner, source) groups gave, in one hash
-- aggregate without a sort per winner.
source_flags as (

    select
        winner_id,
        {%- for relation in sources %}
        max(case when source_rank = {{ loop.index }} then 1 else 0 end) as from_{{ relation }},
        {%- endfor %}
        count(*) as n_source_rows
    from assigned
    group by winner_id

),

confirmations as (

    select
        winner_id,
        concat_ws(
            ','
            {%- for relation in sources %},
            case when from_{{ relation }} = 1 then {{ sql_string(relation) }} end
            {%- endfor %}
        ) as confirmed_by_sources,
        cast({% for relation in sources %}from_{{ relation }}{% if not loop.last %} + {% endif %}{% endfor %} as {{ dbt.type_bigint() }}) as n_sources,
        cast(n_source_rows as {{ dbt.type_bigint() }}) as n_source_rows
    from source_flags

),

policy_flags as (

    select
        {{ columns | join(', ') }},
        cast(extract(year from coalesce(end_date, start_date)) as integer) as record_year,
        case
            when outcome in ({{ sql_in_list(policy('counted_outcomes')) }})
                and review_status in ({{ sql_in_list(policy('counted_review_statuses')) }})
                then true
            else false
        end as is_counted,
        case mode
            {%- for mode_code, hours_per_credit in policy('hours_per_credit').items() %}
            when {{ sql_string(mode_code) }} then {{ hours_per_credit }}
            {%- endfor %}
        end as hours_per_credit
    from unioned

)

select
    policy_flags.record_id as k_training_record,
    policy_flags.k_teacher,
    policy_flags.match_status,
    policy_flags.source,
    policy_flags.source_rank,
    confirmations.confirmed_by_sources,
    confirmations.n_sources,
    confirmations.n_source_rows,
    policy_flags.school_code,
    policy_flags.project_code,
    policy_flags.plan_year,
    policy_flags.title,
    policy_flags.level,
    policy_flags.mode,
    policy_flags.start_date,
    policy_flags.end_date,
    policy_flags.record_year,
    {{ cycle_start_year_of('policy_flags.record_year') }} as cycle_start_year,
    policy_flags.hours,
    case
        when policy_flags.practice_hours is not null then policy_flags.practice_hours
        when policy_flags.mode = 'practice' then policy_flags.hours
        else 0
    end as practice_hours,
    policy_flags.outcome,
    policy_flags.review_status,
    policy_flags.attended,
    policy_flags.is_counted,
    case when policy_flags.is_counted then coalesce(policy_flags.hours, 0) else 0 end as counted_hours,
    policy_flags.hours_per_credit,
    case
        when policy_flags.is_counted and policy_flags.hours_per_credit > 0
            then coalesce(policy_flags.hours, 0) / policy_flags.hours_per_credit
        else 0
    end as credits_uncapped,
    policy_flags.source_file,
    policy_flags.source_sheet,
    policy_flags.source_row,
    policy_flags.load_id
from policy_flags
inner join confirmations
    on policy_flags.record_id = confirmations.winner_id
