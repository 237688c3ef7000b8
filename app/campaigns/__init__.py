"""Campaigns: their queries, their use cases (create, edit, open, close) and their API shapes."""
