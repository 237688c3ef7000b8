"""HR workspace API shapes (``/api/v1/hr``), declared once."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.domain import MAX_ROW_ID, CampaignState, HRRole, IndividualResults
from app.inputs import StrictInput
from app.times import UtcDatetime

LanguageCode = Literal["fr", "en"]
RowIdField = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


class _Strict(StrictInput):
    pass


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
    organisation_id: RowIdField | None = None


class HRUserUpdate(_Strict):
    """Enable/disable an account; for managers, the teams they see (replaces the list)."""

    active: bool | None = None
    team_ids: list[RowIdField] | None = None


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
    parent_id: RowIdField | None = None


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
    languages: list[LanguageCode] = Field(default=["fr", "en"], min_length=1)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    team_ids: list[RowIdField] = Field(default_factory=list)


class ResearchCampaignCreate(CampaignPolicy):
    """A new campaign of the token's organisation (research API): the HR form's policy, with
    the controller's information required and at least one team. ``open: true`` opens it at
    once and locks its privacy policy; otherwise it stays a draft (links answer 'not opened
    yet'). No ``named`` results: a token never reads identities."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Pilot 2027",
                    "study": "default",
                    "questionnaire": "default",
                    "team_ids": [1, 2],
                    "open": True,
                    "controller": "Démo SA, 1 rue de l'Exemple, Paris",
                    "dpo_contact": "dpo@demo.example",
                    "purpose": "Measure customer culture",
                    "legal_basis": "Legitimate interest (GDPR 6(1)(f))",
                    "recipients": "Research team",
                }
            ]
        },
    )
    name: str = Field(min_length=1, max_length=200)
    study: str | None = Field(
        default="default", max_length=100, description="Built-in study key; null: no IAT."
    )
    questionnaire: str | None = Field(
        default="default",
        max_length=100,
        description="Built-in questionnaire bank key; null: no questionnaire.",
    )
    team_ids: list[int] = Field(min_length=1, max_length=500)
    languages: list[LanguageCode] = Field(default=["fr", "en"], min_length=1)
    open: bool = False
    closes_at: UtcDatetime | None = None
    individual_results: Literal["none", "pseudonymous"] = "pseudonymous"  # type: ignore[assignment]
    controller: str = Field(min_length=1, max_length=2000)
    dpo_contact: str = Field(min_length=1, max_length=2000)
    purpose: str = Field(min_length=1, max_length=2000)
    legal_basis: str = Field(min_length=1, max_length=2000)
    recipients: str = Field(min_length=1, max_length=2000)


class CampaignUpdate(_Strict):
    """Only the fields sent change. Policy fields are refused once the campaign has opened."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    languages: list[LanguageCode] | None = Field(default=None, min_length=1)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    team_ids: list[RowIdField] | None = None
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

    @model_validator(mode="after")
    def _no_null_for_required_fields(self) -> Self:
        """A field left out stays as it is; ``null`` would erase a value every campaign needs
        (only the dates and the team list may be sent as null)."""
        nulled = sorted(
            name
            for name in self.model_fields_set - _NULLABLE_UPDATES
            if getattr(self, name) is None
        )
        if nulled:
            raise ValueError(f"{', '.join(nulled)}: may be left out but not null")
        return self


_NULLABLE_UPDATES = frozenset({"opens_at", "closes_at", "team_ids"})
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
