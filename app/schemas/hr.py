"""HR workspace API shapes (``/api/v1/hr``), declared once."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.domain import CampaignState, HRRole, IndividualResults
from app.languages import AvailableLanguage, default_languages


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _FromOrm(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class LoginCreate(_Strict):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1000)


class HRUserRead(_FromOrm):
    id: int
    email: str
    role: HRRole
    organisation_id: int | None
    active: bool
    last_login_at: datetime | None = None


class SessionInfo(BaseModel):
    """The signed-in user and the CSRF token to send as ``X-CSRF-Token`` on unsafe requests."""

    user: HRUserRead
    csrf_token: str


# --- accounts -----------------------------------------------------------------------------


class OrganisationCreate(_Strict):
    name: str = Field(min_length=1, max_length=200)


class OrganisationRead(_FromOrm):
    id: int
    name: str


class HRUserCreate(_Strict):
    """A new account. ``organisation_id`` is for platform admins; HR admins create in theirs."""

    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    role: HRRole
    organisation_id: int | None = None


class HRUserUpdate(_Strict):
    """Enable/disable an account; for managers, the teams they see (replaces the list)."""

    active: bool | None = None
    team_ids: list[int] | None = None


class HRUserDetail(HRUserRead):
    team_ids: list[int] = Field(default_factory=list)


class ResetLinkRead(BaseModel):
    """A one-time link the admin hands over; shown once, only its hash is stored."""

    user_id: int
    reset_url: str
    expires_at: datetime


class HRUserCreated(BaseModel):
    user: HRUserRead
    reset_link: ResetLinkRead


class PasswordResetCreate(_Strict):
    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=12, max_length=1000)


# --- teams ---------------------------------------------------------------------------------


class TeamCreate(_Strict):
    name: str = Field(min_length=1, max_length=200)
    parent_id: int | None = None


class TeamRead(_FromOrm):
    id: int
    name: str
    parent_id: int | None


# --- campaigns -----------------------------------------------------------------------------


class CampaignPolicy(_Strict):
    """The privacy policy (DESIGN §6), fixed when the campaign opens."""

    individual_results: IndividualResults = IndividualResults.PSEUDONYMOUS
    min_group_size_questionnaire: int = Field(default=5, ge=3, le=1000)
    min_group_size_iat: int = Field(default=10, ge=3, le=1000)
    employee_feedback: bool = True
    open_link_counts_toward_minimum: bool = Field(
        default=False,
        description="whether completions through a team's open link count toward the minimum "
        "group sizes (anyone can use an open link: by default they cannot pad a team)",
    )
    retention_days: int = Field(default=365, ge=1, le=3650)
    controller: str = Field(default="", max_length=2000)
    dpo_contact: str = Field(default="", max_length=2000)
    purpose: str = Field(default="", max_length=2000)
    legal_basis: str = Field(default="", max_length=2000)
    recipients: str = Field(default="", max_length=2000)


class CampaignCreate(CampaignPolicy):
    name: str = Field(min_length=1, max_length=200)
    study: str | None = Field(default="default", description="built-in IAT study id, or null")
    questionnaire: str | None = Field(default="default", description="built-in item bank")
    languages: list[AvailableLanguage] = Field(default_factory=default_languages, min_length=1)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    team_ids: list[int] = Field(default_factory=list)


class CampaignUpdate(_Strict):
    """Only the fields sent change. Policy fields are refused once the campaign has opened."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    languages: list[AvailableLanguage] | None = Field(default=None, min_length=1)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    team_ids: list[int] | None = None
    individual_results: IndividualResults | None = None
    min_group_size_questionnaire: int | None = Field(default=None, ge=3, le=1000)
    min_group_size_iat: int | None = Field(default=None, ge=3, le=1000)
    employee_feedback: bool | None = None
    open_link_counts_toward_minimum: bool | None = None
    retention_days: int | None = Field(default=None, ge=1, le=3650)
    controller: str | None = Field(default=None, max_length=2000)
    dpo_contact: str | None = Field(default=None, max_length=2000)
    purpose: str | None = Field(default=None, max_length=2000)
    legal_basis: str | None = Field(default=None, max_length=2000)
    recipients: str | None = Field(default=None, max_length=2000)


POLICY_FIELDS = frozenset(CampaignPolicy.model_fields)


class CampaignCounts(BaseModel):
    """People in the campaign and how many finished; nothing on who declined or withdrew."""

    participants: int = 0
    completed: int = 0


class CampaignRead(_FromOrm):
    id: int
    name: str
    state: CampaignState
    study_id: int | None
    questionnaire_bank_id: int | None
    languages: list[str]
    opens_at: datetime | None
    closes_at: datetime | None
    policy_locked_at: datetime | None
    individual_results: IndividualResults
    min_group_size_questionnaire: int
    min_group_size_iat: int
    employee_feedback: bool
    open_link_counts_toward_minimum: bool
    retention_days: int
    controller: str
    dpo_contact: str
    purpose: str
    legal_basis: str
    recipients: str
    created_at: datetime


class CampaignDetail(BaseModel):
    campaign: CampaignRead
    team_ids: list[int]
    counts: CampaignCounts


# --- participants, import, invitations -----------------------------------------------------


class ImportRequest(_Strict):
    """A CSV with header ``code,team[,full_name][,email]``; ``confirm=false`` only previews."""

    csv: str = Field(max_length=5_000_000)
    confirm: bool = False


class ImportRow(BaseModel):
    line: int
    code: str
    team: str
    full_name: str | None = None
    email: str | None = None
    action: Literal["new", "update", "unchanged"]


class ImportLineError(BaseModel):
    line: int
    message: str


class ImportPreview(BaseModel):
    rows: list[ImportRow]
    errors: list[ImportLineError]
    written: bool = False

    @property
    def can_confirm(self) -> bool:
        return not self.errors and bool(self.rows)


class ParticipantRead(BaseModel):
    """One person of the roster. ``status`` is only finished / not finished: declining or
    withdrawing shows as not finished, so the roster does not tell who refused."""

    id: int
    code: str
    team_id: int
    team_name: str
    status: Literal["finished", "not_finished"]
    has_identity: bool


class MintRequest(_Strict):
    """Mint personal links for the people who have none yet (no options: minting never
    revokes a link already sent, and never gives one to someone who opened theirs)."""


class OpenLinkRead(BaseModel):
    team_id: int
    url: str


class ErasureRead(BaseModel):
    participant_id: int
    counts: dict[str, int]


# --- audit ---------------------------------------------------------------------------------


class AuditEventRead(_FromOrm):
    id: int
    created_at: datetime
    actor_kind: str
    actor_id: str | None
    action: str
    target_kind: str | None
    target_id: str | None
    row_count: int | None
