"""Retention periods: purge what a campaign may no longer keep."""
