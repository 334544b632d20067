{#-
  How a yearly mart (macros/partitions.sql) replaces the years a run rebuilds.
    DuckDB: strategy append after the pre-hook partition_delete deleted those years.
    Spark:  Parquet tables take no DELETE: the mart is partitioned by its year column and the
            strategy insert_overwrite replaces exactly the partitions (years) the run selects.
-#}
{% macro yearly_incremental_strategy() -%}
  {{ return(adapter.dispatch('yearly_incremental_strategy', 'teacher_training')()) }}
{%- endmacro %}

{% macro default__yearly_incremental_strategy() %}{{ return('append') }}{% endmacro %}

{% macro spark__yearly_incremental_strategy() %}{{ return('insert_overwrite') }}{% endmacro %}

{#- partition_by of a yearly mart: its year column on Spark, none where deletes do the job. -#}
{% macro yearly_partition_by(column) -%}
  {{ return(adapter.dispatch('yearly_partition_by', 'teacher_training')(column)) }}
{%- endmacro %}

{% macro default__yearly_partition_by(column) %}{{ return(none) }}{% endmacro %}

{% macro spark__yearly_partition_by(column) %}{{ return([column]) }}{% endmacro %}
