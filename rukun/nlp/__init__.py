"""Report understanding: language, category, 3R, severity, redaction, near-duplicates."""
