{#- The column never exceeds `other` (an expression of the same row); rows with a null pass. -#}
{% test at_most(model, column_name, other) %}
select *
from {{ model }}
where {{ column_name }} > {{ other }}
{% endtest %}
