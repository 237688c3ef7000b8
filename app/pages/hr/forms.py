"""HTML form fields → the API's pydantic models (one shape, validated once), and back: the
values a campaign form shows (a campaign's, or what was just sent when it was refused).

A field's input is named as the API's field (``closes_at``, ``texts.fr.purpose``), so an
error names the field it belongs to and the page shows it there, in the page's language.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from app.campaigns.schemas import (
    GDPR_KEYS,
    POLICY_FIELDS,
    TEXT_KEYS,
    CampaignCreate,
    CampaignRead,
    CampaignUpdate,
)
from app.errors import FieldProblem, InvalidFields
from app.i18n import N_
from iat.catalogue import DEFAULT_STUDY_ID

_TEXT = ("name",)
_NUMBERS = ("min_group_size_questionnaire", "min_group_size_iat", "retention_days")
_CHECKS = ("employee_feedback", "open_link_counts_toward_minimum")
_DAYS = re.compile(r"[\s,;]+")
# pydantic's error types in words people read (their ``ctx`` fills the fields).
_WORDS = {
    "missing": N_("required"),
    "string_too_short": N_("required"),
    "string_too_long": N_("at most {max_length} characters"),
    "too_short": N_("choose at least one"),
    "too_long": N_("at most {max_length} values"),
    "greater_than_equal": N_("at least {ge}"),
    "less_than_equal": N_("at most {le}"),
    "int_parsing": N_("a whole number is expected"),
    "datetime_from_date_parsing": N_("a date is expected"),
    "datetime_parsing": N_("a date is expected"),
    "enum": N_("not one of the choices"),
    "literal_error": N_("not one of the choices"),
    "string_pattern_mismatch": N_("one line only"),
}


def _date(value: str | None) -> str | None:
    """``<input type=date>`` gives YYYY-MM-DD: midnight UTC that day."""
    return f"{value}T00:00:00Z" if value else None


def _typed_texts(form: dict[str, str]) -> dict[str, dict[str, str]]:
    """The ``texts.<lang>.<key>`` fields as typed."""
    found: dict[str, dict[str, str]] = {}
    for name, value in form.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "texts" and parts[2] in TEXT_KEYS:
            found.setdefault(parts[1], {})[parts[2]] = value
    return found


def _texts(form: dict[str, str], languages: list[str]) -> dict[str, dict[str, str]]:
    """The texts of the campaign's languages (a language unticked on the form has none)."""
    typed = _typed_texts(form).items()
    return {lang: {k: v.strip() for k, v in t.items()} for lang, t in typed if lang in languages}


def _reminder_days(text: str) -> list[str]:
    """ "3, 7" → ["3", "7"] (pydantic checks they are whole numbers of days)."""
    return [day for day in _DAYS.split(text.strip()) if day]


def _fields(form: dict[str, str], lists: dict[str, list[str]]) -> dict[str, Any]:
    fields: dict[str, Any] = {key: form.get(key, "").strip() for key in _TEXT if key in form}
    fields |= {key: form[key].strip() for key in _NUMBERS if form.get(key, "").strip()}
    if form.get("individual_results"):
        fields["individual_results"] = form["individual_results"]
    fields |= {key: form.get(key) == "on" for key in _CHECKS}
    fields["languages"] = lists.get("languages", [])
    fields["team_ids"] = lists.get("team_ids", [])
    fields["opens_at"] = _date(form.get("opens_at"))
    fields["closes_at"] = _date(form.get("closes_at"))
    fields["texts"] = _texts(form, fields["languages"])
    fields["reminder_days"] = _reminder_days(form.get("reminder_days", ""))
    if "programme_id" in form:  # the form offers it only when the organisation has programmes
        fields["programme_id"] = form["programme_id"].strip() or None
    return fields


def _problem(error: Any) -> FieldProblem:
    field = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
    words = _WORDS.get(error["type"], N_("this value is not valid"))
    return FieldProblem(field, words, dict(error.get("ctx") or {}))


def _explain(exc: ValidationError) -> InvalidFields:
    """pydantic's errors as field problems, in words the page translates."""
    return InvalidFields(*(_problem(error) for error in exc.errors()[:20]))


def campaign_create(form: dict[str, str], lists: dict[str, list[str]]) -> CampaignCreate:
    fields = _fields(form, lists)
    with_iat = form.get("with_iat") == "on"
    fields["study"] = (form.get("study") or DEFAULT_STUDY_ID) if with_iat else None
    fields["questionnaire"] = "default" if form.get("with_questionnaire") == "on" else None
    try:
        return CampaignCreate.model_validate(fields)
    except ValidationError as exc:
        raise _explain(exc) from exc


def campaign_update(
    form: dict[str, str], lists: dict[str, list[str]], policy_locked: bool
) -> CampaignUpdate:
    """The edit form sends every field; a locked policy's fields are left out."""
    fields = _fields(form, lists)
    if policy_locked:
        fields = {key: value for key, value in fields.items() if key not in POLICY_FIELDS}
        fields["texts"] = {
            lang: {k: v for k, v in texts.items() if k not in GDPR_KEYS}
            for lang, texts in fields["texts"].items()
        }
    try:
        return CampaignUpdate.model_validate(fields)
    except ValidationError as exc:
        raise _explain(exc) from exc


def new_values(languages: list[str]) -> dict[str, Any]:
    """An empty form: the defaults of a new campaign."""
    return {
        "languages": languages,
        "team_ids": [],
        "texts": {},
        "employee_feedback": True,
        "with_iat": True,
        "with_questionnaire": True,
    }


def campaign_values(campaign: CampaignRead, team_ids: list[int]) -> dict[str, Any]:
    """The edit form of a campaign: its values as the form's fields hold them."""
    values = campaign.model_dump()
    values["team_ids"] = team_ids
    for key in ("opens_at", "closes_at"):
        values[key] = values[key].strftime("%Y-%m-%d") if values[key] else ""
    values["reminder_days"] = ", ".join(str(day) for day in campaign.reminder_days)
    return values


def sent_values(form: dict[str, str], lists: dict[str, list[str]]) -> dict[str, Any]:
    """What was just sent, to show again as it was typed when the form is refused."""
    values: dict[str, Any] = dict(form)
    values["languages"] = lists.get("languages", [])
    values["team_ids"] = [int(t) for t in lists.get("team_ids", []) if t.isdigit()]
    programme = form.get("programme_id", "")
    values["programme_id"] = int(programme) if programme.isdigit() else None
    values["texts"] = _typed_texts(form)
    for key in (*_CHECKS, "with_iat", "with_questionnaire"):
        values[key] = form.get(key) == "on"
    return values


def edited_values(
    campaign: CampaignRead,
    team_ids: list[int],
    form: dict[str, str],
    lists: dict[str, list[str]],
    locked: bool,
) -> dict[str, Any]:
    """A refused edit: the campaign's values, overwritten by what was sent (a locked
    policy's fields are not sent: they keep the campaign's values)."""
    values = campaign_values(campaign, team_ids)
    sent = sent_values(form, lists)
    if locked:
        sent = {key: value for key, value in sent.items() if key not in POLICY_FIELDS}
    texts = {lang: dict(t) for lang, t in values["texts"].items()}
    for lang, typed in sent.pop("texts").items():
        texts.setdefault(lang, {}).update(typed)
    return values | sent | {"texts": texts}
