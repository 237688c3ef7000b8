"""The demo organisation (demo/test modes only)."""
