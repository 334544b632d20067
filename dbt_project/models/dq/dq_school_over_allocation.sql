-- grain: one row per project x plan year x school with a seat-allocation row (名额分配) whose
-- distinct enrolled teachers of that plan year (int_project_enrolments, school from
-- int_teachers) exceed the allocated seats. A code in two years' plans is two projects, each
-- against its own year's allocation. Points at the school's allocation row (the first when
-- repeated).
with allocations as (

    select
        seats.project_code,
        seats.school_code,
        seats.year,
        sum(seats.allocated_seats) as allocated_seats,
        min(seats.source_file) as source_file,
        min(seats.source_row) as source_row,
        min(seats.load_id) as load_id
    from {{ ref('stg_plan__seat_allocations') }} as seats
    where seats.school_code is not null
    group by seats.project_code, seats.school_code, seats.year

),

sent as (

    select
        enrolments.project_code,
        enrolments.plan_year,
        teachers.school_code,
        count(distinct enrolments.k_teacher) as n_sent
    from {{ ref('int_project_enrolments') }} as enrolments
    inner join {{ ref('int_teachers') }} as teachers
        on enrolments.k_teacher = teachers.k_teacher
    group by enrolments.project_code, enrolments.plan_year, teachers.school_code

),

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as k_teacher,
        allocations.school_code,
        allocations.project_code,
        allocations.year,
        allocations.source_file,
        allocations.source_row,
        {{ dbt.concat(["cast(sent.n_sent as " ~ dbt.type_string() ~ ")", "' sent, '",
                       "cast(allocations.allocated_seats as " ~ dbt.type_string() ~ ")", "' allocated'"]) }} as detail,
        allocations.load_id
    from allocations
    inner join sent
        on allocations.project_code = sent.project_code
        and allocations.year = sent.plan_year
        and allocations.school_code = sent.school_code
    where sent.n_sent > coalesce(allocations.allocated_seats, 0)

)

{{ dq_finding_select('findings') }}
