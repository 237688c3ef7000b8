"""All ORM models; importing this package registers every table on ``Base.metadata``."""

from app.db.models.accounts import ApiToken, HRUser, ManagerTeam, PasswordReset
from app.db.models.aggregates import AggregateChange, CampaignAggregate, SessionHalves
from app.db.models.audit import AuditEvent
from app.db.models.campaigns import Campaign, CampaignTeam, Invitation, OpenLink
from app.db.models.hr_sessions import HRLoginSession
from app.db.models.instruments import QuestionnaireBank, Study, StudyImage
from app.db.models.limits import RateLimitBucket
from app.db.models.mail import Mailing, OutboxMessage
from app.db.models.organisations import Organisation, Participant, ParticipantIdentity, Team
from app.db.models.programmes import Programme, TeamOutcome
from app.db.models.responses import (
    BlockUpload,
    QuestionnaireAnswer,
    QuestionnairePageReceipt,
    Score,
    Trial,
)
from app.db.models.sessions import ParticipantSession

__all__ = [
    "AggregateChange",
    "ApiToken",
    "AuditEvent",
    "BlockUpload",
    "Campaign",
    "CampaignAggregate",
    "CampaignTeam",
    "HRLoginSession",
    "HRUser",
    "Invitation",
    "Mailing",
    "ManagerTeam",
    "OpenLink",
    "Organisation",
    "OutboxMessage",
    "Participant",
    "ParticipantIdentity",
    "ParticipantSession",
    "PasswordReset",
    "Programme",
    "QuestionnaireAnswer",
    "QuestionnaireBank",
    "QuestionnairePageReceipt",
    "RateLimitBucket",
    "Score",
    "SessionHalves",
    "Study",
    "StudyImage",
    "Team",
    "TeamOutcome",
    "Trial",
]

# Watches every flush for changes to the stored aggregates (imported last: it uses the models).
from app.db import aggregate_changes as _aggregate_changes  # noqa: F401
