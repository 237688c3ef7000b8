"""Pydantic models of the API (XCreate / XRead)."""
