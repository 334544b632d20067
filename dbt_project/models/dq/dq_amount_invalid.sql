-- grain: one row per quarantined row whose reason codes include AMOUNT_INVALID (a money or count
-- cell, or a survey score, that is not a number or lies outside its bounds).
{{ dq_quarantine_rule() }}
