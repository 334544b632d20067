-- grain: one row per quarantined row whose reason codes include ID_EXCEL_DAMAGED (float / scientific / 000-ending ID).
{{ dq_quarantine_rule() }}
