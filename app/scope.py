"""The caller's reach, one value passed to every access-filtered query.

An HR admin reaches their organisation; a manager, the teams assigned to them (and below);
a research token, its organisation; a platform admin, no organisation's data. Each domain has
one statement of what a scope may read (``campaigns.repository.readable_campaigns``,
``organisations.teams_repository.readable_teams``,
``participants.repository.readable_participants``), the way polar's
``get_readable_statement(auth_subject)`` does: no query re-checks it its own way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """``organisation_id`` None: no organisation's data (platform admins). ``team_ids`` None:
    every team of the organisation; otherwise only what concerns these teams (a manager's,
    the teams below them included).

    The HR user's ``accounts.scope.HRScope`` and the research token's
    ``tokens.access.ResearchCaller`` are Scopes that also say who is calling; the server's
    operator and checks on another account's teams use a bare one."""

    organisation_id: int | None
    team_ids: frozenset[int] | None = None
