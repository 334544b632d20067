-- grain: one row per quarantined row whose reason codes include HOURS_NEGATIVE (a negative hours
-- cell; the ingest's pandera schema refuses it). Points at the quarantined row.
{{ dq_quarantine_rule() }}
