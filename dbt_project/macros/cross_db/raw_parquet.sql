{#-
  On Spark the dbt sources are the Parquet export of the raw layer (`python -m ingest
  export-parquet --warehouse W --out DIR`, one folder per table): this on-run-start hook registers
  each source table of schema raw (and the optional correction answers) as an external table
  `raw.<table> using parquet location '<TT_RAW_PARQUET_DIR>/<table>'`. DuckDB reads its own raw
  schema: nothing to do there.
-#}
{% macro register_raw_parquet() -%}
  {%- if execute and target.type == 'spark' -%}
    {%- set root = env_var('TT_RAW_PARQUET_DIR', '') -%}
    {%- if not root -%}
      {{ exceptions.raise_compiler_error(
          "the spark target reads the raw tables from Parquet: set TT_RAW_PARQUET_DIR to the folder "
          ~ "written by `python -m ingest export-parquet` (docs/spark.md)") }}
    {%- endif -%}
    {%- set tables = ['correction_responses'] -%}
    {%- for node in graph.sources.values() if node.schema == 'raw' -%}
      {%- do tables.append(node.identifier) -%}
    {%- endfor -%}
    {%- do run_query('create database if not exists raw') -%}
    {%- for table in tables | unique | sort -%}
      {%- do run_query('drop table if exists raw.' ~ table) -%}
      {%- do run_query('create table raw.' ~ table ~ ' using parquet location '
                       ~ sql_string(root.rstrip('/') ~ '/' ~ table)) -%}
    {%- endfor -%}
  {%- endif -%}
{%- endmacro %}
