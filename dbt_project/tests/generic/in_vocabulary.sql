{#- The column holds only the codes of one contract vocabulary (macros/vocabularies.sql, generated
    from ingest/profiles/_vocabularies.yaml); nulls pass. -#}
{% test in_vocabulary(model, column_name, of) %}
select {{ column_name }} as value, count(*) as n_rows
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} not in (
    {%- for code in vocabulary(of) %}{{ sql_string(code) }}{{ ", " if not loop.last }}{% endfor -%}
  )
group by {{ column_name }}
{% endtest %}
