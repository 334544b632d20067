-- grain: one row per quarantined row whose reason codes include ID_INVALID (bad checksum or birth date).
{{ dq_quarantine_rule() }}
