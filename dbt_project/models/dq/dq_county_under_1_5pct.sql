-- grain: one row per county funding sheet (county x year) whose schools' total training spend is
-- below the policy's share of their total payroll (funding.county_training_share_of_payroll,
-- default 1.5%). Points at the sheet's 合计 row (raw.skipped_rows reason 'total'; the row below
-- the last school when not recorded).
with funding as (

    select county, year, payroll_yuan, training_spend_yuan, source_file, source_row, load_id
    from {{ ref('stg_funding__school_funding') }}

),

sheets as (

    select
        source_file,
        min(county) as county,
        min(year) as year,
        sum(training_spend_yuan) as training_spend_yuan,
        sum(payroll_yuan) as payroll_yuan,
        max(source_row) + 1 as row_below,
        min(load_id) as load_id
    from funding
    group by source_file

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        cast(null as {{ dbt.type_string() }}) as school_code,
        cast(null as {{ dbt.type_string() }}) as project_code,
        year,
        source_file,
        {{ skipped_row_of('sheets.source_file', 'total', 'sheets.row_below') }} as source_row,
        {{ dbt.concat(["'county training spend '",
                       "cast(round(100.0 * training_spend_yuan / payroll_yuan, 2) as " ~ dbt.type_string() ~ ")",
                       "'% of payroll < " ~ (policy('funding')['county_training_share_of_payroll'] * 100) ~ "%'"]) }} as detail,
        load_id
    from sheets
    where payroll_yuan > 0
        and training_spend_yuan < {{ policy('funding')['county_training_share_of_payroll'] }} * payroll_yuan

)

{{ dq_finding_select('findings', 'COUNTY_UNDER_1_5PCT', 'warn') }}
