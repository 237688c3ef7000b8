"""Stored, versioned instruments (IAT studies, questionnaire banks)."""
