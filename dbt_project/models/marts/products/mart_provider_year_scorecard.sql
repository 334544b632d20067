-- grain: one row per provider per plan year (provider, year), for the providers (承训机构) of the
-- plan's projects of a level in policy provider_scorecard.levels (default national, provincial).
-- Projects: mart_project_year_participation (enrolled, attended, passed, budget, trainee hours);
-- no-shows and dismissals: int_project_enrolments outcomes no_show / dismissed; satisfaction:
-- stg_survey__satisfaction, each questionnaire in the plan year of its project code that its
-- submission date falls in, else the code's latest plan year. Rates: fill = enrolled / planned,
-- attendance = attended / enrolled, pass = passed / attended; cost per trainee-hour = budget /
-- trainee hours; satisfied_share = questionnaires scoring 4 or 5 / questionnaires.
{%- set levels = policy_section_key('provider_scorecard', 'levels', ['national', 'provincial']) %}
with projects as (

    select
        project_code,
        year,
        provider,
        planned_seats,
        enrolled,
        attended,
        passed,
        budget_yuan,
        trainee_hours
    from {{ ref('mart_project_year_participation') }}
    where
        level in ({{ sql_in_list(levels) }})
        and provider is not null

),

outcomes as (

    select
        project_code,
        plan_year as year,
        sum(case when outcome = 'no_show' then 1 else 0 end) as no_shows,
        sum(case when outcome = 'dismissed' then 1 else 0 end) as dismissed
    from {{ ref('int_project_enrolments') }}
    group by project_code, plan_year

),

surveys as (

    select
        survey.project_code,
        survey.overall_score,
        coalesce(dated.year, latest.year) as year
    from {{ ref('stg_survey__satisfaction') }} as survey
    left join projects as dated
        on
            survey.project_code = dated.project_code
            and extract(year from survey.submitted_on) = dated.year
    left join (
        select
            project_code,
            max(year) as year
        from projects
        group by project_code
    ) as latest
        on survey.project_code = latest.project_code

),

survey_scores as (

    select
        project_code,
        year,
        count(*) as responses,
        sum(overall_score) as score_sum,
        sum(case when overall_score >= 4 then 1 else 0 end) as satisfied
    from surveys
    where year is not null
    group by project_code, year

),

providers as (

    select
        projects.provider,
        projects.year,
        count(*) as projects,
        sum(projects.planned_seats) as planned_seats,
        sum(projects.enrolled) as enrolled,
        sum(projects.attended) as attended,
        sum(coalesce(outcomes.no_shows, 0)) as no_shows,
        sum(coalesce(outcomes.dismissed, 0)) as dismissed,
        sum(projects.passed) as passed,
        sum(projects.budget_yuan) as budget_yuan,
        sum(projects.trainee_hours) as trainee_hours,
        sum(coalesce(survey_scores.responses, 0)) as survey_responses,
        sum(survey_scores.score_sum) as score_sum,
        sum(coalesce(survey_scores.satisfied, 0)) as satisfied
    from projects
    left join outcomes
        on
            projects.project_code = outcomes.project_code
            and projects.year = outcomes.year
    left join survey_scores
        on
            projects.project_code = survey_scores.project_code
            and projects.year = survey_scores.year
    group by projects.provider, projects.year

)

select
    cast(provider as {{ dbt.type_string() }}) as provider,
    cast(year as integer) as year,
    cast(projects as integer) as projects,
    cast(planned_seats as integer) as planned_seats,
    cast(enrolled as integer) as enrolled,
    cast({{ safe_ratio('enrolled', 'planned_seats') }} as {{ type_double() }}) as fill_rate,
    cast(attended as integer) as attended,
    cast({{ safe_ratio('attended', 'enrolled') }} as {{ type_double() }}) as attendance_rate,
    cast(no_shows as integer) as no_shows,
    cast(dismissed as integer) as dismissed,
    cast(passed as integer) as passed,
    cast({{ safe_ratio('passed', 'attended') }} as {{ type_double() }}) as pass_rate,
    cast(budget_yuan as decimal(18, 2)) as budget_yuan,
    cast(trainee_hours as decimal(18, 4)) as trainee_hours,
    cast(
        case when trainee_hours > 0 then budget_yuan / trainee_hours end as decimal(18, 2)
    ) as cost_per_trainee_hour_yuan,
    cast(survey_responses as integer) as survey_responses,
    cast({{ safe_ratio('score_sum', 'survey_responses') }} as {{ type_double() }}) as mean_satisfaction,
    cast({{ safe_ratio('satisfied', 'survey_responses') }} as {{ type_double() }}) as satisfied_share
from providers
