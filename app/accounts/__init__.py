"""HR accounts: sign-in, the session cookie, passwords, throttling, the caller's scope."""
