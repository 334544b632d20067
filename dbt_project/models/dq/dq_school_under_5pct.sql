-- grain: one row per school per year whose training spend is below the policy's share of its
-- public-funds budget (funding.school_training_share_of_public_funds, default 5%):
-- training_spend_yuan < share x public_funds_budget_yuan. Points at the school's funding row
-- (the one mart_school_year_funding keeps when a school-year has several).
with funding as (

    select
        school_code,
        year,
        training_spend_yuan,
        required_spend_yuan,
        training_share,
        meets_share,
        source_file,
        source_row,
        load_id
    from {{ ref('mart_school_year_funding') }}

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        school_code,
        cast(null as {{ dbt.type_string() }}) as project_code,
        year,
        source_file,
        source_row,
        {{ dbt.concat(["'training spend '", "cast(training_spend_yuan as " ~ dbt.type_string() ~ ")",
                       "' yuan < required '", "cast(required_spend_yuan as " ~ dbt.type_string() ~ ")"]) }} as detail,
        load_id
    from funding
    where meets_share = false

)

{{ dq_finding_select('findings') }}
