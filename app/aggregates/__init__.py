"""Team aggregates and the dashboard, suppressed server-side (DESIGN §6)."""
