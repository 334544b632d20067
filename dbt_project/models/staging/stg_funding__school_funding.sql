-- grain: one row per funding-sheet row (school x year). Rename/cast only; rows of superseded loads are left out.
-- Money in 元 as decimal(18, 2) (exact sums, byte-identical builds).
with source as (

    select
        year,
        school_code,
        school_name,
        county,
        public_funds_budget_yuan,
        payroll_yuan,
        training_spend_yuan,
        spend_travel_yuan,
        spend_meals_yuan,
        spend_materials_yuan,
        spend_accommodation_yuan,
        spend_fees_yuan,
        unit_declared,
        source_file,
        source_sheet,
        source_row,
        load_id
    from {{ source('raw', 'school_funding') }}

),

typed as (

    select
        cast(source.year as integer) as year,
        cast(source.school_code as {{ dbt.type_string() }}) as school_code,
        cast(source.school_name as {{ dbt.type_string() }}) as school_name,
        cast(source.county as {{ dbt.type_string() }}) as county,
        cast(source.public_funds_budget_yuan as decimal(18, 2)) as public_funds_budget_yuan,
        cast(source.payroll_yuan as decimal(18, 2)) as payroll_yuan,
        cast(source.training_spend_yuan as decimal(18, 2)) as training_spend_yuan,
        cast(source.spend_travel_yuan as decimal(18, 2)) as spend_travel_yuan,
        cast(source.spend_meals_yuan as decimal(18, 2)) as spend_meals_yuan,
        cast(source.spend_materials_yuan as decimal(18, 2)) as spend_materials_yuan,
        cast(source.spend_accommodation_yuan as decimal(18, 2)) as spend_accommodation_yuan,
        cast(source.spend_fees_yuan as decimal(18, 2)) as spend_fees_yuan,
        cast(source.unit_declared as {{ dbt.type_string() }}) as unit_declared,
        {{ lineage_columns('source') }}
    from source
    where {{ not_superseded('source') }}

)

select * from typed
