-- grain: one row per teacher (k_teacher), from the rosters.
-- A teacher on several rosters (transfer, duplicate file) keeps the row of the most recent load
-- (load_manifest.file_modified_at, else loaded_at, latest first; rows whose load is not in the manifest come last), then
-- the smallest source_file, then the smallest source_row. n_roster_rows says how many were seen.
with roster as (

    select
        k_teacher,
        id_number,
        name,
        gender,
        birth_date,
        stage,
        subject,
        title,
        school_code,
        school_name,
        county,
        school_area,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ ref('stg_roster__teachers') }}
    where k_teacher is not null

),

loads as (

    select
        load_id,
        source_file,
        recency_at as loaded_at
    from {{ ref('int_file_loads') }}

),

roster_counts as (

    select
        k_teacher,
        count(*) as n_roster_rows,
        count(distinct school_code) as n_roster_schools
    from roster
    group by k_teacher

),

ranked as (

    select
        roster.k_teacher,
        roster.id_number,
        roster.name,
        roster.gender,
        roster.birth_date,
        roster.stage,
        roster.subject,
        roster.title,
        roster.school_code,
        roster.school_name,
        roster.county,
        roster.school_area,
        roster.source_file,
        roster.source_sheet,
        roster.source_row,
        roster.load_id,
        roster_counts.n_roster_rows,
        roster_counts.n_roster_schools,
        row_number() over (
            partition by roster.k_teacher
            order by
                case when loads.loaded_at is null then 1 else 0 end,
                loads.loaded_at desc,
                roster.source_file,
                roster.source_row
        ) as roster_rank
    from roster
    inner join roster_counts
        on roster.k_teacher = roster_counts.k_teacher
    left join loads
        on roster.load_id = loads.load_id
        and roster.source_file = loads.source_file

)

select
    k_teacher,
    id_number,
    name,
    gender,
    birth_date,
    stage,
    subject,
    title,
    school_code,
    school_name,
    county,
    school_area,
    n_roster_rows,
    n_roster_schools,
    source_file,
    source_sheet,
    source_row,
    load_id
from ranked
where roster_rank = 1
