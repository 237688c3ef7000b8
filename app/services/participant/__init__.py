"""Participant use cases, authorised by the invitation token (DESIGN §3, §7)."""
