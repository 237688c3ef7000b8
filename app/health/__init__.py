"""Liveness with a database round-trip."""
