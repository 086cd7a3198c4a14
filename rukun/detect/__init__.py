"""Pattern detection: space-time scans, temporal detectors, escalation chains, hotspots."""
