"""Campaign shapes of the HR and research APIs, declared once (the policy is shared)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.domain import CampaignState, IndividualResults
from app.inputs import FromOrm, RowIdField, StrictInput
from app.languages import AvailableLanguage, default_languages
from app.times import UtcDatetime


class _Strict(StrictInput):
    pass


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


class StudyChoice(BaseModel):
    """A built-in IAT study a campaign can use, titled in the reader's language."""

    id: str
    title: str


class CampaignCreate(CampaignPolicy):
    name: str = Field(min_length=1, max_length=200)
    study: str | None = Field(
        default="default",
        description="built-in IAT study id (`iat studies list`: default, self-concept), or null",
    )
    questionnaire: str | None = Field(default="default", description="built-in item bank")
    languages: list[AvailableLanguage] = Field(default_factory=default_languages, min_length=1)
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
    languages: list[AvailableLanguage] = Field(default_factory=default_languages, min_length=1)
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
    languages: list[AvailableLanguage] | None = Field(default=None, min_length=1)
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


class CampaignHeading(FromOrm):
    """What every reader of a campaign (HR, research API) is shown first: which campaign, its
    state, what it runs and in which languages."""

    id: int
    name: str
    state: CampaignState
    study_id: int | None
    questionnaire_bank_id: int | None
    languages: list[str]


class CampaignRead(CampaignHeading):
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
