"""What a research row may say about its subject (README "Privacy" › "Research rows").

HR admins make research tokens and see the roster (who has finished), so under the
``pseudonymous`` policy a research row must not be joinable with the roster:

* rows are published when the campaign closes (409 before): two reads of an open campaign
  would pair the one new pseudonym with the person the roster shows finishing in between;
* a row carries its team only when at least the IAT minimum of the people in the same roster
  state (finished / not finished) carry that label, else the nearest parent team that reaches
  it, or none (``exports_pseudonymous.team_labels``, as in HR's pseudonymous export);
* no per-person time: HR can poll the roster and note when each person finished.

Under ``named``, HR's own export already carries names beside the same pseudonyms while the
campaign is open, so the rows are given as they are, as HR's named exports are.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.aggregates import repository as teams_repo
from app.aggregates.campaign import is_published
from app.aggregates.suppression import effective_minimum
from app.db.models import Campaign
from app.domain import IndividualResults
from app.errors import Conflict
from app.exports import research_repository as research_repo
from app.exports.pseudonymous import team_labels

Subject = tuple[str, int, bool]  # (export pseudonym, team id, finished)


def coarsened(campaign: Campaign) -> bool:
    """Whether the campaign's rows are coarsened (held back while open, teams, no times)."""
    return campaign.individual_results == IndividualResults.PSEUDONYMOUS


def released(campaign: Campaign) -> bool:
    return not coarsened(campaign) or is_published(campaign)


def require_released(campaign: Campaign) -> None:
    """Conflict while the rows of a pseudonymous campaign are not published yet."""
    if not released(campaign):
        raise Conflict(
            f"campaign {campaign.id} is open: its pseudonymous rows are published when the "
            "campaign closes (between two reads of an open campaign, the new pseudonyms would "
            "be the people the HR roster shows finishing)"
        )


def subject_teams(
    db: Session, campaign: Campaign, subjects: Sequence[Subject]
) -> dict[str, int | None]:
    """The team each subject's rows carry: its own under ``named``; otherwise the coarsened
    label, computed separately over the finished and the not finished people."""
    if not coarsened(campaign):
        return {subject: team for subject, team, _ in subjects}
    tree = [
        (t, str(t), parent)
        for t, _, parent in teams_repo.organisation_teams(db, campaign.organisation_id)
    ]
    minimum = effective_minimum(campaign.min_group_size_iat)
    found: dict[str, int | None] = {}
    for finished in (True, False):
        group = [(subject, team) for subject, team, done in subjects if done is finished]
        labels = team_labels([str(team) for _, team in group], tree, minimum)
        found |= {
            s: None if label is None else int(label)
            for (s, _), label in zip(group, labels, strict=True)
        }
    return found


def campaign_teams(db: Session, campaign: Campaign) -> dict[str, int | None]:
    """``subject_teams`` over every released session of the campaign."""
    return subject_teams(db, campaign, research_repo.released_subjects(db, campaign.id))
