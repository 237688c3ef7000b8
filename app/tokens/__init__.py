"""Research API tokens: issuing, revoking, authorising bearer requests."""
