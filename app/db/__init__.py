"""Database: ORM models, engine and session factory."""
