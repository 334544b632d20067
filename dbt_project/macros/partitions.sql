{#-
  Yearly partitions. The yearly marts are incremental models tagged `yearly`; the
  Dagster partition (orchestration/defs/partitions.py) arrives as
  --vars '{"partition_years": {"from": 2022, "to": 2024}}' (a partition's years and the rest of
  their cycle: later school years' credits depend on earlier ones). Each mart names the column that holds
  its year (school_year_start for the teacher credits, year for funding and participation).
    var unset (make run, an unpartitioned run): every year is deleted and rebuilt.
    var set:  only the partition's years are deleted (pre-hook) and inserted again.
  The delete runs in the model's transaction, so a failed build leaves the earlier rows.
-#}

{#- [from, to] of the partition's years, or none when the run is not partitioned. -#}
{% macro partition_years() -%}
  {%- set years = var('partition_years', none) -%}
  {%- if years is none or years == '' -%}
    {{ return(none) }}
  {%- endif -%}
  {%- if years is not mapping or years.get('from') is none or years.get('to') is none -%}
    {{ exceptions.raise_compiler_error(
        "var partition_years must be {\"from\": YYYY, \"to\": YYYY}, got " ~ years) }}
  {%- endif -%}
  {{ return([years['from'] | int, years['to'] | int]) }}
{%- endmacro %}

{#- `where <column> between from and to` in a partitioned run; nothing otherwise. -#}
{% macro partition_filter(column) -%}
  {%- set years = partition_years() -%}
  {%- if years is not none -%}
    where {{ column }} between {{ years[0] }} and {{ years[1] }}
  {%- endif -%}
{%- endmacro %}

{#- Pre-hook of a yearly mart: clears the years this run rebuilds (all of them when unpartitioned). -#}
{% macro partition_delete(column) -%}
  {%- if is_incremental() and yearly_incremental_strategy() == 'append' -%}
    delete from {{ this }} {{ partition_filter(column) }}
  {%- endif -%}
{%- endmacro %}
