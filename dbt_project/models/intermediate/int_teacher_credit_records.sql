-- grain: one row per training record of a known teacher (k_training_record), from
-- int_training_records (after matching and cross-source dedup) where k_teacher is set.
-- The one place the credit marts (teacher cycle, teacher school year, IT 2.0) read records from
-- (one fold shared by every credit figure, so they cannot disagree). Adds:
--   completion_date: end_date, else start_date (a record without an end date completes on its
--     start date); null when the record has no date at all (the marts leave such rows out);
--   school_year_start / school_year: the school year (学年) of the completion date; it starts in
--     month policy school_year_start_month (default 9; 1 = calendar years), label '2022-2023';
--   cycle_start_year: the policy cycle containing the calendar year the school year ends in
--     (the 2021 cycle = school years 2020-2021 .. 2024-2025 by default);
--   completed_by_as_of: completion_date <= policy as_of_date (what "by now" figures count);
--   on_roster: the teacher is on a roster (int_teachers); others are "unknown teachers";
--   counted_hours, practice_hours, credits_uncapped as decimal(18,4).
-- practice_hours is int_training_records' reading of the registered 实践学时: the record's own
-- practice hours (国培 list rows: the plan's, at most the record's hours); a record without any
-- registered practice hours counts whole only when its mode is practice; else 0. Only counted
-- records contribute (0 otherwise).
{%- set mode_order = ['in_person', 'blended', 'workshop', 'practice', 'school_based'] %}
with records as (

    select
        k_training_record,
        k_teacher,
        source,
        project_code,
        title,
        level,
        mode,
        start_date,
        end_date,
        coalesce(end_date, start_date) as completion_date,
        is_counted,
        counted_hours,
        practice_hours,
        hours_per_credit,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ ref('int_training_records') }}
    where k_teacher is not null

),

roster as (

    select k_teacher
    from {{ ref('int_teachers') }}

),

dated as (

    select
        records.k_training_record,
        records.k_teacher,
        case when roster.k_teacher is not null then true else false end as on_roster,
        records.source,
        records.project_code,
        records.title,
        records.level,
        records.mode,
        records.start_date,
        records.end_date,
        records.completion_date,
        {{ school_year_start_of('records.completion_date') }} as school_year_start,
        records.is_counted,
        records.counted_hours,
        records.practice_hours,
        records.hours_per_credit,
        records.source_file,
        records.source_sheet,
        records.source_row,
        records.load_id
    from records
    left join roster
        on records.k_teacher = roster.k_teacher

)

select
    k_training_record,
    k_teacher,
    on_roster,
    source,
    project_code,
    title,
    level,
    mode,
    -- allocation order of the caps inside a school year: in-person first, online last
    case mode
        {%- for mode in mode_order %}
        when {{ sql_string(mode) }} then {{ loop.index }}
        {%- endfor %}
        when 'online' then {{ mode_order | length + 2 }}
        else {{ mode_order | length + 1 }}
    end as mode_priority,
    start_date,
    end_date,
    completion_date,
    cast(school_year_start as integer) as school_year_start,
    {{ school_year_label('school_year_start') }} as school_year,
    cast({{ cycle_start_year_of(school_year_end_year('school_year_start')) }} as integer) as cycle_start_year,
    case
        when completion_date is not null and completion_date <= {{ policy_as_of_date() }} then true
        else false
    end as completed_by_as_of,
    is_counted,
    {{ credit_decimal('case when is_counted then coalesce(counted_hours, 0) else 0 end') }} as counted_hours,
    {{ credit_decimal('case when is_counted then coalesce(practice_hours, 0) else 0 end') }} as practice_hours,
    {{ credit_decimal(
        'case when is_counted and hours_per_credit > 0 then '
        ~ credit_decimal('coalesce(counted_hours, 0)') ~ ' / ' ~ credit_decimal('hours_per_credit')
        ~ ' else 0 end') }} as credits_uncapped,
    source_file,
    source_sheet,
    source_row,
    load_id
from dated
