"""What an HR user may see: their organisation and, for managers, their teams."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.db.models import HRUser
from app.domain import HRRole
from app.errors import Forbidden
from app.i18n import N_
from app.scope import Scope


@dataclass(frozen=True, kw_only=True)
class HRScope(Scope):
    """The data boundary of one signed-in user: the ``Scope`` the queries take, and who.

    ``organisation_id`` is None for platform admins, who see no participant data.
    ``team_ids`` is None when every team of the organisation is visible (HR admins); for a
    manager it is the set of teams assigned to them and below them (possibly empty).
    """

    user_id: int
    role: HRRole

    @property
    def sees_participant_data(self) -> bool:
        return self.organisation_id is not None

    def require_organisation(self) -> int:
        """The organisation id, or Forbidden for a platform admin."""
        if self.organisation_id is None:
            raise Forbidden(N_("platform administrators see no participant data"))
        return self.organisation_id


def scope_for(db: Session, user: HRUser) -> HRScope:
    """A manager sees the teams assigned to them and every team below them in the tree."""
    role = HRRole(user.role)
    team_ids = None
    if role is HRRole.MANAGER and user.organisation_id is not None:
        assigned = hr_users.manager_team_ids(db, user.id)
        tree = hr_users.team_tree(db, user.organisation_id)
        team_ids = frozenset(with_descendants(assigned, tree))
    return HRScope(user.organisation_id, team_ids, user_id=user.id, role=role)


def with_descendants(roots: list[int], tree: list[tuple[int, int | None]]) -> set[int]:
    """``roots`` and every team whose chain of parents reaches one of them."""
    children: dict[int, list[int]] = {}
    for team_id, parent_id in tree:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(team_id)
    seen, stack = set(), list(roots)
    while stack:
        team_id = stack.pop()
        if team_id not in seen:
            seen.add(team_id)
            stack.extend(children.get(team_id, []))
    return seen
