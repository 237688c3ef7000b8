"""Domain vocabularies shared by the database, services and API schemas (declared once)."""

from __future__ import annotations

from enum import StrEnum

# The IAT vocabulary is declared once, in iat/ (pure), and reused here.
from iat.vocabulary import BlockRole, Pairing, Side, Stage

__all__ = [
    "ActorKind",
    "ApiScope",
    "BlockRole",
    "CampaignState",
    "HRRole",
    "IndividualResults",
    "InputModality",
    "MailAudience",
    "MailKind",
    "MailState",
    "OnsetMethod",
    "OutcomeDirection",
    "Pairing",
    "ScoreKind",
    "SessionState",
    "Side",
    "Stage",
]


class SessionState(StrEnum):
    """A participant session's state machine (DESIGN §2)."""

    INVITED = "invited"
    CONSENTED = "consented"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class CampaignState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


class IndividualResults(StrEnum):
    """Who may see individual rows (DESIGN §6)."""

    NONE = "none"
    PSEUDONYMOUS = "pseudonymous"
    NAMED = "named"


class InputModality(StrEnum):
    KEYBOARD = "keyboard"
    TOUCH = "touch"
    NONE = "none"


class OnsetMethod(StrEnum):
    """How a stimulus onset was timed (DESIGN §4)."""

    PAINT = "paint"
    RAF_NOW = "rafNow"
    SIMULATED = "simulated"


class HRRole(StrEnum):
    HR_ADMIN = "hr_admin"
    MANAGER = "manager"
    PLATFORM_ADMIN = "platform_admin"


class ApiScope(StrEnum):
    SCORES_READ = "scores:read"
    TRIALS_READ = "trials:read"
    CAMPAIGNS_WRITE = "campaigns:write"
    OUTCOMES_WRITE = "outcomes:write"
    STUDIES_WRITE = "studies:write"


class OutcomeDirection(StrEnum):
    """Whether a larger value of a customer outcome is better (NPS, CSAT) or worse (churn)."""

    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"


class ScoreKind(StrEnum):
    IAT_D = "iat_d"
    QUESTIONNAIRE_SUBSCALE = "questionnaire_subscale"


class ActorKind(StrEnum):
    HR_USER = "hr_user"
    API_TOKEN = "api_token"
    PARTICIPANT = "participant"
    SYSTEM = "system"


# Row ids are INTEGER columns (32 bits on PostgreSQL): a larger id in a path or a body is
# refused (422) before it reaches a query, where it would overflow.
MAX_ROW_ID = 2**31 - 1


class MailKind(StrEnum):
    """What an e-mail is for."""

    INVITATION = "invitation"
    REMINDER = "reminder"
    TEST = "test"  # a message HR sends to themselves to check the texts


class MailAudience(StrEnum):
    """Who a mail-out goes to (``scheduled``: a ``reminder_days`` reminder; ``self``: a test)."""

    NOT_INVITED = "not_invited"
    NOT_COMPLETED = "not_completed"
    PARTICIPANT_IDS = "participant_ids"
    SCHEDULED = "scheduled"
    SELF = "self"


class MailState(StrEnum):
    """An outbox message's delivery state."""

    QUEUED = "queued"  # waiting (first try or a retry after ``next_attempt_at``)
    SENT = "sent"  # accepted by the relay
    FAILED = "failed"  # gave up after the retries (``last_error`` has the server's answer)
    BOUNCED = "bounced"  # the relay refused the address for good (5xx on RCPT)
