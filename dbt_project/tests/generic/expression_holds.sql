{#- A boolean expression over one row holds on every row where it is not null (a cross-column
    invariant such as "remaining = greatest(required - total, 0)"). -#}
{% test expression_holds(model, expression) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}
