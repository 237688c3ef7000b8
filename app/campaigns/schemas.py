"""Campaign shapes of the HR and research APIs, declared once (the policy is shared)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from app.domain import CampaignState, IndividualResults
from app.inputs import FromOrm, RowIdField, StrictInput
from app.languages import AvailableLanguage, default_languages
from app.times import UtcDatetime


class _Strict(StrictInput):
    pass


# --- texts per language (see app/campaigns/texts.py) -----------------------------------------

GDPR_KEYS = ("controller", "dpo_contact", "purpose", "legal_basis", "recipients")
MAIL_KEYS = ("invitation_subject", "invitation_body", "reminder_subject", "reminder_body")
TEXT_KEYS = GDPR_KEYS + MAIL_KEYS

_Gdpr = Annotated[str, Field(max_length=2000)]
# A subject is one line: a line break in a mail header would let it add headers of its own.
_Subject = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\r\n]*$")]
_Body = Annotated[str, Field(max_length=10_000)]
_Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class LanguageTexts(StrictInput):
    """One language's texts; only these keys; a key left out (or empty) is not set."""

    controller: _Gdpr = ""
    dpo_contact: _Gdpr = ""
    purpose: _Gdpr = ""
    legal_basis: _Gdpr = ""
    recipients: _Gdpr = ""
    invitation_subject: _Subject = ""
    invitation_body: _Body = ""
    reminder_subject: _Subject = ""
    reminder_body: _Body = ""

    def sent(self) -> dict[str, str]:
        """The keys the request sent, stripped (an empty value clears the key)."""
        return {key: value.strip() for key, value in self.model_dump(exclude_unset=True).items()}


class GdprTexts(LanguageTexts):
    """A language's texts where every GDPR fact is required (research API creation)."""

    controller: _Required
    dpo_contact: _Required
    purpose: _Required
    legal_basis: _Required
    recipients: _Required


ReminderDays = Annotated[
    list[Annotated[int, Field(ge=1, le=365)]],
    Field(max_length=20, description="days after the invitation e-mail, e.g. [3, 7]"),
    AfterValidator(lambda days: sorted(set(days))),
]
TextsIn = dict[AvailableLanguage, LanguageTexts]
_TEXTS_DOC = (
    "per campaign language: GDPR facts shown to participants (controller, dpo_contact, "
    "purpose, legal_basis, recipients: all required before opening) and e-mail texts "
    "(invitation_subject, invitation_body, reminder_subject, reminder_body: empty = default)"
)


_PROGRAMME_DOC = (
    "the programme (`/api/v1/hr/programmes`) this campaign is a wave of: its teams are "
    "followed across the programme's waves"
)


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
    texts: TextsIn = Field(default_factory=dict, description=_TEXTS_DOC)
    reminder_days: ReminderDays = Field(default_factory=list)
    programme_id: RowIdField | None = Field(default=None, description=_PROGRAMME_DOC)


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
                    "languages": ["en"],
                    "texts": {
                        "en": {
                            "controller": "Démo SA, 1 rue de l'Exemple, Paris",
                            "dpo_contact": "dpo@demo.example",
                            "purpose": "Measure customer culture",
                            "legal_basis": "Legitimate interest (GDPR 6(1)(f))",
                            "recipients": "Research team",
                        }
                    },
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
    texts: dict[AvailableLanguage, GdprTexts] = Field(
        description="for each of `languages` (and only those), every GDPR fact: controller, "
        "dpo_contact, purpose, legal_basis, recipients; e-mail texts optional"
    )

    @model_validator(mode="after")
    def _texts_for_every_language(self) -> Self:
        if set(self.texts) != set(self.languages):
            raise ValueError("texts: give the GDPR texts of every language of `languages`")
        return self


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
    texts: TextsIn | None = Field(
        default=None,
        description=_TEXTS_DOC + "; only the keys sent change, an empty text clears its key; "
        "once open, a language's GDPR facts are locked",
    )
    reminder_days: ReminderDays | None = None
    programme_id: RowIdField | None = Field(
        default=None, description=_PROGRAMME_DOC + "; null takes the campaign out of it"
    )

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


_NULLABLE_UPDATES = frozenset({"opens_at", "closes_at", "team_ids", "programme_id"})
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
    texts: dict[str, dict[str, str]] = Field(
        description="per language, the texts set (a GDPR fact of a campaign made before texts "
        "were per language: its single text, in every language without one of its own)"
    )
    reminder_days: list[int]
    programme_id: int | None = None
    created_at: datetime


class CampaignDetail(BaseModel):
    campaign: CampaignRead
    team_ids: list[int]
    counts: CampaignCounts
