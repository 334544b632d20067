{#- The column holds only rule ids of the rule metas (macros/dq_rules.sql, generated from
    models/dq/*.yml), so a new rule needs no list edited here; nulls pass. -#}
{% test is_rule_id(model, column_name) %}
select {{ column_name }} as value, count(*) as n_rows
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} not in (
    {%- for rule_id in dq_rule_ids() %}{{ sql_string(rule_id) }}{{ ", " if not loop.last }}{% endfor -%}
  )
group by {{ column_name }}
{% endtest %}
