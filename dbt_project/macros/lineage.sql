{#-
  Rows of a load that the manifest marks 'superseded' (a newer file replaced it) are left out of
  staging. Rows whose load is not in the manifest are kept (the manifest may lag the data).
-#}
{% macro not_superseded(alias) -%}
  not exists (
    select 1
    from {{ source('raw', 'load_manifest') }} as manifest
    where manifest.status = 'superseded'
      and manifest.load_id = {{ alias }}.load_id
      and manifest.source_file = {{ alias }}.source_file
  )
{%- endmacro %}

{% macro lineage_columns(alias) -%}
  cast({{ alias }}.source_file as {{ dbt.type_string() }}) as source_file,
  cast({{ alias }}.source_sheet as {{ dbt.type_string() }}) as source_sheet,
  cast({{ alias }}.source_row as integer) as source_row,
  cast({{ alias }}.load_id as {{ dbt.type_string() }}) as load_id
{%- endmacro %}
