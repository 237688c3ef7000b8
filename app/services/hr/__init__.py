"""HR workspace use cases: accounts, sign-in, campaigns, teams, participants, rights, audit."""
