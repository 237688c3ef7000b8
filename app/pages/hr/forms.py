"""HTML form fields → the API's pydantic models (one shape, validated once)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.campaigns.schemas import POLICY_FIELDS, CampaignCreate, CampaignUpdate
from app.errors import InvalidInput
from iat.catalogue import DEFAULT_STUDY_ID

_TEXT = ("name", "controller", "dpo_contact", "purpose", "legal_basis", "recipients")
_NUMBERS = ("min_group_size_questionnaire", "min_group_size_iat", "retention_days")


def _date(value: str | None) -> str | None:
    """``<input type=date>`` gives YYYY-MM-DD: midnight UTC that day."""
    return f"{value}T00:00:00Z" if value else None


def _fields(form: dict[str, str], lists: dict[str, list[str]]) -> dict[str, Any]:
    fields: dict[str, Any] = {key: form.get(key, "").strip() for key in _TEXT if key in form}
    fields |= {key: form[key] for key in _NUMBERS if form.get(key)}
    if form.get("individual_results"):
        fields["individual_results"] = form["individual_results"]
    fields["employee_feedback"] = form.get("employee_feedback") == "on"
    fields["open_link_counts_toward_minimum"] = form.get("open_link_counts_toward_minimum") == "on"
    fields["languages"] = lists.get("languages", [])
    fields["team_ids"] = lists.get("team_ids", [])
    fields["opens_at"], fields["closes_at"] = (
        _date(form.get("opens_at")),
        _date(form.get("closes_at")),
    )
    return fields


def _explain(exc: ValidationError) -> InvalidInput:
    parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]]
    return InvalidInput("; ".join(parts))


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
    try:
        return CampaignUpdate.model_validate(fields)
    except ValidationError as exc:
        raise _explain(exc) from exc
