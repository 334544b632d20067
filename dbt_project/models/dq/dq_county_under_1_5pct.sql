-- grain: one row per county x year whose training budget is below the policy's share of its
-- payroll (funding.county_training_share_of_payroll, default 1.5 %). One definition with the mart:
-- a finding exactly where mart_county_year_funding.meets_payroll_share is false (training budget =
-- the schools' training spend + the county-fund plan budgets, rows flagged FUNDING_UNIT_SUSPECT
-- left out). Points at the 合计 row of the county's funding sheet of that year (raw.skipped_rows
-- reason 'total'; the row below the sheet's last school when not recorded; the first sheet by
-- name when the county-year has several).
with counties as (

    select
        county,
        year,
        training_budget_yuan,
        payroll_yuan,
        training_budget_share_of_payroll
    from {{ ref('mart_county_year_funding') }}
    where meets_payroll_share = false

),

school_rows as (

    select
        county,
        year,
        source_file,
        source_row,
        load_id
    from {{ ref('mart_school_year_funding') }}
    where county is not null

),

sheets as (

    select
        county,
        year,
        source_file,
        max(source_row) + 1 as row_below,
        min(load_id) as load_id,
        row_number() over (partition by county, year order by source_file) as sheet_rank
    from school_rows
    group by county, year, source_file

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        cast(null as {{ dbt.type_string() }}) as school_code,
        cast(null as {{ dbt.type_string() }}) as project_code,
        counties.year,
        sheets.source_file,
        {{ skipped_row_of('sheets.source_file', 'total', 'sheets.row_below') }} as source_row,
        {{ dbt.concat(["'county training budget '",
                       "cast(round(100.0 * counties.training_budget_share_of_payroll, 2) as " ~ dbt.type_string() ~ ")",
                       "'% of payroll < " ~ (policy('funding')['county_training_share_of_payroll'] * 100) ~ "%'"]) }} as detail,
        sheets.load_id
    from counties
    inner join sheets
        on counties.county = sheets.county
        and counties.year = sheets.year
        and sheets.sheet_rank = 1

)

{{ dq_finding_select('findings') }}
