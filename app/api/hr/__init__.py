"""HR workspace JSON API under ``/api/v1/hr`` (cookie auth, see app.hr_auth)."""
