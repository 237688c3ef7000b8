"""Organisations and their team tree."""
