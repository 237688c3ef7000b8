"""All queries live here."""
