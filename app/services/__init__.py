"""Use cases: one commit each."""
