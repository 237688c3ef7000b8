"""The test run: consent, start, blocks and trials, finish, scoring and feedback."""
