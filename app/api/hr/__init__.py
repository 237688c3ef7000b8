"""HR workspace JSON API under ``/api/v1/hr`` (cookie auth, see app.accounts.hr_auth)."""
