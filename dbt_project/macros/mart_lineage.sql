{#-
  The lineage rows of one mart (mart_lineage): each row of `mart` (alias m) joined to the source
  rows it is built from (`sources`, alias s, joined `on`). mart_key is the mart's key values in
  the order of `key_columns`, joined by '|'; teacher marts (teacher=true) keep k_teacher in its
  own column. `role` is the source_role: a quoted literal, or a column of s.
-#}
{% macro lineage_rows(mart, key_columns, role, sources, on, teacher=false, where=none) -%}
    select
        '{{ mart }}' as mart_name,
        '{{ key_columns | join("|") }}' as key_columns,
        {% if teacher %}m.k_teacher{% else %}cast(null as {{ dbt.type_string() }}){% endif %} as k_teacher,
        {{ lineage_key(key_columns) }} as mart_key,
        {{ role }} as source_role,
        s.source_file,
        s.source_sheet,
        s.source_row,
        s.load_id
    from {{ ref(mart) }} as m
    inner join {{ sources }} as s
        on {{ on }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
{%- endmacro %}

{% macro lineage_key(key_columns) -%}
    {%- set parts = [] -%}
    {%- for column in key_columns -%}
        {%- if not loop.first %}{% do parts.append("'|'") %}{% endif -%}
        {%- do parts.append('cast(m.' ~ column ~ ' as ' ~ dbt.type_string() ~ ')') -%}
    {%- endfor -%}
    {%- if parts | length == 1 %}{{ parts[0] }}{% else %}{{ dbt.concat(parts) }}{% endif -%}
{%- endmacro %}

{#- A teacher mart's rows per teacher and `period` (cycle_start_year or school_year_start): its
    credit records' source rows, the teacher's roster row and the rows the dedup merged into its
    records (the CTEs <kind>_rows_by_<period> of mart_lineage: each source row once per period). -#}
{% macro teacher_credit_lineage(mart, period) -%}
    {{ lineage_rows(mart, [period], "'training_record'", 'credit_records_rows_by_' ~ period,
                    'm.k_teacher = s.k_teacher and m.' ~ period ~ ' = s.' ~ period, teacher=true) }}
    union all
    {{ lineage_rows(mart, [period], "'roster'", 'teachers', 'm.k_teacher = s.k_teacher', teacher=true) }}
    union all
    {{ lineage_rows(mart, [period], "'confirming_record'", 'confirmations_rows_by_' ~ period,
                    'm.k_teacher = s.k_teacher and m.' ~ period ~ ' = s.' ~ period, teacher=true) }}
{%- endmacro %}
