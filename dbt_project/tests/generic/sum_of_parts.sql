{#- total = the sum of its parts on every row (nulls count as 0); `tolerance` for doubles. -#}
{% test sum_of_parts(model, column_name, parts, tolerance=0) %}
select *
from {{ model }}
where abs(
    coalesce({{ column_name }}, 0)
    - ({% for part in parts %}coalesce({{ part }}, 0){{ " + " if not loop.last }}{% endfor %})
) > {{ tolerance }}
{% endtest %}
