-- grain: one row per provincial-export row and per 国培 provider-list row (source, source_file,
-- source_sheet, source_row): the two sources that enrol a teacher in a planned project, each row
-- with the plan year it belongs to. A code in two years' plans (延续实施) is two projects; a
-- provincial row goes to the plan year its dates fall in (macro plan_year_of); a list row has no
-- dates and takes the plan year of the same teacher's provincial row of the code (macro
-- list_plan_year), so both rows of one enrolment land in the same plan year. loaded_at: the
-- file's recency (int_file_loads). Values as staged (a 国培 no-show keeps its outcome cell and
-- reported = false); int_training_records and int_project_enrolments read it, so credit and
-- enrolment counts place every row in the same plan year.
{%- set string = dbt.type_string() %}
-- materialized: read twice (its rows and the 国培 list rows' plan year)
with provincial as {{ materialized_cte() }} (

    select
        'provincial' as source,
        p.k_teacher,
        p.project_code,
        {{ plan_year_of('p.project_code', 'p.start_date', 'p.end_date') }} as plan_year,
        p.project_name,
        p.level,
        p.mode,
        p.start_date,
        p.end_date,
        p.hours,
        p.practice_hours,
        p.outcome,
        cast(null as boolean) as reported,
        p.review_status,
        {{ loaded_at_of('p') }} as loaded_at,
        p.source_file,
        p.source_sheet,
        p.source_row,
        p.load_id
    from {{ ref('stg_provincial__training_records') }} as p

),

guopei as (

    select
        'guopei' as source,
        g.k_teacher,
        g.project_code,
        {{ list_plan_year('g', 'provincial') }} as plan_year,
        cast(null as {{ string }}) as project_name,
        cast(null as {{ string }}) as level,
        cast(null as {{ string }}) as mode,
        cast(null as date) as start_date,
        cast(null as date) as end_date,
        g.hours,
        cast(null as {{ type_double() }}) as practice_hours,
        g.outcome,
        g.reported,
        cast(null as {{ string }}) as review_status,
        {{ loaded_at_of('g') }} as loaded_at,
        g.source_file,
        g.source_sheet,
        g.source_row,
        g.load_id
    from {{ ref('stg_guopei__trainees') }} as g

)

{%- set columns = ['source', 'k_teacher', 'project_code', 'plan_year', 'project_name', 'level',
                   'mode', 'start_date', 'end_date', 'hours', 'practice_hours', 'outcome',
                   'reported', 'review_status', 'loaded_at', 'source_file', 'source_sheet',
                   'source_row', 'load_id'] %}

select {{ columns | join(', ') }} from provincial
union all
select {{ columns | join(', ') }} from guopei
