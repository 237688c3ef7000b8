"""Fixed-window rate limits kept in the database: sign-in throttling and research tokens."""
