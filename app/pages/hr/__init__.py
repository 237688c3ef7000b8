"""HR workspace pages (server-rendered, FR/EN, CSRF-protected forms) under ``/hr``."""
